import Foundation
import TestSupport
import Testing

/// What a new user hit first: --quiet, mistyped commands, baselines in the CI formats, fixed findings,
/// the waivers file as given.
struct NewcomerTests {
    func temporaryFile(_ name: String) -> String {
        NSTemporaryDirectory() + "stdcheck-newcomer-" + UUID().uuidString + "-" + name
    }

    @Test func quietPrintsNothingButErrorsEvenWhenTheStandardIsDetected() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--quiet"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let loud = try runStdcheck(["check", "fixtures/sample-county", "--format", "json"])
        #expect(loud.stderr.contains("stdcheck: detected gtdc@2020"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(loud.stdout.utf8)) as? [String: Any])
        let standard = report["standard"] as? [String: Any]
        #expect(standard?["selection"] as? String == "detected")
        #expect((standard?["reason"] as? String)?.contains("layers XZQ, CJDCQ, DLTB present") == true)
    }

    @Test(arguments: [
        (["chek", "fixtures/sample-county"], "'chek' is not a command of stdcheck. Did you mean 'check'?"),
        (["standards", "lst"], "'lst' is not a command of stdcheck standards. Did you mean 'list'?"),
        (["rules", "lnt"], "'lnt' is not a command of stdcheck rules. Did you mean 'lint'?"),
        (["check", "fixtures/sample-county", "--standrd", "gtdc@2020"], "Did you mean '--standard'?"),
    ])
    func aMistypedCommandOrOptionGetsADidYouMean(arguments: [String], expected: String) throws {
        let run = try runStdcheck(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
    }

    @Test func aWordThatIsNothingLikeACommandListsTheCommands() throws {
        let run = try runStdcheck(["xyzzy"])
        #expect(run.status == 2)
        #expect(!run.stderr.contains("Did you mean"))
        #expect(run.stderr.contains("Commands: check, inspect, standards, rules"))
    }

    @Test func underABaselineJUnitAndSARIFAgreeWithTheExitStatus() throws {
        let baseline = temporaryFile("report.jsonl")
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        let first = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "jsonl"])
        try Data(first.stdout.utf8).write(to: URL(fileURLWithPath: baseline))

        let plain = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "junit"])
        #expect(plain.status == 1)
        #expect(plain.stdout.contains("<failure "))

        let junit = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "junit", "--baseline", baseline,
        ])
        #expect(junit.status == 0, "every finding is unchanged: the gate passes")
        #expect(!junit.stdout.contains("<failure "), "and no test case fails")
        #expect(junit.stdout.contains("failures=\"0\""))

        let sarif = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "sarif", "--baseline", baseline,
        ])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let results = ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(!results.isEmpty)
        #expect(results.allSatisfy { $0["baselineState"] as? String == "unchanged" })
    }

    @Test func theTextReportListsTheFixedFindings() throws {
        let baseline = temporaryFile("report.json")
        defer { try? FileManager.default.removeItem(atPath: baseline) }
        let first = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json",
            "--max-findings-per-rule", "0",
        ])
        try Data(first.stdout.utf8).write(to: URL(fileURLWithPath: baseline))
        let run = try runStdcheck(["check", "fixtures/clean-county", "--standard", "gtdc@2020", "--baseline", baseline])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let fixedLine = try #require(lines.first { $0.hasPrefix("Baseline ") })
        let count = try #require(Int(fixedLine.split(separator: " ").dropLast().last ?? ""))
        #expect(count > 20)
        let listed = lines.filter { $0.hasPrefix("  fixed: ") }
        #expect(listed.count == 20)
        #expect(lines.contains("  … and \(count - 20) more fixed"))
        #expect(listed.contains { $0.contains("[DLTB.BSM.value-duplicated]") })
    }

    @Test func theWaiversFileIsNamedAsGiven() throws {
        let given = "./fixtures/waivers/../waivers/sample-county.yaml"
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--waivers", given, "--today", "2026-11-29",
        ])
        #expect(run.stdout.contains("Waivers \(given) (as of 2026-11-29)"), "\(run.stdout)")
    }
}

/// A provincial profile's overrides: `standards diff` lists each one with the pack that made it, and the
/// report credits the override to that pack.
struct ProfileOverrideTests {
    /// A rules folder holding the shipped gtdc@2020 (linked) and a profile that overrides three rules.
    func rulesWithProfile() throws -> String {
        let folder = NSTemporaryDirectory() + "stdcheck-profile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/hebei/2024", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder + "/gtdc", withDestinationPath: packageRoot + "/rules/gtdc")
        let pack = """
            schema: 1
            id: hebei
            version: "2024"
            extends: gtdc@2020
            title: {zh: 河北省国土调查数据库检查细则, en: Hebei land survey database profile}
            basis: ["TD/T 1057-2020 国土调查数据库标准"]
            overrides:
              disable: [DLTB.TBBH-not-digits]
              severity: {DLTB.GDPDJB.code-unknown: warning}
              tolerance: {CJDCQ.DCMJ-not-sum-of-DLTB: 0.5}

            """
        try Data(pack.utf8).write(to: URL(fileURLWithPath: folder + "/hebei/2024/pack.yaml"))
        return folder
    }

    @Test func diffListsEveryOverrideWithTheProfileThatMadeIt() throws {
        let rules = try rulesWithProfile()
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let run = try runStdcheck(["standards", "diff", "gtdc@2020", "hebei@2024", "--rules-dir", rules])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = Set(run.stdout.split(separator: "\n").map(String.init))
        #expect(lines.contains("- rule DLTB.TBBH-not-digits"))
        #expect(lines.contains("~ rule DLTB.GDPDJB.code-unknown severity error → warning (set by hebei@2024)"))
        #expect(lines.contains("~ rule CJDCQ.DCMJ-not-sum-of-DLTB tolerance 0.01 → 0.5 (set by hebei@2024)"))
    }

    @Test func theReportCreditsAnOverrideToTheProfileNotTheRule() throws {
        let rules = try rulesWithProfile()
        defer { try? FileManager.default.removeItem(atPath: rules) }
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "hebei@2024", "--rules-dir", rules, "--format", "json",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let declared = report["rules"] as? [[String: Any]] ?? []
        let severity = declared.first { $0["id"] as? String == "DLTB.GDPDJB.code-unknown" }
        #expect((severity?["source"] as? String)?.hasSuffix("(severity set by hebei@2024)") == true)
        #expect(severity?["severity"] as? String == "warning")
        let tolerance = declared.first { $0["id"] as? String == "CJDCQ.DCMJ-not-sum-of-DLTB" }
        #expect((tolerance?["source"] as? String)?.hasSuffix("(tolerance set by hebei@2024)") == true)
        #expect(!declared.contains { $0["id"] as? String == "DLTB.TBBH-not-digits" })
    }
}
