import CheckKit
import Formats
import Foundation
import RuleEngine
import TestSupport
import Testing

/// The library the CLI and the service share: the same report as `stdcheck check`, progress that moves
/// forward, and failures as values, never exits.
@Suite struct CheckSessionTests {
    let searchPath = RulesSearchPath([.init(packageRoot + "/rules", origin: .option)])

    @Test func reportFilesAndProgressOfTheSampleCounty() throws {
        let output = try HostileFiles.folder("session")
        defer { try? FileManager.default.removeItem(atPath: output) }
        var request = CheckRequest(
            path: fixture("sample-county"), standard: "gtdc@2020",
            writers: [JSONReportWriter.self, TextReportWriter.self],
            output: output, coverDate: "2026-01-01", language: .en, searchPath: searchPath,
            tool: .init(name: "stdcheck", version: "test"))
        request.maxFindingsPerRule = 1000
        var steps: [CheckProgress] = []
        var said: [CheckDiagnostic] = []
        let outcome = try CheckSession.run(request, diagnostics: { said.append($0) }, progress: { steps.append($0) })
        #expect(outcome.exitStatus == 1)
        #expect(outcome.report.verdict == .nonConformant)
        #expect(outcome.writtenFiles == ["report.json", "report.txt"])
        #expect(FileManager.default.fileExists(atPath: output + "/report.json"))
        #expect(said.isEmpty)
        // forward only, ending done at 1, with the layers' records on the way
        #expect(steps.first?.phase == .opening)
        #expect(steps.last == CheckProgress(phase: .done, fraction: 1))
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0.fraction <= $1.fraction })
        #expect(steps.contains { $0.phase == .checking && $0.layer == "DLTB" && $0.records == $0.total })
        // the CLI on the same folder exits the same way
        let cli = try runStdcheck(["check", fixture("sample-county"), "--standard", "gtdc@2020", "--quiet"])
        #expect(cli.status == outcome.exitStatus)
    }

    @Test func failuresAreValues() throws {
        let empty = try HostileFiles.folder("session-empty")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        try Data("hello".utf8).write(to: URL(fileURLWithPath: empty + "/note.txt"))
        var said: [String] = []
        let request = CheckRequest(
            path: empty, coverDate: "2026-01-01", searchPath: searchPath, tool: .init(name: "stdcheck", version: "test")
        )
        #expect(throws: CheckSessionError.exit(2)) {
            _ = try CheckSession.run(request) { if case .message(let text) = $0 { said.append(text) } }
        }
        #expect(said.contains { $0.contains("no standard fits") })
        var missing = request
        missing.path = empty + "/nothing-here"
        #expect(throws: CheckSessionError.usage("no such file or folder: \(empty)/nothing-here")) {
            _ = try CheckSession.run(missing)
        }
        var unknown = request
        unknown.standard = "nosuch@1"
        #expect(throws: CheckSessionError.exit(2)) { _ = try CheckSession.run(unknown) }
    }
}
