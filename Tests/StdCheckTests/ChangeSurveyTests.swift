import Foundation
import TestSupport
import Testing

/// The change survey: an update package (gtdcbg@2021) checked against last year's database (`--base`),
/// on the packages scripts/make-change-survey.py makes from fixtures/clean-county.
struct ChangeSurveyTests {
    static let defects = fixture("change-survey/update-defects")
    static let clean = fixture("change-survey/update-clean")
    static let base = "fixtures/clean-county"

    func json(_ arguments: [String]) throws -> (status: Int32, report: [String: Any]) {
        let run = try runStdcheck(arguments + ["--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run.status, report)
    }

    /// `rule file:LAYER#record.field` of every error finding.
    func errorPlaces(_ report: [String: Any]) -> [String] {
        (report["findings"] as? [[String: Any]] ?? []).compactMap { finding in
            guard finding["severity"] as? String == "error" else { return nil }
            let location = finding["location"] as? [String: Any] ?? [:]
            let place =
                "\(location["file"] as? String ?? ""):\(location["layer"] as? String ?? "")"
                + "#\(location["record"] as? Int ?? 0).\(location["field"] as? String ?? "")"
            return "\(finding["rule"] as? String ?? "") \(place)"
        }.sorted()
    }

    @Test func everyREADMEDefectIsFoundByTheRuleItNames() throws {
        try #require(FileManager.default.fileExists(atPath: Self.defects + "/DLTBGXGC.shp"), "fixture missing")
        let (status, report) = try json([
            "check", "fixtures/change-survey/update-defects", "--standard", "gtdcbg@2021", "--base", Self.base,
        ])
        #expect(status == 1)
        #expect(
            errorPlaces(report) == [
                "DLTBGX.change-not-balanced DLTBGX.shp:DLTBGX#1.",
                "DLTBGX.change-not-balanced DLTBGX.shp:DLTBGX#2.",
                "DLTBGX.change-not-balanced DLTBGX.shp:DLTBGX#5.",
                "DLTBGX.does-not-tile-replaced DLTBGX.shp:DLTBGX#4.",
                "DLTBGX.does-not-tile-replaced DLTBGX.shp:DLTBGX#4.",
                "DLTBGX.process-record-missing DLTBGX.shp:DLTBGX#1.BSM",
                "DLTBGX.process-record-missing DLTBGX.shp:DLTBGX#5.BSM",
                "DLTBGXGC.BGHTBBSM-not-in-DLTBGX DLTBGXGC.shp:DLTBGXGC#1.BGHTBBSM",
                "DLTBGXGC.BGQ-differs-from-base DLTBGXGC.shp:DLTBGXGC#5.BGQDLBM",
                "DLTBGXGC.after-area-not-balanced DLTBGX.shp:DLTBGX#2.TBMJ",
                "DLTBGXGC.before-area-not-balanced base:DLTB.shp:base.DLTB#1.TBMJ",
            ])
        // every rule the README names is among the rules that found something
        let readme = try String(contentsOfFile: fixture("change-survey/README.md"), encoding: .utf8)
        let named = Set(
            readme.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains(" at ") }
                .flatMap { line in
                    line.split(separator: " ").filter { $0.hasPrefix("DLTBGX") && $0.contains("-") }.map(String.init)
                })
        let found = Set(errorPlaces(report).map { String($0.split(separator: " ")[0]) })
        #expect(!named.isEmpty)
        #expect(named == found)
    }

    @Test func theDefectsMatchTheGoldenTextReport() throws {
        try #require(FileManager.default.fileExists(atPath: Self.defects + "/DLTBGXGC.shp"), "fixture missing")
        let run = try runStdcheck([
            "check", "fixtures/change-survey/update-defects", "--standard", "gtdcbg@2021", "--base", Self.base,
        ])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "change-survey-defects.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func theCleanPackageHasNoErrorFinding() throws {
        try #require(FileManager.default.fileExists(atPath: Self.clean + "/DLTBGXGC.shp"), "fixture missing")
        let (status, report) = try json([
            "check", "fixtures/change-survey/update-clean", "--standard", "gtdcbg@2021", "--base", Self.base,
        ])
        #expect(status == 0)
        #expect(errorPlaces(report).isEmpty)
        // the base rules ran: they checked records, none is not applicable
        let rules = report["rules"] as? [[String: Any]] ?? []
        for id in [
            "DLTBGXGC.BGQTBBSM-not-in-base", "DLTBGXGC.before-area-not-balanced", "DLTBGX.BSM-used-in-base",
            "DLTBGX.does-not-tile-replaced", "DLTBGX.TBBH-duplicated-after-update", "DLTBGX.change-not-balanced",
            "DLTBGXGC.GXSJ-outside-survey-year", "DLTBGX.GXSJ-outside-survey-year",
        ] {
            let rule = try #require(rules.first { $0["id"] as? String == id })
            #expect(rule["status"] as? String == "passed", "\(id)")
            #expect(rule["checked"] as? Int ?? 0 > 0, "\(id)")
        }
        // the updated database balances: per township and class, and in total it keeps the base's area
        let summary = try #require(report["changeSummary"] as? [String: Any])
        let rows = try #require(summary["rows"] as? [[String: Any]])
        let total = try #require(summary["total"] as? [String: Any])
        for row in rows + [total] {
            #expect(row["newArea"] as? Double == row["updatedArea"] as? Double, "\(row)")
        }
        #expect(rows.contains { $0["class"] as? String == "10" && ($0["areaIn"] as? Double ?? 0) > 1000 })
        #expect(total["newArea"] as? Double == total["baseArea"] as? Double)
        #expect(total["areaOut"] as? Double == total["areaIn"] as? Double)
        #expect((total["areaOut"] as? Double ?? 0) > 30000)
    }

