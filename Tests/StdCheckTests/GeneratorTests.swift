import Foundation
import TestSupport
import Testing

/// The county generator behind `make bench`: its clean output conforms, and its injected defects are
/// found exactly where its ground-truth manifest says.
struct GeneratorTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-gen-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func cleanCountyHasNoFinding() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = try runProgram(builtProgram("stdcheck-gen"), ["--polygons", "3000", "--output", directory])
        #expect(generated.status == 0, "\(generated.stderr)")
        let run = try runStdcheck(["check", directory, "--standard", "gtdc@2020", "--format", "json"], timeout: 120)
        #expect(run.status == 0, "\(run.stdout.prefix(2000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((report["findings"] as? [Any])?.isEmpty == true)
        let layers = try #require(report["layers"] as? [[String: Any]])
        #expect(layers.first { $0["name"] as? String == "DLTB" }?["records"] as? Int ?? 0 >= 2900)
    }

    @Test func injectedDefectsAreFoundExactlyWhereTheManifestSays() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let generated = try runProgram(
            builtProgram("stdcheck-gen"), ["--polygons", "3000", "--output", directory, "--defect-every", "97"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/defects.json")))
                as? [[String: Any]])
        let expected = Set(manifest.map { "\($0["rule"] as? String ?? "")@\($0["record"] as? Int ?? 0)" })
        #expect(expected.count >= 25)
        // attribute defects and every kind of geometry defect, each under the rule that must find it
        let kinds = Dictionary(grouping: manifest) { $0["kind"] as? String ?? "" }.mapValues { entries in
            Set(entries.map { $0["rule"] as? String ?? "" })
        }
        #expect(
            kinds.filter { $0.key != "attribute" } == [
                "self-intersection": ["DLTB.geometry-invalid"], "overlap": ["DLTB.parcels-overlap"],
                "gap": ["DLTB.gap-between-parcels"], "sliver": ["DLTB.parcel-sliver"],
            ])
        #expect((kinds["attribute"]?.count ?? 0) == 6)
        let run = try runStdcheck(["check", directory, "--standard", "gtdc@2020", "--format", "json"], timeout: 120)
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let found = Set(
            findings.map { finding in
                let location = finding["location"] as? [String: Any] ?? [:]
                return "\(finding["rule"] as? String ?? "")@\(location["record"] as? Int ?? 0)"
            })
        #expect(expected.subtracting(found).isEmpty, "not found: \(expected.subtracting(found).sorted())")
        #expect(found.subtracting(expected).isEmpty, "not in the manifest: \(found.subtracting(expected).sorted())")
    }

    @Test func aGeneratedUpdatePackageIsConsistentWithItsBase() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let base = directory + "/base"
        let update = directory + "/update"
        let generated = try runProgram(builtProgram("stdcheck-gen"), ["--polygons", "3000", "--output", base])
        #expect(generated.status == 0, "\(generated.stderr)")
        let made = try runProgram(builtProgram("stdcheck-gen"), ["--update-of", base, "--output", update])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("DLTBGXGC"), "\(made.stdout)")
        let run = try runStdcheck(
            ["check", update, "--standard", "gtdcbg@2021", "--base", base, "--format", "json"], timeout: 120)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        let errors = findings.filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        #expect(run.status == 0, "\(run.stderr)")
        // 2 % of 3000 parcels, some split in two: every change rule judged them
        let layers = try #require(report["layers"] as? [[String: Any]])
        let updates = layers.first { $0["name"] as? String == "DLTBGX" }?["records"] as? Int ?? 0
        #expect(updates >= 40 && updates <= 120, "\(updates)")
        let rules = report["rules"] as? [[String: Any]] ?? []
        for id in ["DLTBGX.does-not-tile-replaced", "DLTBGXGC.before-area-not-balanced", "DLTBGX.change-not-balanced"] {
            let rule = rules.first { $0["id"] as? String == id }
            #expect(rule?["status"] as? String == "passed", "\(id)")
            #expect(rule?["checked"] as? Int ?? 0 > 0, "\(id)")
        }
        let summary = report["changeSummary"] as? [String: Any]
        let total = summary?["total"] as? [String: Any]
        #expect(total?["newArea"] as? Double == total?["baseArea"] as? Double)
        // a fraction out of range is refused
        let refused = try runProgram(
            builtProgram("stdcheck-gen"), ["--update-of", base, "--output", update, "--fraction", "0"])
        #expect(refused.status == 2)
    }
}
