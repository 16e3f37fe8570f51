import Foundation
import TestSupport
import Testing

/// The packs of the other land-resource systems (yjjbnt@2022, sqsx@2021 and its profiles, dzzh@register)
/// end to end on the fixtures that scripts/make-other-systems-fixtures.py makes.
struct OtherSystemsTests {
    /// The submissions of a variant and the pack each is checked against. The survey database and the
    /// farmland dataset the rules across systems compare with are given with --with (`VARIANT` stands for
    /// sample or clean).
    static let submissions = [("lines", "sqsx@2021"), ("hazards", "dzzh@register"), ("hazard-points", "dzzh@register")]

    static let root = "fixtures/other-systems/"

    /// The --with options a submission of the variant is checked with.
    static func with(_ folder: String, variant: String) -> [String] {
        var options = ["--with", "gtdc@2020=\(root)survey"]
        if folder == "lines" { options += ["--with", "yjjbnt@2022=\(root)\(variant)/farmland"] }
        return options
    }

    func findings(_ folder: String, _ standard: String, with: [String] = []) throws -> (
        status: Int32, findings: [[String: Any]]
    ) {
        let run = try runStdcheck(["check", folder, "--standard", standard, "--format", "json"] + with)
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
        #expect(named.count == 29)
        var caught: Set<String> = []
        for (folder, standard) in Self.submissions {
            let run = try findings(
                Self.root + "sample/" + folder, standard, with: Self.with(folder, variant: "sample"))
            #expect(run.status == 1)
            // format rules (pyshp writes no DBF end-of-file byte) are not the README's subject: they have no dot
            caught.formUnion(run.findings.compactMap { $0["rule"] as? String }.filter { $0.contains(".") })
        }
        #expect(caught == named)
    }

    /// The clean register also comes as a point shapefile, the third form the pack reads.
    @Test(arguments: submissions)
    func theCleanVariantGivesNoErrorFinding(folder: String, standard: String) throws {
        let with = Self.with(folder, variant: "clean")
        let run = try findings(Self.root + "clean/" + folder, standard, with: with)
        let errors = run.findings.filter { $0["severity"] as? String == "error" }
        #expect(errors.isEmpty, "\(errors.compactMap { $0["rule"] as? String })")
        #expect(run.status == 0)
        // the clean variant is checked, not skipped: its layers or tables were read and the rules ran
        let text = try runStdcheck(["check", Self.root + "clean/" + folder, "--standard", standard] + with)
        #expect(text.stdout.contains("Verdict: CONFORMANT"), "\(text.stdout)")
        #expect(!text.stdout.contains("need --with"), "\(text.stdout)")
    }

    @Test(arguments: submissions)
    func theSampleTextReportMatchesTheGoldenFile(folder: String, standard: String) throws {
        let run = try runStdcheck(
            ["check", Self.root + "sample/" + folder, "--standard", standard]
                + Self.with(folder, variant: "sample"))
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
        let run = try findings(Self.root + "sample/lines", "sqsx@2021", with: Self.with("lines", variant: "sample"))
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
        let expected: [String: Double] = [
            "STBHHX.overlaps-CZKFBJ": 20000, "YJJBNTBHTB.overlaps-CZKFBJ": 4000, "YJJBNTBHTB.overlaps-STBHHX": 12000,
            // the same two overlaps, with the farmland of the other dataset (--with yjjbnt@2022)
            "STBHHX.overlaps-farmland-of-yjjbnt": 12000, "CZKFBJ.overlaps-farmland-of-yjjbnt": 4000,
        ]
        #expect(areas == expected)
    }

