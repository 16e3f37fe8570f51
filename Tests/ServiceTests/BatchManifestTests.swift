import Foundation
import Service
import TestSupport
import Testing

/// The batch manifest CSV and the data roots a manifest's paths must stay inside.
@Suite struct BatchManifestTests {
    @Test func parsesWithAndWithoutBOMInAnyColumnOrder() throws {
        let text =
            "region,id,path,standard,base\r\n"
            + "330106,\"西湖区, 2020\",deliveries/330106,gtdc@2020,\r\n"
            + "330108,滨江区,\"deliveries/330108 \"\"new\"\"\",gtdcbg@2021,deliveries/330108-2020\r\n\r\n"
        for data in [Data(text.utf8), Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)] {
            let manifest = try BatchManifest.parse(data)
            #expect(manifest.rows.count == 2)
            #expect(manifest.rows[0].id == "西湖区, 2020")
            #expect(manifest.rows[0].region == "330106")
            #expect(manifest.rows[0].base == nil)
            #expect(manifest.rows[0].line == 2)
            #expect(manifest.rows[1].path == "deliveries/330108 \"new\"")
            #expect(manifest.rows[1].base == "deliveries/330108-2020")
            #expect(manifest.rows[1].standard == "gtdcbg@2021")
            #expect(manifest.rows[1].line == 3)
        }
    }

    @Test func refusesTheWholeManifestNamingEveryBadRow() throws {
        let text = """
            id,path,standard,region
            a,one,gtdc@2020,330106
            b,,gtdc@2020,33010
            a,two,gtdc@2020,330108
            c,three,gtdc@2020
            d,"multi
              line",gtdc@2020,33010x
            """
        guard case .failure(let refusal) = BatchManifest.read(Data(text.utf8)) else {
            Issue.record("a manifest with bad rows was accepted")
            return
        }
        let named = refusal.problems.map { "\($0.line):\($0.column ?? "-")" }
        #expect(named == ["3:path", "3:region", "4:id", "5:-", "6:region"], "\(refusal.problems)")
        #expect(refusal.message.contains("line 4, id: the id 'a' is already on line 2"))
    }

    @Test func refusesBadHeadersAndEmptyManifests() {
        for (text, expected) in [
            ("", "the manifest is empty"),
            ("id,path,standard,region\n", "the manifest has no rows"),
            ("id,path,region\nx,y,330106\n", "the header has no 'standard' column"),
            ("id,path,standard,region,county\n", "unknown column 'county'"),
        ] {
            guard case .failure(let refusal) = BatchManifest.read(Data(text.utf8)) else {
                Issue.record("'\(text)' was accepted")
                continue
            }
            #expect(refusal.message.contains(expected), "\(refusal.message)")
        }
        #expect(throws: BatchManifest.Refusal.self) { try BatchManifest.parse(Data([0xFF, 0xFE, 0x41])) }
    }

    @Test func pathsStayInsideTheDataRoots() throws {
        let folder = try HostileFiles.folder("roots")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = FileManager.default
        let root = folder + "/shared"
        let outside = folder + "/secret"
        try files.createDirectory(atPath: root + "/deliveries/330106", withIntermediateDirectories: true)
        try files.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: outside + "/passwd"))
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/deliveries/330106/DLTB.shp"))
        // a link inside that leads out, and one inside that stays inside
        try files.createSymbolicLink(atPath: root + "/escape", withDestinationPath: outside)
        try files.createSymbolicLink(atPath: root + "/alias", withDestinationPath: root + "/deliveries")
        let roots = DataRoots([URL(fileURLWithPath: root)])
        let real = try #require(roots.roots.first)

        #expect(try roots.resolve("deliveries/330106") == real + "/deliveries/330106")
        #expect(try roots.resolve(root + "/deliveries/330106/DLTB.shp") == real + "/deliveries/330106/DLTB.shp")
        #expect(try roots.resolve("alias/330106") == real + "/deliveries/330106")
        for path in [
            "../secret/passwd", "deliveries/../../secret/passwd", outside + "/passwd", "escape/passwd", "escape",
            "/etc/passwd", root + "/../secret/passwd",
        ] {
            #expect(throws: DataRoots.Refusal.outside(path), "\(path)") { try roots.resolve(path) }
        }
        #expect(throws: DataRoots.Refusal.missing("deliveries/999999")) { try roots.resolve("deliveries/999999") }
        #expect(throws: DataRoots.Refusal.noRoots) { try DataRoots([]).resolve("deliveries/330106") }
    }
}
