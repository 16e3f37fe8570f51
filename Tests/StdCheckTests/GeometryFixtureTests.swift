import Foundation
import RuleEngine
import TestSupport
import Testing

/// One folder of `fixtures/geometry`, with the rule its README says must catch it.
struct GeometryCase: Sendable, CustomTestStringConvertible {
    var folder: String
    var rule: String

    var testDescription: String { folder }

    /// The rows of the README's table (`| \`bow-tie/\` | … | \`DLTB.geometry-invalid\` |`).
    static let all: [GeometryCase] = {
        guard let text = try? String(contentsOfFile: fixture("geometry/README.md"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, cells[0].hasPrefix("`"), cells[0].hasSuffix("/`"), cells[2].hasPrefix("`") else {
                return nil
            }
            return GeometryCase(
                folder: String(cells[0].dropFirst().dropLast(2)), rule: String(cells[2].dropFirst().dropLast()))
        }
    }()
}

/// Every geometry fixture is caught by exactly the geometry or CRS rule meant for it, and by no other.
///
/// The fixtures hold a DLTB layer with three fields only, so the attribute rules fire on every one of
/// them; the test therefore looks at the geometry and CRS rules of gtdc@2020 alone.
struct GeometryFixtureTests {
    static let geometryRules: Set<String> = {
        guard let standard = try? RulePackLoader.load("gtdc@2020", rulesDirectory: packageRoot + "/rules") else {
            return []
        }
        return Set(
            standard.rules.filter {
                switch $0.check {
                case .geometry, .crs: true
                default: false
                }
            }.map(\.id))
    }()

    @Test func everyDefectKindHasAFixture() {
        #expect(GeometryCase.all.count == 13)
        #expect(Self.geometryRules.count == 55)
    }

    @Test(arguments: GeometryCase.all)
    func caughtByExactlyItsRule(defect: GeometryCase) throws {
        let run = try runStdcheck([
            "check", "fixtures/geometry/" + defect.folder, "--standard", "gtdc@2020", "--format", "json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let caught = Set(findings.compactMap { $0["rule"] as? String }.filter(Self.geometryRules.contains))
        #expect(caught == [defect.rule])
        // every geometry finding carries its error geometry, except a null shape and a CRS that is wrong as a whole
        for finding in findings where Self.geometryRules.contains(finding["rule"] as? String ?? "") {
            #expect(
                finding["geometry"] != nil || ["DLTB.crs-geographic", "DLTB.geometry-empty"].contains(defect.rule),
                "\(finding)")
        }
    }

    @Test func invalidShapesGiveGEOSReasonAndPlace() throws {
        let run = try runStdcheck([
            "check", "fixtures/geometry/bow-tie", "--standard", "gtdc@2020", "--format", "jsonl",
        ])
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("DLTB.geometry-invalid") })
        #expect(line.contains("Self-intersection at or near (39512050.0 4331050.0)"))
        #expect(line.contains(#""coordinates":[39512050,4331050]"#))
        let hole = try runStdcheck([
            "check", "fixtures/geometry/hole-outside-shell", "--standard", "gtdc@2020", "--format", "jsonl",
        ])
        #expect(hole.stdout.contains("Hole lies outside shell"))
    }

    @Test func overlapIsReportedAsItsPolygonAndArea() throws {
        let run = try runStdcheck([
            "check", "fixtures/geometry/overlap-pair", "--standard", "gtdc@2020", "--format", "jsonl",
        ])
        let line = try #require(run.stdout.split(separator: "\n").first { $0.contains("DLTB.parcels-overlap") })
        #expect(line.contains("overlaps record 2 over an area of 1000.00"))
        #expect(line.contains(#""type":"Polygon""#))
    }
}
