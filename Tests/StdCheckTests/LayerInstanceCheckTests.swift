import Foundation
import TestSupport
import Testing

/// One layer name in several files: two coordinate files in a package, a DLTB in each of two folders.
/// Every instance is checked, and its findings are located in its own file.
struct LayerInstanceCheckTests {
    static let twoFiles = ["check", "fixtures/package/330106-two-files.zip", "--standard", "bpbp@2012"]

    func report(_ arguments: [String]) throws -> [String: Any] {
        let run = try runStdcheck(arguments + ["--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// `rule file:LAYER#record` or `rule file:line (key)` for each finding of `rules` (all when nil).
    func places(_ report: [String: Any], rules: Set<String>? = nil) -> [String] {
        let findings = report["findings"] as? [[String: Any]] ?? []
        return findings.compactMap { finding in
            let rule = finding["rule"] as? String ?? ""
            guard rules?.contains(rule) ?? true else { return nil }
            let location = finding["location"] as? [String: Any] ?? [:]
            var place = location["file"] as? String ?? ""
            if let layer = location["layer"] as? String { place += ":\(layer)" }
            if let record = location["record"] as? Int { place += "#\(record)" }
            if let line = location["line"] as? Int { place += ":\(line)" }
            if let key = finding["key"] as? [String: String], key["field"] == "file" { place += " (\(key["value"]!))" }
            return "\(rule) \(place)"
        }
    }

    @Test func twoCoordinateFilesMatchTheGoldenReport() throws {
        let run = try runStdcheck(Self.twoFiles)
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "package-330106-two-files.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func theSecondFileIsCheckedAgainstItsOwnHeaderAndTheMetadata() throws {
        let zip = "330106-two-files.zip!/"
        #expect(
            places(try report(Self.twoFiles)) == [
                "DKMJ-differs-from-computed-area \(zip)330106-bp-2.txt:地块坐标#2",
                "Y-zone-differs-from-DH \(zip)330106-bp-2.txt:界址点#7",
                "metadata-CRS-differs-from-DH \(zip)330106-metadata.xml:26 (\(zip)330106-bp-2.txt)",
                "metadata-extent-excludes-data \(zip)330106-metadata.xml:50 (\(zip)330106-bp-2.txt)",
            ])
    }

    @Test func everyInstanceIsInTheLayersSectionWithItsOwnExtent() throws {
        let layers = try #require(try report(Self.twoFiles)["layers"] as? [[String: Any]])
        let zip = "330106-two-files.zip!/"
        #expect(
            layers.map { "\($0["name"] as? String ?? "") \($0["file"] as? String ?? "")" } == [
                "地块坐标 \(zip)330106-bp-1.txt", "地块坐标 \(zip)330106-bp-2.txt",
                "属性描述 \(zip)330106-bp-1.txt", "属性描述 \(zip)330106-bp-2.txt",
                "界址点 \(zip)330106-bp-1.txt", "界址点 \(zip)330106-bp-2.txt",
            ])
        #expect(layers[0]["extent"] as? [Double] == [39_460_300, 3_537_360, 39_460_400, 3_537_500])
        #expect(layers[1]["extent"] as? [Double] == [39_460_350, 3_537_260, 40_460_350, 3_537_400])
        #expect(layers.map { ($0["crs"] as? [String: Any])?["epsg"] as? Int } == [4527, 4528, 4527, 4528, 4527, 4528])
    }

    @Test func aLayerNameInTwoFoldersIsCheckedInEachAgainstItsOwnFolder() throws {
        let report = try report(["check", "fixtures/subfolders", "--standard", "gtdc@2020"])
        #expect(
            places(
                report, rules: ["DLTB.outside-its-village", "DLTB.parcels-overlap", "DLTB.DLBM.field-width-mismatch"])
                == [
                    "DLTB.DLBM.field-width-mismatch a/DLTB.shp:DLTB",
                    "DLTB.outside-its-village a/DLTB.shp:DLTB#2",
                    "DLTB.DLBM.field-width-mismatch b/DLTB.shp:DLTB",
                    "DLTB.parcels-overlap b/DLTB.shp:DLTB#1",
                ])
        let rules = try #require(report["rules"] as? [[String: Any]])
        // b/ has no CJDCQ: the containment rule applies to a/ only, and is judged there
        let village = rules.first { $0["id"] as? String == "DLTB.outside-its-village" }
        #expect(village?["status"] as? String == "failed")
        #expect(village?["checked"] as? Int == 2)
    }
}
