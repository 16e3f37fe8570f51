import Foundation
import TestSupport
import Testing

/// Choosing the standard and the rules of a run: detection, extends, diff, --rules/--skip-rules/--severity.
struct StandardSelectionTests {
    func json(_ run: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func withoutStandardTheFittingOneIsDetectedAndTheReportSaysWhy() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("stdcheck: detected gtdc@2020: layers XZQ, CJDCQ, DLTB present"))
        let standard = try #require(try json(run)["standard"] as? [String: Any])
        #expect(standard["id"] as? String == "gtdc")
        #expect(standard["selection"] as? String == "detected")
        #expect((standard["reason"] as? String)?.contains("gtdcbg@2021") == true)
    }

    @Test func aSubmissionNoStandardDescribesStopsWithExitTwoInsteadOfAStructureOnlyPass() throws {
        let run = try runStdcheck(["check", "fixtures/dbf/gbk-undeclared.dbf", "--format", "json"])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no standard fits this submission"))
        #expect(run.stderr.contains("--standard structure@1 checks the files' structure only"))
    }

    @Test func theStructuralRulesRunWhenAskedForByName() throws {
        let run = try runStdcheck([
            "check", "fixtures/dbf/gbk-undeclared.dbf", "--standard", "structure@1", "--format", "json",
        ])
        #expect(run.status == 0, "an encoding warning does not fail the default gate")
        let report = try json(run)
        let standard = try #require(report["standard"] as? [String: Any])
        #expect(standard["id"] as? String == "structure")
        #expect(standard["selection"] as? String == "given")
        #expect(report["verdict"] as? String == "conformant")
    }

    @Test func profileKeepsTheBaseFieldsAndTheParentsRules() throws {
        // the change survey keeps the 三调 names (XZDWKD, ZZSXDM, ZZSXMC): a clean 三调 county conforms
        let run = try runStdcheck(["check", "fixtures/clean-county", "--standard", "gtdcbg@2021", "--format", "json"])
        #expect(run.status == 0, "\(run.stdout.prefix(2000))")
        let report = try json(run)
        let standard = try #require(report["standard"] as? [String: Any])
        #expect(standard["extends"] as? [String] == ["gtdc@2020"])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let rules = Set(findings.compactMap { $0["rule"] as? String })
        #expect(!rules.contains { $0.hasSuffix(".field-missing") || $0 == "DLTB.field-unexpected" })
        let declared = try #require(report["rules"] as? [[String: Any]])
        #expect(declared.contains { $0["id"] as? String == "DLTB.GDPDJB-required-for-cropland" })
        // the update-process layer is optional: its absence is no finding
        #expect(!declared.contains { $0["id"] as? String == "DLTBGXGC.layer-missing" })
        #expect(declared.contains { $0["id"] as? String == "DLTBGXGC.BGXW.code-unknown" })
    }

    @Test func withoutStandardABaseCountyIsTheBasePackNotItsProfile() throws {
        let run = try runStdcheck(["check", "fixtures/clean-county", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let standard = try #require(try json(run)["standard"] as? [String: Any])
        #expect(standard["id"] as? String == "gtdc")
    }

    @Test func diffListsTheUpdateLayerAndNoRenames() throws {
        let run = try runStdcheck(["standards", "diff", "gtdc@2020", "gtdcbg@2021"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("+ layer DLTBGXGC"), "\(run.stdout.prefix(2000))")
        #expect(!run.stdout.contains("renamed"))
    }

    @Test func diffListsTheMembersAProfileDeclares() throws {
        let run = try runStdcheck(["standards", "diff", "bpzb@2012", "bpbp@2012"])
        #expect(run.status == 0)
        for line in ["+ member README* (none)", "+ member *metadata*.xml (xml)", "+ member *.pdf (none)"] {
            #expect(run.stdout.contains(line + "\n"), "\(run.stdout)")
        }
        #expect(!run.stdout.contains("member **/*.txt"))
    }

    @Test func selectedRulesRunAndTheOthersAreSkippedWithTheSelectionInTheManifest() throws {
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--rules", "DLTB.DLBM.*",
            "--severity", "DLTB.DLBM.code-unknown=warning",
        ])
        #expect(run.status == 0, "a warning does not fail the default gate")
        let report = try json(run)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["DLTB.DLBM.code-unknown"])
        #expect(findings.first?["severity"] as? String == "warning")
        let rules = try #require(report["rules"] as? [[String: Any]])
        #expect(rules.first { $0["id"] as? String == "DLTB.QSXZ.value-missing" }?["status"] as? String == "skipped")
        let options = try #require(report["options"] as? [String: Any])
        let selection = try #require(options["rules"] as? [String: Any])
        #expect(selection["include"] as? [String] == ["DLTB.DLBM.*"])
    }

    @Test(arguments: [
        (["--rules", "NOPE.*"], "'NOPE.*' matches no rule of gtdc@2020"),
        (["--severity", "DLTB.DLBM.code-unknown=loud"], "--severity takes RULE=error|warning|info|off"),
        (["--severity", "NOPE=off"], "'NOPE', which is no rule of gtdc@2020"),
    ])
    func badSelectionsAreUsageErrors(arguments: [String], message: String) throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020"] + arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func rulesTestRunsEveryExampleOfEveryPack() throws {
        let run = try runStdcheck(["rules", "test"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix(" examples, 0 problems\n"))
        let wrong = try runStdcheck(["rules", "test", "wrongexample@1", "--rules-dir", "fixtures/packs"])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("t.yaml:16:11: error: example of 'T.A-required' expected findings at [T#1.A]"))
    }

    @Test func rulesLintRefusesAMemberEntryWithAnUnknownReader() throws {
        let run = try runStdcheck(["rules", "lint", "badreader@1", "--rules-dir", "fixtures/packs"])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "fixtures/packs/badreader/1/pack.yaml:7:29: error: 'xsd' is not a valid value for 'reader'; "
                + "expected boundary-txt, csv, dbf, gdal, none, shapefile, vct, xml\n")
        #expect(run.stdout.isEmpty)
    }
}

/// The 二调 pack on its own synthetic sample.
struct ErchaPackTests {
    @Test func tdtdb2007CatchesExactlyThePlantedDefectsOfTheErchaSample() throws {
        let run = try runStdcheck(["check", "fixtures/ercha-county", "--standard", "tdtdb@2007", "--format", "json"])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let places = findings.map { finding -> String in
            let location = finding["location"] as? [String: Any] ?? [:]
            return "\(finding["rule"] as? String ?? "")@\(location["record"] as? Int ?? 0)"
        }.filter { $0.first?.isUppercase == true }
        #expect(
            places.sorted() == [
                "DLTB.DLBM.code-unknown@8", "DLTB.GDPDJ-required-for-cropland@15",
                "DLTB.TKMJ-not-net-area-times-TKXS@12",
            ])
    }
}
