import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// A pack's `members:` decides which reader reads a member; without an entry, the extension does.
struct MemberRoutingTests {
    /// The entries of fixtures/packs/members/1/pack.yaml.
    static let declared: [MemberDeclaration] = {
        do {
            return try RulePackLoader.load("members@1", rulesDirectory: packageRoot + "/fixtures/packs").members
        } catch {
            preconditionFailure("the fixture pack must load: \(error)")
        }
    }()

    func open(_ folder: String, _ members: [MemberDeclaration]) throws -> Submission {
        try SubmissionReader.open(fixture(folder), displayPath: folder, members: members)
    }

    func findings(_ submission: Submission) -> [String] {
        submission.findings.map { "\($0.defect.rawValue) \($0.location)" }.sorted()
    }

    func layers(_ submission: Submission) -> [String] {
        submission.layers.map { "\($0.name) \($0.file) \($0.format)" }
    }

    static func entry(_ path: String, _ reader: String) -> MemberDeclaration {
        MemberDeclaration(path: path, reader: reader, declaredAt: Location(file: "pack.yaml"))
    }

    @Test func withoutADeclarationTheExtensionAndTheFirstLineDecide() throws {
        let submission = try open("package/members", [])
        #expect(layers(submission).isEmpty)
        #expect(findings(submission) == ["xml-not-well-formed 330106-draft.xml:4:9"])
        #expect(submission.documents == ["330106-draft.xml"])
        #expect(submission.files.count == 3)
    }

    @Test func aDeclaredCoordinateFileIsParsedWhateverItsNameAndItsFirstLine() throws {
        let submission = try open("package/members", Self.declared)
        #expect(
            layers(submission) == [
                "地块坐标 330106-bp.dat boundary-txt", "属性描述 330106-bp.dat boundary-txt",
                "界址点 330106-bp.dat boundary-txt",
            ])
        // the note is no coordinate file: the reader's own findings say so, with the place; no layer
        #expect(
            findings(submission) == [
                "boundary-line-malformed 330106-notes.txt:1:1", "boundary-section-missing 330106-notes.txt",
                "boundary-section-missing 330106-notes.txt",
            ])
        let line = try #require(submission.findings.first { $0.defect == .boundaryLineMalformed })
        #expect(line.values["reason"] == "1 line before the first section; a coordinate file opens with [属性描述]")
    }

    @Test func anXMLMemberDeclaredNoneIsListedButNeitherParsedNorADocument() throws {
        let submission = try open("package/members", Self.declared)
        #expect(!findings(submission).contains { $0.hasPrefix("xml-") })
        #expect(submission.documents == [])
        #expect(submission.files.map(\.path).contains("330106-draft.xml"))
    }

    @Test func theFirstMatchingEntryDecides() throws {
        let xmlFirst = try open("package/members", [Self.entry("*.xml", "xml"), Self.entry("*draft*", "none")])
        #expect(findings(xmlFirst) == ["xml-not-well-formed 330106-draft.xml:4:9"])
        let noneFirst = try open("package/members", [Self.entry("*draft*", "none"), Self.entry("*.xml", "xml")])
        #expect(findings(noneFirst).isEmpty)
    }

    @Test func anArchiveMemberIsMatchedOnItsPathInTheArchive() throws {
        let submission = try open("package/330106-two-files.zip", [Self.entry("*-2.txt", "none")])
        #expect(Set(submission.layers.map(\.file)) == ["330106-two-files.zip!/330106-bp-1.txt"])
    }

    @Test func theEntryOfAShapefilesMainFileDecidesForItsParts() throws {
        // the .dbf beside a .shp is part of the shapefile, whatever entry it matches itself
        let shapefile = try open("geometry/overlap-pair", [Self.entry("*.dbf", "dbf")])
        #expect(layers(shapefile) == ["DLTB DLTB.shp shapefile"])
        #expect(shapefile.layers.first?.schema.geometryType == "Polygon")
        let unread = try open("geometry/overlap-pair", [Self.entry("*.shp", "none"), Self.entry("*.dbf", "dbf")])
        #expect(layers(unread).isEmpty)
        #expect(findings(unread).isEmpty)
        #expect(unread.files.count == 5)
    }

    @Test func aMemberTheDeclaredReaderCannotReadIsAFindingAtItsFile() throws {
        let submission = try open("geometry/overlap-pair", [Self.entry("*.shp", "dbf")])
        #expect(layers(submission).isEmpty)
        #expect(findings(submission) == ["dataset-unreadable DLTB.shp:DLTB"])
    }
}
