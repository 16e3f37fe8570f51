import Foundation
import RuleEngine
import TestSupport
import Testing

/// `stdcheck-gen --format shp|gpkg|gdb|vct` writes the same county in every container (issue #16):
/// clean, it gives no finding at all in any of them; with defects, the same findings (rule, key,
/// layer, field) as its shapefiles, apart from the format rules.
@Suite(.serialized) struct GeneratedFormatsTests {
    static let formats = ["shp", "gpkg", "gdb", "vct"]

    /// Generates the county in `format` under `folder/format` and returns the path `stdcheck check` takes.
    static func generate(_ format: String, in folder: String, extra: [String] = []) throws -> String {
        let output = folder + "/" + format
        let run = try runProgram(
            builtProgram("stdcheck-gen"), ["--polygons", "3000", "--output", output, "--format", format] + extra,
            timeout: 120)
        try #require(run.status == 0, "stdcheck-gen --format \(format): \(run.stderr)")
        let path = format == "shp" ? output : output + "/" + format + "." + format
        try #require(FileManager.default.fileExists(atPath: path), "\(run.stdout)")
        #expect(run.stdout.contains("to \(path)"), "\(run.stdout)")
        return path
    }

    static func temporaryFolder() throws -> String {
        let folder = NSTemporaryDirectory() + "stdcheck-gen-formats-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The report's findings and the DLTB record count.
    static func check(_ path: String) throws -> (status: Int32, findings: [[String: Any]], parcels: Int) {
        let run = try runStdcheck(["check", path, "--standard", "gtdc@2020", "--format", "json"], timeout: 300)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let layers = report["layers"] as? [[String: Any]] ?? []
        let parcels = layers.first { ($0["name"] as? String)?.uppercased() == "DLTB" }?["records"] as? Int ?? 0
        return (run.status, report["findings"] as? [[String: Any]] ?? [], parcels)
    }

    @Test(.timeLimit(.minutes(5))) func theCleanCountyGivesNoFindingInAnyFormat() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var counts: [Int] = []
        for format in Self.formats {
            let result = try Self.check(try Self.generate(format, in: folder))
            #expect(result.status == 0, "\(format)")
            #expect(result.findings.isEmpty, "\(format): \(result.findings.prefix(3))")
            counts.append(result.parcels)
        }
        // the same parcels in each: 3,000 asked for, islands included
        #expect(counts.allSatisfy { $0 == counts[0] && $0 >= 2900 }, "\(counts)")
    }

    @Test(.timeLimit(.minutes(5))) func theDefectiveCountyGivesTheSameFindingsInEveryFormat() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let formatRules = Set(FormatDefect.allCases.map(\.rawValue))
        // rule, layer, record, key and field; a gap is reported at the parcel the union meets first,
        // which depends on where a ring starts, so gaps are compared by number
        func seen(_ findings: [[String: Any]]) -> (exact: [String], gaps: Int) {
            let lines = findings.compactMap { finding -> String? in
                let rule = finding["rule"] as? String ?? ""
                guard !formatRules.contains(rule) else { return nil }
                let location = finding["location"] as? [String: Any] ?? [:]
                let key = (finding["key"] as? [String: Any]).map { "\($0["field"] ?? "")=\($0["value"] ?? "")" }
                return [
                    rule, location["layer"] as? String ?? "-", (location["record"] as? Int).map(String.init) ?? "-",
                    key ?? "-", location["field"] as? String ?? "-",
                ].joined(separator: " ")
            }
            let gaps = lines.filter { $0.hasPrefix("DLTB.gap-between-parcels ") }
            return (lines.filter { !$0.hasPrefix("DLTB.gap-between-parcels ") }.sorted(), gaps.count)
        }
        let shapefiles = try Self.check(try Self.generate("shp", in: folder, extra: ["--defect-every", "97"]))
        #expect(shapefiles.status == 1)
        let expected = seen(shapefiles.findings)
        #expect(expected.exact.count >= 25)
        for format in Self.formats.dropFirst() {
            let other = try Self.check(try Self.generate(format, in: folder, extra: ["--defect-every", "97"]))
            #expect(other.status == 1, "\(format)")
            let found = seen(other.findings)
            let missing = Set(expected.exact).subtracting(found.exact).sorted()
            let extra = Set(found.exact).subtracting(expected.exact).sorted()
            #expect(found.exact == expected.exact, "\(format): missing \(missing); extra \(extra)")
            #expect(found.gaps == expected.gaps, "\(format)")
        }
    }
}