    @Test func theJSONReportWithItsChangeTableFollowsThePublishedSchema() throws {
        try #require(FileManager.default.fileExists(atPath: Self.defects + "/DLTBGXGC.shp"), "fixture missing")
        let run = try runStdcheck([
            "check", "fixtures/change-survey/update-defects", "--standard", "gtdcbg@2021", "--base", Self.base,
            "--format", "json",
        ])
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/report.schema.json")))
        let report = try JSONNode.parse(Data(run.stdout.utf8))
        let errors = JSONSchemaValidator(schema: schema).errors(in: report)
        #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
        #expect(report["changeSummary"]?["rows"]?.array?.isEmpty == false)
    }

    @Test func theChangeTableIsInTheTextAndHTMLReports() throws {
        try #require(FileManager.default.fileExists(atPath: Self.clean + "/DLTBGXGC.shp"), "fixture missing")
        let text = try runStdcheck([
            "check", "fixtures/change-survey/update-clean", "--standard", "gtdcbg@2021", "--base", Self.base,
        ])
        #expect(text.stdout.contains("The database after the update (m², DLTBGX.change-not-balanced):"))
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("  total ") && $0.contains(" all ") })
        let html = try runStdcheck([
            "check", "fixtures/change-survey/update-clean", "--standard", "gtdcbg@2021", "--base", Self.base,
            "--format", "html",
        ])
        #expect(html.stdout.contains("<section id=\"changes\">"))
        #expect(html.stdout.contains("<td>合计 total</td>") || html.stdout.contains("<b>合计 total</b>"))
    }

    @Test func aZippedBaseIsReadLikeAFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("change-survey-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.currentDirectoryURL = URL(fileURLWithPath: fixture("clean-county"))
        zip.arguments = ["zip", "-q", folder + "/base.zip", "DLTB.shp", "DLTB.shx", "DLTB.dbf", "DLTB.prj", "DLTB.cpg"]
        try zip.run()
        zip.waitUntilExit()
        try #require(zip.terminationStatus == 0, "zip is not available")
        let (_, report) = try json([
            "check", "fixtures/change-survey/update-defects", "--standard", "gtdcbg@2021", "--base",
            folder + "/base.zip",
        ])
        #expect(
            errorPlaces(report).contains("DLTBGXGC.before-area-not-balanced base:base.zip!/DLTB.shp:base.DLTB#1.TBMJ"))
    }

    @Test func withoutBaseTheBaseRulesCannotBeEvaluatedAndTheRunIsNotChecked() throws {
        // the package's own layers are here, so the rules that compare them with the base could not run: not a pass
        let run = try runStdcheck(["check", "fixtures/change-survey/update-clean", "--standard", "gtdcbg@2021"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.contains("7 rules need --base"))
        #expect(run.stdout.contains("Verdict: NOT CHECKED"))
        let (_, report) = try json(["check", "fixtures/change-survey/update-clean", "--standard", "gtdcbg@2021"])
        #expect(report["rulesNeedingBase"] as? Int == 7)
        #expect(report["verdict"] as? String == "not-checked")
        let rules = report["rules"] as? [[String: Any]] ?? []
        #expect(
            rules.first { $0["id"] as? String == "DLTBGXGC.BGQTBBSM-not-in-base" }?["status"] as? String == "error")
    }

    @Test func aBaseDatabaseCheckedAloneNeedsNoBase() throws {
        // without update layers the base rules do not apply, and nothing is held against the run
        let (_, report) = try json(["check", "fixtures/clean-county", "--standard", "gtdcbg@2021"])
        let rules = report["rules"] as? [[String: Any]] ?? []
        #expect(
            rules.first { $0["id"] as? String == "DLTBGXGC.BGQTBBSM-not-in-base" }?["status"] as? String
                == "not-applicable")
        #expect(report["verdict"] as? String != "not-checked")
    }
}
