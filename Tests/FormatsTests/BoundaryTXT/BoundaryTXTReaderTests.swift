import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// The 报批 boundary-coordinate TXT: sections, parcels, points and the structural defects.
struct BoundaryTXTReaderTests {
    func open(_ name: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        BoundaryTXTReader.open(fixture("boundary-txt/" + name), file: name)
    }

    func rows(_ layer: any Layer) -> [[String?]] {
        layer.records().compactMap { try? $0.get().values }
    }

    @Test func gbkFileIsIdentifiedByItsFirstSection() throws {
        let data = try #require(FileManager.default.contents(atPath: fixture("boundary-txt/bpzb-valid.txt")))
        #expect(BoundaryTXTReader.identify(data))
        #expect(!BoundaryTXTReader.identify(Data("<?xml version='1.0'?><a/>".utf8)))
    }

    @Test func validFileGivesThreeLayersAndNoFinding() throws {
        let (layers, findings) = open("bpzb-valid.txt")
        #expect(findings.isEmpty)
        #expect(layers.map(\.name) == ["属性描述", "地块坐标", "界址点"])
        let header = try #require(rows(layers[0]).first)
        #expect(layers[0].schema.fields.map(\.name).prefix(3) == ["格式版本号", "数据产生单位", "数据产生日期"])
        #expect(header[7] == "39")
        #expect(
            rows(layers[1]).map { [$0[0], $0[1], $0[2], $0[8]] } == [
                ["10", "0.6500", "1", "0.6500"], ["5", "0.2000", "2", "0.2000"],
            ])
        #expect(layers[2].recordCount == 15)
        #expect(layers[0].encoding?.used == "GB18030")
    }

    /// The sample's text with a 描述 item added to its first parcel line.
    func withDescriptionItem(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        if let first = lines.firstIndex(where: { $0.contains(",@") }) {
            lines[first] = lines[first].replacingOccurrences(of: ",@", with: ",临时描述,@")
        }
        return lines.joined(separator: "\n")
    }

    @Test func aLeadingProjectSectionIsAcceptedAndLeftOut() throws {
        // regional files open with [项目信息] (and some writers indent the headers)
        let data = try #require(FileManager.default.contents(atPath: fixture("boundary-txt/bpzb-valid.txt")))
        // and one writer adds a ninth item, 描述, before the @ of a parcel line
        let sample = BoundaryTXTReader.decode(data).text.replacingOccurrences(of: "[属性描述]", with: " [属性描述]")
        let text = "[项目信息]\r\n项目名称=某建设项目\r\n" + withDescriptionItem(sample)
        let path = NSTemporaryDirectory() + "stdcheck-project-" + UUID().uuidString + ".txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (layers, findings) = BoundaryTXTReader.open(path, file: "project.txt")
        // the regional section is reported as a warning at its line, and nothing else
        #expect(findings.map(\.defect) == [.boundarySectionRegional], "\(findings.map(\.defect.rawValue))")
        #expect(findings.first?.location.line == 1)
        #expect(FormatDefect.boundarySectionRegional.severity == .warning)
        #expect(layers.map(\.name) == ["属性描述", "地块坐标", "界址点"])
        #expect(layers[0].schema.fields.map(\.name).contains("项目名称") == false)
        #expect(layers[2].recordCount == 15)
        #expect(text.contains(",临时描述,@"))
        #expect(rows(layers[1]).map { $0[1] } == ["0.6500", "0.2000"])
    }

    @Test func theLayersOfOneFileAreADatasetOfTheirOwn() {
        // two coordinate files in one folder: each file's points belong with its own header
        let (layers, _) = open("bpzb-valid.txt")
        #expect(layers.map(\.dataset) == ["bpzb-valid.txt", "bpzb-valid.txt", "bpzb-valid.txt"])
    }

    @Test func holeIsSubtractedFromTheOuterRing() throws {
        let (layers, _) = open("bpzb-valid.txt")
        let first = try #require(try layers[1].records().first { _ in true }?.get())
        let geometry = try #require(first.geometry)
        #expect(geometry.partCount == 2)
        #expect(abs(geometry.planarArea - 6500) < 1e-6)
    }

    @Test func aPointOfNaNOrHugeCoordinatesIsAFindingAtItsLineAndIsNotUsed() throws {
        let valid = try #require(FileManager.default.contents(atPath: fixture("boundary-txt/bpzb-valid.txt")))
        var lines = valid.split(separator: 0x0A, omittingEmptySubsequences: false).map { Data($0) }
        // line 15 (J2 of the first parcel) gets a NaN easting, line 26 (J2 of the second) a northing of 1e400
        lines[14] = Data("J2,1,3537500.000,nan".utf8)
        lines[25] = Data("J2,1,1e400,39460350.000".utf8)
        let folder = try HostileFiles.folder("boundary-nan")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nan.txt"
        try Data(lines.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))
        let (layers, findings) = BoundaryTXTReader.open(path, file: "nan.txt")
        let invalid = findings.filter { $0.defect == .coordinateInvalid }
        #expect(invalid.map { "\($0.location)" } == ["nan.txt:15:1", "nan.txt:26:1"])
        #expect(invalid.map { $0.values["axis"] } == ["Y", "X"])
        // the parcels keep only finite points
        for record in layers[1].records().compactMap({ try? $0.get() }) {
            #expect(record.geometry?.xy.allSatisfy(\.isFinite) == true)
        }
    }

    @Test func manyMalformedLinesAreBoundedAndAnOversizedFileIsNotRead() throws {
        let folder = try HostileFiles.folder("boundary-large")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = "[属性描述]\n带号=39\n[地块坐标]\n" + String(repeating: "x\n", count: 5000)
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/many.txt"))
        let (_, findings) = BoundaryTXTReader.open(folder + "/many.txt", file: "many.txt")
        let malformed = findings.filter { $0.defect == .boundaryLineMalformed }
        #expect(malformed.count == 1001)
        #expect(malformed.last?.location.line == 1004)
        #expect(
            malformed.last?.values["reason"]
                == "4000 more malformed lines from here on, past the first 1000, not listed")
        // a sparse file past the size limit is refused before a byte is read
        let size = BoundaryTXTReader.sizeLimit + 1
        try HostileFiles.writeSparse(Data("[属性描述]\n".utf8), size: size, to: folder + "/large.txt")
        let (layers, refused) = BoundaryTXTReader.open(folder + "/large.txt", file: "large.txt")
        #expect(layers.isEmpty)
        #expect(refused.map(\.defect) == [.datasetUnreadable])
    }

    @Test func structuralDefectsAreLocatedByLine() {
        let (_, findings) = open("bpzb-defects.txt")
        #expect(
            findings.map { "\($0.defect.rawValue) \($0.location)" } == [
                "boundary-line-malformed bpzb-defects.txt:25:1",
                "boundary-point-count-mismatch bpzb-defects.txt:13:1",
                "boundary-point-number-repeated bpzb-defects.txt:16:1",
                "boundary-ring-not-closed bpzb-defects.txt:24:1",
            ])
    }

    /// Rings written without their closing point (a C# shp-to-txt writer does this; baopi-txt.md, and
    /// others-discrepancies.md #21: a variant to report, not reject): one warning per ring, the rings read
    /// as closed, so the parcels keep the areas of the sample that repeats J1.
    @Test func aRingWithoutItsClosingPointIsAWarningOfItsOwnAndReadClosed() throws {
        let (layers, findings) = open("bpzb-closing-point-omitted.txt")
        #expect(
            findings.map { "\($0.defect.rawValue) \($0.location)" } == [
                "boundary-ring-closing-point-omitted bpzb-closing-point-omitted.txt:17:1",
                "boundary-ring-closing-point-omitted bpzb-closing-point-omitted.txt:21:1",
                "boundary-ring-closing-point-omitted bpzb-closing-point-omitted.txt:26:1",
            ])
        #expect(findings.allSatisfy { $0.defect.severity == .warning })
        #expect(findings.first?.values == ["parcel": "1", "ring": "1", "first": "J1", "last": "J4"])
        let parcels = try #require(layers.first { $0.name == "地块坐标" })
        #expect(
            rows(parcels).map { [$0[0], $0[1], $0[8]] } == [["8", "0.6500", "0.6500"], ["4", "0.2000", "0.2000"]])
        // a ring that ends on J1 at other coordinates is still not closed, an error
        let (_, defects) = open("bpzb-defects.txt")
        #expect(defects.first { $0.defect == .boundaryRingNotClosed }?.defect.severity == .error)
    }
}
