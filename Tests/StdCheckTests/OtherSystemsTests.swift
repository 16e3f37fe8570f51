import Foundation
import TestSupport
import Testing

/// The packs of the other land-resource systems (yjjbnt@2022, sqsx@2021 and its profiles, dzzh@register)
/// end to end on the fixtures that scripts/make-other-systems-fixtures.py makes.
struct OtherSystemsTests {
    /// The two submissions of a variant and the pack each is checked against.
    static let submissions = [("lines", "sqsx@2021"), ("hazards", "dzzh@register")]

    func findings(_ folder: String, _ standard: String) throws -> (status: Int32, findings: [[String: Any]]) {
        let run = try runStdcheck(["check", folder, "--standard", standard, "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = try #require(report?["findings"] as? [[String: Any]], "\(run.stderr)")
        return (run.status, findings)
    }

    @Test func everyDeliberateDefectOfTheOtherSystemsIsCaughtByTheRuleItsReadmeNames() throws {
        let readme = try String(contentsOfFile: fixture("other-systems/README.md"), encoding: .utf8)
        // The defect table names each rule in backticks (`YHD.JD-WD-swapped`, `隐患点.统一编号.value-duplicated`);
        // the file and folder names in backticks have no rule's dot-and-hyphen shape.
        let named = Set(
            readme.split(separator: "`").map(String.init).filter { token in
                token.contains(".") && token.contains("-") && !token.contains("/") && !token.contains(" ")
                    && !token.hasSuffix(".csv") && !token.hasSuffix(".dbf")
            })
        #expect(named.count == 23)
        var caught: Set<String> = []
        for (folder, standard) in Self.submissions {
            let run = try findings("fixtures/other-systems/sample/" + folder, standard)
            #expect(run.status == 1)
            // format rules (pyshp writes no DBF end-of-file byte) are not the README's subject: they have no dot
            caught.formUnion(run.findings.compactMap { $0["rule"] as? String }.filter { $0.contains(".") })
        }
        #expect(caught == named)
    }

    /// The clean register also comes as a point shapefile, the third form the pack reads.
    @Test(arguments: submissions + [("hazard-points", "dzzh@register")])
    func theCleanVariantGivesNoErrorFinding(folder: String, standard: String) throws {
        let run = try findings("fixtures/other-systems/clean/" + folder, standard)
        let errors = run.findings.filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors.compactMap { $0["rule"] as? String })")
        #expect(run.status == 0)
        // the clean variant is checked, not skipped: its layers or tables were read and the rules ran
        let text = try runStdcheck(["check", "fixtures/other-systems/clean/" + folder, "--standard", standard])
        #expect(text.stdout.contains("Verdict: CONFORMANT"), "\(text.stdout)")
    }

    @Test(arguments: submissions)
    func theSampleTextReportMatchesTheGoldenFile(folder: String, standard: String) throws {
        let run = try runStdcheck(["check", "fixtures/other-systems/sample/" + folder, "--standard", standard])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "other-systems-\(folder).text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func theStandardsListShowsTheOtherSystemsPacks() throws {
        let run = try runStdcheck(["standards", "list"])
        #expect(run.status == 0, "\(run.stderr)")
        for pack in ["yjjbnt@2022", "sqsx@2021", "sqsx-tygh@2021", "sqsx-dcjc@2021", "dzzh@register"] {
            #expect(run.stdout.contains(pack), "\(pack) missing from:\n\(run.stdout)")
        }
    }

    /// The red-line variants are profiles: the county delivery's XZQDM and MJ are the 统一调查监测 variant's
    /// XJXZQHDM and QYMJ, so the clean lines lack both under that profile, and its area rule reads QYMJ.
    @Test func theRedLineProfilesRenameTheDeliveryFields() throws {
        let run = try findings("fixtures/other-systems/clean/lines", "sqsx-dcjc@2021")
        let missing = Set(
            run.findings.compactMap { $0["rule"] as? String }.filter { $0.hasSuffix(".field-missing") })
        #expect(missing == ["STBHHX.XJXZQHDM.field-missing", "STBHHX.QYMJ.field-missing"])
        let planning = try findings("fixtures/other-systems/clean/lines", "sqsx-tygh@2021")
        let missingThere = Set(
            planning.findings.compactMap { $0["rule"] as? String }.filter { $0.hasSuffix(".field-missing") })
        #expect(missingThere == ["STBHHX.XJXZQDM.field-missing"])
    }

    /// Each overlap between two control lines is one finding whose error geometry is the overlap itself:
    /// the polygon's area, taken from the coordinates in the report, is the overlap the fixture script drew.
    @Test func eachOverlapOfTwoControlLinesCarriesTheOverlapAsItsGeometry() throws {
        let run = try findings("fixtures/other-systems/sample/lines", "sqsx@2021")
        var areas: [String: Double] = [:]
        for finding in run.findings {
            guard let rule = finding["rule"] as? String, rule.contains(".overlaps-") else { continue }
            let geometry = try #require(finding["geometry"] as? [String: Any], "\(rule) has no geometry")
            #expect(geometry["type"] as? String == "Polygon")
            let rings = try #require(geometry["coordinates"] as? [[[Double]]])
            let ring = try #require(rings.first)
            var twice = 0.0
            for (a, b) in zip(ring, ring.dropFirst()) { twice += a[0] * b[1] - b[0] * a[1] }
            areas[rule] = abs(twice) / 2
        }
        #expect(
            areas == [
                "STBHHX.overlaps-CZKFBJ": 50 * 400, "YJJBNTBHTB.overlaps-CZKFBJ": 200 * 20,
                "YJJBNTBHTB.overlaps-STBHHX": 60 * 200,
            ])
    }
}
