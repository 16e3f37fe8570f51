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
}