    /// Each farmland patch is laid over the survey's parcels (--with gtdc@2020): the areas by DLBM in the
    /// findings are the pieces the fixture script drew, cropland never counts, and the 可调整 class is its own group.
    @Test func theFarmlandPatchesAreWeighedByTheSurveysLandClasses() throws {
        let run = try findings(Self.root + "sample/lines", "sqsx@2021", with: Self.with("lines", variant: "sample"))
        var classes: [String: String] = [:]
        for finding in run.findings {
            guard let rule = finding["rule"] as? String, rule.hasPrefix("YJJBNTBHTB.on-"),
                let record = (finding["location"] as? [String: Any])?["record"] as? Int
            else { continue }
            #expect(finding["severity"] as? String == "warning")
            classes["\(rule)#\(record)"] = (finding["message"] as? [String: Any])?["en"] as? String
        }
        #expect(
            classes == [
                "YJJBNTBHTB.on-non-cropland#5": "lies on gtdc.DLTB of DLBM 0701 (14000.00): 14000.00 in all",
                "YJJBNTBHTB.on-non-cropland#7": "lies on gtdc.DLTB of DLBM 0301 (14000.00): 14000.00 in all",
                "YJJBNTBHTB.on-adjustable-classes#6": "lies on gtdc.DLTB of DLBM 0304 (45000.00): 45000.00 in all",
            ])
    }

    /// Without the survey the farmland cannot be weighed: its rules are counted, and with the patches
    /// present the run is NOT CHECKED, never a pass; a --with path that does not exist is NOT CHECKED too,
    /// with a structured finding, while the rest of the submission is still checked.
    @Test func withoutTheSurveyTheLinesAreNotChecked() throws {
        let without = try runStdcheck(["check", Self.root + "clean/lines", "--standard", "sqsx@2021"])
        #expect(without.status == 1)
        #expect(without.stdout.contains("Verdict: NOT CHECKED"), "\(without.stdout)")
        #expect(without.stdout.contains("2 rules need --with gtdc@2020=PATH"), "\(without.stdout)")
        #expect(without.stdout.contains("2 rules need --with yjjbnt@2022=PATH"), "\(without.stdout)")
        let run = try runStdcheck(
            [
                "check", Self.root + "clean/lines", "--standard", "sqsx@2021", "--format", "json", "--with",
                "gtdc@2020=\(Self.root)no-such-survey", "--with", "yjjbnt@2022=\(Self.root)clean/farmland",
            ])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["verdict"] as? String == "not-checked")
        let unreadable = (report["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "dataset-unreadable"
        }
        #expect(unreadable.count == 1)
        #expect((unreadable.first?["location"] as? [String: Any])?["file"] as? String == "gtdc:.")
        // the rules against the survey could not be evaluated; the submission's own rules and those against
        // the farmland dataset still ran
        var statuses: [String: String] = [:]
        for rule in report["rules"] as? [[String: Any]] ?? [] {
            if let id = rule["id"] as? String { statuses[id] = rule["status"] as? String }
        }
        #expect(statuses["YJJBNTBHTB.on-non-cropland"] == "error")
        #expect(statuses["STBHHX.overlaps-CZKFBJ"] == "passed")
        #expect(statuses["STBHHX.overlaps-farmland-of-yjjbnt"] == "passed")
        let wrong = try runStdcheck([
            "check", Self.root + "clean/lines", "--standard", "sqsx@2021", "--with", "bdcjr=x",
        ])
        #expect(wrong.status == 2, "\(wrong.stderr)")
    }

    /// The JSON reports with the other datasets (options.with) and without them (rulesNeedingWith) follow
    /// the published schema.
    @Test func theReportsWithAndWithoutTheOtherDatasetsFollowTheSchema() throws {
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/report.schema.json")))
        let folder = Self.root + "sample/lines"
        for with in [Self.with("lines", variant: "sample"), []] {
            let run = try runStdcheck(["check", folder, "--standard", "sqsx@2021", "--format", "json"] + with)
            let report = try JSONNode.parse(Data(run.stdout.utf8))
            let errors = JSONSchemaValidator(schema: schema).errors(in: report)
            #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            if with.isEmpty {
                #expect(object["rulesNeedingWith"] as? [String: Int] == ["gtdc@2020": 2, "yjjbnt@2022": 2])
                #expect(object["verdict"] as? String == "not-checked")
            } else {
                #expect(object["rulesNeedingWith"] == nil)
                #expect(
                    (object["options"] as? [String: Any])?["with"] as? [String: String] == [
                        "gtdc@2020": Self.root + "survey", "yjjbnt@2022": Self.root + "sample/farmland",
                    ])
            }
        }
    }

    /// A reference rule into another standard's dataset (fixtures/packs withother@1 reads wrongexample.T):
    /// its examples run through the engine with the other dataset, and on the CLI a value missing from the
    /// --with dataset is found, at its place in the submission.
    @Test func aReferenceIntoAnotherStandardsDatasetIsFollowed() throws {
        let test = try runStdcheck(["rules", "test", "withother@1", "--rules-dir", "fixtures/packs"])
        #expect(test.status == 0, "\(test.stdout)\(test.stderr)")
        let folder = NSTemporaryDirectory() + "stdcheck-with-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for side in ["own", "other"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + side, withIntermediateDirectories: true)
            let rows = side == "own" ? "A,K\r\n1,x\r\n2,y\r\n" : "A,K\r\n1,x\r\n"
            try Data(rows.utf8).write(to: URL(fileURLWithPath: folder + "/\(side)/T.csv"))
        }
        let run = try runStdcheck(
            [
                "check", folder + "/own", "--standard", "withother@1", "--rules-dir", "fixtures/packs", "--format",
                "json", "--with", "wrongexample@1=\(folder)/other",
            ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let found = (report["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "T.A-not-in-other"
        }
        #expect(found.count == 1, "\(run.stdout)")
        #expect((found.first?["location"] as? [String: Any])?["record"] as? Int == 2)
    }
}
