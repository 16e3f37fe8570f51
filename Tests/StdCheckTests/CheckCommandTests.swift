import Foundation
import TestSupport
import Testing

/// The `stdcheck` binary end to end: golden reports, exit statuses, help text.
struct CheckCommandTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func sampleCountyJSONReportMatchesTheGoldenFileByteForByte() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "sample-county.json") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func sampleCountyTextSummaryMatchesTheGoldenFile() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020"])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "sample-county.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func everyDeliberateDefectOfTheSampleIsCaughtByTheRuleItsReadmeNames() throws {
        let readme = try String(contentsOfFile: fixture("sample-county/README.md"), encoding: .utf8)
        // The README's defect tables name each rule in backticks: `DLTB.DLBM.code-unknown`,
        // `BSM-duplicated-across-layers`; file names such as `DLTB.shp` have no hyphen.
        let named = Set(
            readme.split(separator: "`").map(String.init).filter { token in
                token.first?.isUppercase == true && token.contains("-")
                    && token.allSatisfy { $0.isASCII && !$0.isWhitespace }
            })
        #expect(named.count == 29)
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json"])
        let report = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        let findings = try #require(report?["findings"] as? [[String: Any]])
        // The README names the DLTB rules; format rules (pyshp's missing DBF end-of-file byte) are not its subject.
        let caught = Set(findings.compactMap { $0["rule"] as? String }.filter { $0.first?.isUppercase == true })
        #expect(caught == named)
    }

    @Test func sameInputGivesTheSameBytes() throws {
        let arguments = ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json"]
        let first = try runStdcheck(arguments)
        let second = try runStdcheck(arguments)
        #expect(first.stdout == second.stdout)
        #expect(!first.stdout.isEmpty)
    }

    /// With one thread (`STDCHECK_THREADS=1`, the path taken when the system refuses to create threads) the
    /// check runs whole on the calling thread and writes the same report as with every core.
    @Test func oneThreadGivesTheSameReportAsEveryCore() throws {
        let arguments = ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json"]
        let parallel = try runStdcheck(arguments)
        let serial = try runStdcheck(arguments, environment: ["STDCHECK_THREADS": "1"])
        #expect(serial.status == 1, "\(serial.stderr)")
        #expect(!serial.stdout.isEmpty)
        #expect(serial.stdout == parallel.stdout)
    }

    @Test func conformingSubmissionExitsZero() throws {
        let run = try runStdcheck(["check", "fixtures/clean-county", "--standard", "gtdc@2020"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("Verdict: CONFORMANT"))
    }

    @Test func findingsBelowFailOnExitZeroAndAboveExitOne() throws {
        let never = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--fail-on", "never",
        ])
        #expect(never.status == 0)
        let warning = try runStdcheck([
            "check", "fixtures/dbf/gbk-undeclared.dbf", "--standard", "gtdc@2020", "--fail-on", "warning",
        ])
        // a table that is not DLTB: DLTB.layer-missing is an error either way
        #expect(warning.status == 1)
    }

    @Test(arguments: [
        (["check", "fixtures/sample-county", "--standard", "gtdc@1999"], "no standard 'gtdc@1999'"),
        (
            ["check", "fixtures/sample-county", "--standard", "unknownkey@1", "--rules-dir", "fixtures/packs"],
            "unknown key 'layrs'"
        ),
        (["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "docx"], "unknown format 'docx'"),
        (["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "text,json"], "need --output"),
        (["check", "fixtures/no-such-folder", "--standard", "gtdc@2020"], "no such file or folder"),
    ])
    func usageAndRulePackErrorsExitTwo(arguments: [String], message: String) throws {
        let run = try runStdcheck(arguments)
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func withoutAStandardOnlyTheStructureIsChecked() throws {
        let run = try runStdcheck(["check", "fixtures/clean-county", "--standard", "structure@1", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let standard = report["standard"] as? [String: Any]
        #expect(standard?["id"] as? String == "structure")
        let rules = (report["findings"] as? [[String: Any]])?.compactMap { $0["rule"] as? String }
        // the clean county's .dbf files end with their 0x1A marker: not even an info finding
        #expect(rules == [])
    }

    @Test func unwritableOutputExitsThree() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let blocker = directory + "/a-file"
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--output", blocker,
        ])
        #expect(run.status == 3)
        #expect(run.stderr.contains("cannot write the report"))
    }

    @Test func outputFolderReceivesEveryRequestedFormat() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "text,json", "--output",
            directory + "/out",
        ])
        #expect(run.status == 1)
        let json = try String(contentsOfFile: directory + "/out/report.json", encoding: .utf8)
        let text = try String(contentsOfFile: directory + "/out/report.txt", encoding: .utf8)
        #expect(json == (try? String(contentsOfFile: fixture("reports/sample-county.json"), encoding: .utf8)))
        #expect(text == run.stdout)
    }

    @Test func checkHelpMatchesTheGoldenFile() throws {
        let run = try runStdcheck(["check", "--help"])
        #expect(run.status == 0)
        if let problem = goldenMismatch(run.stdout, named: "check-help.txt") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func standardsListNamesTheBundledPack() throws {
        let run = try runStdcheck(["standards", "list"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").contains { $0.hasPrefix("gtdc@2020\t国土调查数据库标准") })
    }
}
