import Foundation
import TestSupport
import Testing

/// The CI gate: --fail-on, --baseline, --waivers, --quiet.
struct CIWorkflowTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-ci-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func report(_ path: String) throws -> JSONNode {
        try JSONNode.parse(Data(contentsOf: URL(fileURLWithPath: path)))
    }

    @Test func baselineFailsOnTheNewDefectAndCountsTheFixedOne() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let previous = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--output",
            directory + "/previous",
        ])
        #expect(previous.status == 1)
        let next = try runStdcheck([
            "check", "fixtures/sample-county-next", "--standard", "gtdc@2020", "--format", "text,json", "--output",
            directory + "/next", "--baseline", directory + "/previous/report.json",
        ])
        #expect(next.status == 1, "\(next.stderr)")
        let json = try report(directory + "/next/report.json")
        #expect(json["baseline"] == .object(["new": .number(1), "unchanged": .number(94), "fixed": .number(1)]))
        #expect(json["gate"]?["failing"] == .number(1))
        let new = json["findings"]?.array?.filter { $0["baseline"]?.string == "new" }
        #expect(new?.first?["location"]?["record"] == .number(200))
        #expect(next.stdout.contains("1 new, 94 unchanged, 1 fixed"))
    }

    @Test func baselineOfTheSameDeliveryPassesTheGateFromJSONAndFromJSONL() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json,jsonl", "--output",
            directory,
        ])
        for baseline in ["report.json", "report.jsonl"] {
            let again = try runStdcheck([
                "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--baseline",
                directory + "/" + baseline,
            ])
            #expect(again.status == 0, "\(baseline): \(again.stderr)")
            #expect(again.stdout.contains("0 new, 95 unchanged, 0 fixed"))
        }
    }

    @Test func truncatedJSONIsRefusedAsABaseline() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The sample has one finding per rule, so no cap truncates it: mark the rules truncated by hand.
        var text = try String(contentsOfFile: fixture("reports/sample-county.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"truncated\" : false", with: "\"truncated\" : true")
        try text.write(toFile: directory + "/truncated.json", atomically: true, encoding: .utf8)
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--baseline", directory + "/truncated.json",
        ])
        #expect(run.status == 2)
        #expect(run.stderr.contains("use its report.jsonl as the baseline"))
    }

    @Test func waiversInForceExpiredAndUnusedOnAGivenDay() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--output", directory,
            "--waivers", "fixtures/waivers/sample-county.yaml", "--today", "2026-11-29",
        ])
        #expect(run.status == 1)
        let json = try report(directory + "/report.json")
        #expect(json["summary"]?["waived"] == .number(2))
        let findings = json["findings"]?.array ?? []
        let places = findings.filter { $0["rule"]?.string?.hasPrefix("waiver-") == true }.map { finding in
            var line = 0
            if case .number(let number)? = finding["location"]?["line"] { line = Int(number) }
            return "\(finding["rule"]?.string ?? ""):\(finding["location"]?["file"]?.string ?? ""):\(line)"
        }
        #expect(
            places == [
                "waiver-expired:../waivers/sample-county.yaml:14", "waiver-unused:../waivers/sample-county.yaml:19",
            ])
        #expect(json["options"]?["today"]?.string == "2026-11-29")
        // After every waiver has expired, nothing is waived and all eleven errors fail the gate again.
        let later = try runStdcheck(
            [
                "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--waivers",
                "fixtures/waivers/sample-county.yaml",
            ] + ["--today", "2027-07-01"])
        let laterJSON = try JSONNode.parse(Data(later.stdout.utf8))
        #expect(laterJSON["summary"]?["waived"] == .number(0))
        #expect(laterJSON["gate"]?["failing"] == .number(22))
    }

    @Test func todayComesFromTheEnvironmentWhenNotGiven() throws {
        setenv("STDCHECK_TODAY", "2026-01-01", 1)
        defer { unsetenv("STDCHECK_TODAY") }
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--waivers",
            "fixtures/waivers/sample-county.yaml",
        ])
        let json = try JSONNode.parse(Data(run.stdout.utf8))
        #expect(json["options"]?["today"]?.string == "2026-01-01")
        // On 2026-01-01 the October 2026 waiver is still in force: three waived, none expired.
        #expect(json["summary"]?["waived"] == .number(3))
    }

    @Test(arguments: [
        ("fixtures/waivers/unknown-key.yaml", "unknown-key.yaml:5:5: error: unknown key 'expiry'"),
        ("fixtures/waivers/no-such-file.yaml", "no-such-file.yaml: error: cannot read the file"),
    ])
    func brokenWaiverFileExitsTwo(file: String, message: String) throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--waivers", file])
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func quietPrintsNothingAndKeepsTheExitStatus() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--quiet", "--format", "text,json",
            "--output", directory,
        ])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.isEmpty)
        #expect(FileManager.default.fileExists(atPath: directory + "/report.json"))
    }

    @Test func progressStaysOffWhenStandardErrorIsNotATerminal() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020"])
        #expect(!run.stderr.contains("records\u{1B}"))
        #expect(!run.stderr.contains("\r"))
    }

    /// Runs stdcheck under util-linux `script`, so that its standard error is a terminal.
    func runOnATerminal(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", ([stdcheckBinary] + arguments).joined(separator: " "), "/dev/null"]
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func progressGoesToATerminalAndQuietSilencesIt() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
            "util-linux script (Debian bsdutils) gives the test a terminal")
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let check = ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--output"]
        let shown = try runOnATerminal(check + [directory + "/a"])
        #expect(shown.contains("\rstdcheck: DLTB: 303/303 records\u{1B}[K"), "\(shown.debugDescription)")
        let quiet = try runOnATerminal(check + [directory + "/b", "--quiet"])
        #expect(quiet.isEmpty, "\(quiet.debugDescription)")
    }

    /// The YAML block after `heading` in the README.
    func readmeBlock(after heading: String) throws -> [String] {
        let readme = try String(contentsOfFile: packageRoot + "/README.md", encoding: .utf8)
        let afterHeading = try #require(readme.components(separatedBy: "\n" + heading + "\n").dropFirst().first)
        let block = try #require(afterHeading.components(separatedBy: "```yaml\n").dropFirst().first)
        return try #require(block.components(separatedBy: "\n```").first).components(separatedBy: "\n")
    }

    /// The literal block scalar (`run: |`, `- |`) holding the `stdcheck check` command, dedented.
    func checkScript(in lines: [String]) throws -> String {
        let command = try #require(lines.firstIndex { $0.contains("/stdcheck check ") })
        let start = try #require(lines[..<command].lastIndex { $0.hasSuffix("|") })
        let indent = lines[start + 1].prefix { $0 == " " }.count
        var script: [String] = []
        for line in lines[(start + 1)...] {
            guard line.prefix(while: { $0 == " " }).count >= indent || line.isEmpty else { break }
            script.append(String(line.dropFirst(min(indent, line.count))))
        }
        return script.joined(separator: "\n") + "\n"
    }

    /// Each README job's check step, run as written in a copy of the job's layout (`delivery/`, StdCheck
    /// built in `stdcheck/.build`): it finds the rules, exits 1 on the sample, and writes every report the
    /// job uploads, with SARIF locations relative to the repository.
    @Test(arguments: ["### GitHub Actions", "### GitLab CI"])
    func readmeCIJobChecksTheDeliveryAndWritesTheReportsItUploads(heading: String) throws {
        let lines = try readmeBlock(after: heading)
        let yaml = lines.joined(separator: "\n")
        #expect(yaml.contains("swift build -c release --package-path stdcheck --product stdcheck"))
        // The cache holds the folder the binary is built in.
        #expect(lines.contains { $0.hasSuffix("path: stdcheck/.build") || $0.hasSuffix("- stdcheck/.build/") })
        let script = try checkScript(in: lines)
        #expect(script.hasPrefix("stdcheck/.build/release/stdcheck check delivery "))

        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.copyItem(atPath: fixture("sample-county"), toPath: directory + "/delivery")
        try FileManager.default.createDirectory(
            atPath: directory + "/stdcheck/.build/release", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: directory + "/stdcheck/.build/release/stdcheck", withDestinationPath: stdcheckBinary)
        let run = try runProgram("/bin/bash", ["-e", "-c", script], in: directory)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")

        let uploaded = Set(
            yaml.split(whereSeparator: { " \n'\"".contains($0) }).filter { $0.hasPrefix("stdcheck-reports/report.") })
        #expect(uploaded.contains("stdcheck-reports/report.junit.xml"))
        for file in uploaded {
            #expect(FileManager.default.fileExists(atPath: directory + "/" + file), "\(file) not written")
        }
        let sarif = try report(directory + "/stdcheck-reports/report.sarif")
        let uris = (sarif["runs"]?.array?.first?["results"]?.array ?? []).compactMap {
            $0["locations"]?.array?.first?["physicalLocation"]?["artifactLocation"]?["uri"]?.string
        }
        #expect(!uris.isEmpty)
        #expect(uris.allSatisfy { $0.hasPrefix("delivery/") }, "\(uris.prefix(3))")
    }
}
