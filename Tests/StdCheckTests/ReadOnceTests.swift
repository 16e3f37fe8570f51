import Foundation
import TestSupport
import Testing

/// Detection reads a submission's catalogue, and the detected standard then opens the submission: a
/// member whose reader must parse it to know its layers (boundary TXT, VCT, GDAL) is parsed once, the
/// catalogue keeping what it opened (issue #14). Counted on the CLI with strace: every `open` of the
/// member's file by `stdcheck check` without `--standard`.
@Suite(.serialized) struct ReadOnceTests {
    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// How many times `stdcheck check PATH` (standard detected) opens files named `name`.
    static func opens(of name: String, checking path: String) throws -> (count: Int, status: Int32, report: String) {
        let strace = try #require(Self.strace, "strace is missing: apt-get install strace")
        let log = NSTemporaryDirectory() + "stdcheck-opens-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: log) }
        let run = try runProgram(
            strace,
            ["-f", "-qq", "-e", "trace=open,openat", "-o", log, stdcheckBinary, "check", path, "--format", "json"],
            timeout: 300)
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        let count = lines.filter { $0.contains("/" + name + "\"") && !$0.contains("= -1 ") }.count
        return (count, run.status, run.stdout)
    }

    /// A VCT: the file is opened three times, once for its size (opened and sought to its end, not
    /// read), once to be digested (sha256, on the digest thread) and once to be indexed; before,
    /// detection indexed it a second time.
    @Test(.enabled(if: strace != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
    func aVCTIsIndexedOnceWhenTheStandardIsDetected() throws {
        let (count, status, report) = try Self.opens(
            of: "sample-county.vct", checking: fixture("vct/sample-county.vct"))
        #expect(status == 0 || status == 1, "\(report.prefix(400))")
        #expect(report.contains("\"selection\" : \"detected\""))
        #expect(count == 3, "opens of the VCT: \(count)")
    }

    /// A boundary TXT: its first 256 bytes read once by routing (it is a `.txt`), its size, its digest,
    /// and one parse; before, detection routed and parsed it a second time.
    @Test(.enabled(if: strace != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
    func aBoundaryTXTIsParsedOnceWhenTheStandardIsDetected() throws {
        let (count, status, report) = try Self.opens(
            of: "bpzb-valid.txt", checking: fixture("boundary-txt/bpzb-valid.txt"))
        #expect(status == 0 || status == 1, "\(report.prefix(400))")
        #expect(report.contains("\"selection\" : \"detected\""))
        #expect(count == 4, "opens of the TXT: \(count)")
    }
}
