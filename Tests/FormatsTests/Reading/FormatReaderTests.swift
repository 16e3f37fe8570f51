import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// `builtInReaders`: one list, sorted, each reader once with its own id; every reader's `identify`
/// says yes to its own format's files and no to every other format's; a pack naming a reader that
/// is not in the list does not load.
struct FormatReaderTests {
    /// One real file of each format: fixtures, and a GeoPackage made from the sample county with ogr2ogr.
    static let samples: [(reader: String, path: String)] = [
        ("boundary-txt", fixture("boundary-txt/bpzb-valid.txt")),
        ("csv", fixture("csv/tables/QSDW.csv")),
        ("dbf", fixture("sample-county/DLTB.dbf")),
        ("shapefile", fixture("sample-county/DLTB.shp")),
        ("shapefile", fixture("sample-county/DLTB.shx")),
        ("vct", fixture("vct/sample-county.vct")),
        ("vct", fixture("vct/tiny-2.0.vct")),
        ("xml", fixture("package/members/330106-draft.xml")),
    ]

    static let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func head(_ path: String) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 256)) ?? Data()
    }

    @Test func theListIsSortedAndHoldsEachReaderOnceUnderItsOwnID() {
        let ids = builtInReaders.map(\.id)
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        let types = builtInReaders.map { String(reflecting: type(of: $0)) }
        #expect(Set(types).count == types.count, "\(types)")
        #expect(!ids.contains(MemberDeclaration.notRead))
        for reader in builtInReaders {
            #expect(!reader.summary.isEmpty, "\(reader.id)")
            #expect(reader.id.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        }
        // the layers a reader opens carry its id as their format
        let opened = try? SubmissionReader.open(fixture("vct/tiny-2.0.vct"), hashing: false)
        #expect(opened?.layers.isEmpty == false)
        #expect(opened?.layers.allSatisfy { $0.format == "vct" } == true)
    }

    /// Each reader against every sample, under the sample's own name: yes for its format, no for the
    /// others. The shapefile reader also takes a `.dbf` (it reads a table alone), by design.
    @Test func everyReaderIdentifiesItsOwnFormatAndNoOther() throws {
        var samples = Self.samples
        var cleanup: String?
        if let ogr2ogr = Self.ogr2ogr {
            let folder = NSTemporaryDirectory() + "stdcheck-readers-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            cleanup = folder
            let run = try runProgram(
                ogr2ogr, ["-q", "-f", "GPKG", folder + "/DLTB.gpkg", fixture("sample-county/DLTB.shp")], timeout: 120)
            try #require(run.status == 0, "ogr2ogr: \(run.stderr)")
            samples.append(("gdal", folder + "/DLTB.gpkg"))
        } else {
            Issue.record("ogr2ogr (gdal-bin) is missing: the GDAL reader is checked against no GeoPackage")
        }
        defer { cleanup.map { try? FileManager.default.removeItem(atPath: $0) } }
        for (owner, path) in samples {
            try #require(FileManager.default.fileExists(atPath: path), "missing sample \(path)")
            let bytes = Self.head(path)
            let name = URL(fileURLWithPath: path).lastPathComponent
            for reader in builtInReaders {
                let expected = reader.id == owner || (reader.id == "shapefile" && owner == "dbf")
                #expect(
                    reader.identify(path: name, firstBytes: { bytes }) == expected,
                    "\(reader.id) on \(name) (a \(owner) file)")
            }
        }
        // the readers that look inside a file say no to every other format's bytes under their own extension
        for (owner, path) in samples {
            let bytes = Self.head(path)
            for (reader, name) in [("boundary-txt", "x.txt"), ("dbf", "x.dbf")] where owner != reader {
                let format = try #require(builtInReaders.first { $0.id == reader })
                #expect(!format.identify(path: name, firstBytes: { bytes }), "\(reader) on the bytes of \(path)")
            }
        }
        // a File Geodatabase is a folder, known by its name
        let gdal = try #require(builtInReaders.first { $0.id == "gdal" })
        #expect(gdal.folderExtensions == ["gdb"])
        #expect(gdal.identify(path: "三调.GDB/", firstBytes: { Data() }))
        #expect(builtInReaders.filter { $0.identify(path: "三调.GDB/", firstBytes: { Data() }) }.map(\.id) == ["gdal"])
    }

    /// Routing asks the list: each sample, alone in a folder, is read by its own reader (a `.dbf`
    /// alone by the shapefile reader, which reads tables alone; `reader: dbf` only when declared).
    @Test func routingWithoutADeclarationPicksTheReaderThatIdentifiesTheMember() throws {
        for (owner, path) in Self.samples where !path.hasSuffix(".shx") {
            let name = URL(fileURLWithPath: path).lastPathComponent
            let root = URL(fileURLWithPath: path).deletingLastPathComponent().path
            let routing = MemberRouting(paths: [name], root: root, members: [])
            #expect(routing.routes.map(\.reader.id) == [owner == "dbf" ? "shapefile" : owner], "\(name)")
        }
        // a text file that is no coordinate file is listed only
        let notes = MemberRouting(paths: ["README.txt"], root: fixture("package/members"), members: [])
        #expect(notes.routes.isEmpty)
    }

    /// A pack's `reader:` is a string checked against the list when the pack loads: an unknown one is
    /// an error at its place naming every known reader.
    @Test func aPackNamingAnUnknownReaderDoesNotLoad() throws {
        let rules = NSTemporaryDirectory() + "stdcheck-readers-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try FileManager.default.createDirectory(atPath: rules + "/members/1", withIntermediateDirectories: true)
        let pack = try String(contentsOfFile: fixture("packs/members/1/pack.yaml"), encoding: .utf8)
        try pack.replacingOccurrences(
            of: "reader: boundary-txt}\n  - {path: \"**", with: "reader: boundary-text}\n  - {path: \"**"
        )
        .write(toFile: rules + "/members/1/pack.yaml", atomically: true, encoding: .utf8)
        let path = RulesSearchPath(directories: [rules]).checkingReaders()
        #expect(path.readers == ["boundary-txt", "csv", "dbf", "gdal", "shapefile", "vct", "xml", "none"])
        #expect(throws: RulePackError.self) { try RulePackLoader.load("members@1", searchPath: path) }
        do {
            _ = try RulePackLoader.load("members@1", searchPath: path)
        } catch {
            let text = "\(error)"
            #expect(text.contains("pack.yaml:11:"), "\(text)")
            #expect(text.contains("boundary-text"), "\(text)")
            #expect(text.contains("boundary-txt, csv, dbf, gdal, none, shapefile, vct, xml"), "\(text)")
        }
        // the fixture pack that names `xsd`: RuleEngine alone takes any well-formed id, the reader list refuses it
        let packs = fixture("packs")
        #expect(
            try RulePackLoader.load("badreader@1", rulesDirectory: packs).members.map(\.reader) == [
                "boundary-txt", "xsd",
            ])
        let refused = #expect(throws: RulePackError.self) {
            try RulePackLoader.load("badreader@1", searchPath: RulesSearchPath(directories: [packs]).checkingReaders())
        }
        #expect(
            refused?.description
                == packs
                + "/badreader/1/pack.yaml:7:29: error: 'xsd' is not a valid value for 'reader'; expected boundary-txt, csv, dbf, gdal, none, shapefile, vct, xml"
        )
        // the known ones load, as before
        let known = try RulePackLoader.load(
            "members@1", searchPath: RulesSearchPath(directories: [fixture("packs")]).checkingReaders())
        #expect(known.members.map(\.reader) == ["none", "boundary-txt", "boundary-txt"])
    }

    /// The CLI loads packs with the list: `rules lint` on such a pack fails and names the readers.
    @Test func theCommandLineRefusesAnUnknownReader() throws {
        let rules = NSTemporaryDirectory() + "stdcheck-readers-cli-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: rules) }
        try FileManager.default.createDirectory(atPath: rules + "/members/1", withIntermediateDirectories: true)
        let pack = try String(contentsOfFile: fixture("packs/members/1/pack.yaml"), encoding: .utf8)
        try pack.replacingOccurrences(of: "reader: none}", with: "reader: pdf}")
            .write(toFile: rules + "/members/1/pack.yaml", atomically: true, encoding: .utf8)
        let run = try runStdcheck([
            "check", fixture("package/members"), "--rules-dir", rules, "--standard", "members@1",
        ])
        #expect(run.status == 2, "\(run.stdout)\(run.stderr)")
        #expect(run.stderr.contains("pdf"), "\(run.stderr)")
        #expect(run.stderr.contains("boundary-txt, csv, dbf, gdal, none, shapefile, vct, xml"), "\(run.stderr)")
    }
}
