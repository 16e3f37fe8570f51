import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// The GDAL reader on files built here: what it does with a database GDAL cannot open, a Personal
/// Geodatabase without the ODBC driver, and which members it is routed. Real databases (made with
/// ogr2ogr) are read in StdCheckTests/FormatInvarianceTests.
struct GDALReaderTests {
    static func folder(_ files: [String: Data]) throws -> String {
        let root = NSTemporaryDirectory() + "stdcheck-gdal-" + UUID().uuidString
        for (path, data) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        return root
    }

    /// True when unixODBC lists the MDB Tools driver (`odbc-mdbtools`).
    static let mdbDriverInstalled: Bool = {
        let text = (try? String(contentsOfFile: "/etc/odbcinst.ini", encoding: .utf8)) ?? ""
        return text.localizedCaseInsensitiveContains("mdb")
    }()

    @Test func aGeoPackageGDALCannotOpenIsUnreadableAtItsFile() throws {
        let root = try Self.folder(["DLTB.gpkg": Data("SQLite format 3\u{0}".utf8) + Data(count: 200)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (layers, findings) = GDALReader.open(path: root + "/DLTB.gpkg", file: "DLTB.gpkg")
        #expect(layers.isEmpty)
        #expect(findings.map(\.defect) == [.datasetUnreadable])
        #expect(findings.first?.location == Location(file: "DLTB.gpkg"))
        #expect(findings.first?.values["reason"]?.contains("GPKG") == true)
    }

    @Test(.enabled(if: !mdbDriverInstalled, "odbc-mdbtools is installed: the .mdb is read, not refused"))
    func aPersonalGeodatabaseWithoutTheODBCDriverNamesThePackages() throws {
        var jet = Data([0, 1, 0, 0]) + Data("Standard Jet DB".utf8) + Data(count: 2048)
        jet[19] = 0
        let root = try Self.folder(["DLTB.mdb": jet])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(GDALReader.identify(path: "DLTB.mdb", firstBytes: jet))
        let (layers, findings) = GDALReader.open(path: root + "/DLTB.mdb", file: "DLTB.mdb")
        #expect(layers.isEmpty)
        #expect(findings.map(\.defect) == [.memberFormatUnsupported])
        #expect(findings.first?.values["format"]?.contains("odbc-mdbtools") == true, "\(findings)")
    }

    @Test func aGeodatabaseIsOneMemberWhetherWalkedOrExtracted() {
        #expect(MemberRouting.geodatabase(holding: "a.zip!/三调.GDB/a00000001.gdbtable") == "a.zip!/三调.GDB/")
        #expect(MemberRouting.geodatabase(holding: "sub/x.gdb/gdb") == "sub/x.gdb/")
        #expect(MemberRouting.geodatabase(holding: "sub/x.gdb") == nil)
        let routing = MemberRouting(
            paths: ["d.zip!/x.gdb/a00000001.gdbtable", "d.zip!/x.gdb/gdb", "DLTB.gpkg", "old.mdb", "notes.txt"],
            folderMembers: ["walked.gdb/"], root: "/nonexistent", members: [])
        #expect(routing.members(readBy: "gdal") == ["DLTB.gpkg", "d.zip!/x.gdb/", "old.mdb", "walked.gdb/"])
        #expect(routing.routes.map(\.reader.id) == ["gdal", "gdal", "gdal", "gdal"])
    }

    @Test func aDeclarationRoutesAGeodatabaseToNoReader() {
        let none = MemberDeclaration(
            path: "*.gdb/", reader: MemberDeclaration.notRead, declaredAt: Location(file: "pack.yaml"))
        let routing = MemberRouting(
            paths: ["x.gdb/gdb"], folderMembers: [], root: "/nonexistent", members: [none])
        #expect(routing.members(readBy: "gdal").isEmpty)
    }
}

/// Shapes read back by record through `OGR_L_GetFeature` on a real GeoPackage whose feature ids have
/// gaps: each is the shape the pass gave that record.
struct GDALShapeReaderTests {
    static let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: ogr2ogr != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
    func shapesReadByRecordAreThePassesShapesDespiteGapsInTheFeatureIDs() throws {
        let ogr2ogr = try #require(Self.ogr2ogr, "ogr2ogr (gdal-bin) is missing")
        let folder = NSTemporaryDirectory() + "stdcheck-gdal-shapes-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let gpkg = folder + "/DLTB.gpkg"
        let made = try runProgram(
            ogr2ogr, ["-q", "-f", "GPKG", gpkg, fixture("sample-county/DLTB.shp"), "-nln", "DLTB"], timeout: 120)
        try #require(made.status == 0, "ogr2ogr: \(made.stderr)")
        // ids 2, 3 and 50 gone: record n is no longer feature n
        let ogrinfo = URL(fileURLWithPath: ogr2ogr).deletingLastPathComponent().appendingPathComponent("ogrinfo").path
        let deleted = try runProgram(ogrinfo, [gpkg, "-q", "-sql", "DELETE FROM DLTB WHERE fid IN (2, 3, 50)"])
        try #require(deleted.status == 0, "ogrinfo: \(deleted.stderr)")

        let (layers, findings) = GDALReader.open(path: gpkg, file: "DLTB.gpkg")
        #expect(findings.isEmpty, "\(findings)")
        let layer = try #require(layers.first)
        var shapes: [Geometry?] = []
        for case .success(let record) in layer.records() { shapes.append(record.geometry) }
        #expect(shapes.count == 300)
        #expect(shapes.filter { $0 != nil }.count > 250)
        var reader = layer.shapeReader()
        #expect(reader is GDALShapeReader)
        for (index, shape) in shapes.enumerated() {
            let again = reader.shape(record: index + 1)
            #expect(again == shape, "record \(index + 1)")
        }
        let outside = [reader.shape(record: 0), reader.shape(record: shapes.count + 1)]
        #expect(outside == [nil, nil])
        #expect(layer.readingNotes["curveLinearisation"] == "curves linearised, one vertex every 4° of arc")
    }
}
