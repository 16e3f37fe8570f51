import Foundation
import TestSupport
import Testing
import ZIPFoundation

/// Hostile input through the `stdcheck` binary: a finding, never a trap, and memory bounded by the
/// useful content, checked under `ulimit -v` on large sparse files made in the test.
struct MemoryBoundTests {
    /// The process's address space: the runtime and libraries take under 250 MB; mapped files add theirs.
    static let baseline = 600 << 20

    /// Runs `stdcheck` under `ulimit -v` of `bytes`.
    func runLimited(_ arguments: [String], bytes: Int, environment: [String: String] = [:]) throws -> RunResult {
        try runProgram(
            "/bin/bash", ["-c", "ulimit -v \(bytes / 1024); exec \"$0\" \"$@\"", stdcheckBinary] + arguments,
            timeout: 120, environment: environment)
    }

    /// The rule and location of every line of a JSONL report.
    func findings(_ jsonl: String) throws -> [(rule: String, record: Int?, message: String)] {
        try jsonl.split(separator: "\n").map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let location = object["location"] as? [String: Any]
            let message = (object["message"] as? [String: Any])?["en"] as? String
            return (object["rule"] as? String ?? "", location?["record"] as? Int, message ?? "")
        }
    }

    @Test(arguments: ["gtdc@2020", "structure@1"])
    func nanInAnInvalidPolygonInAZipIsAFindingAndLeavesNoFolderBehind(standard: String) throws {
        let folder = try HostileFiles.folder("nan-zip")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let temporary = folder + "/tmp"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        // a bow tie (invalid) holding a NaN, a bow tie beyond ±9.2e15, and a sound square
        try HostileFiles.writeShapefile(
            [
                HostileFiles.polygon(number: 1, ring: [(0, 0), (10, 10), (.nan, 0), (0, 10), (0, 0)]),
                HostileFiles.polygon(number: 2, ring: [(0, 0), (1e16, 10), (10, 0), (0, 10), (0, 0)]),
                HostileFiles.polygon(number: 3, ring: [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]),
            ], name: "DLTB", into: data)
        let zip = folder + "/county.zip"
        let archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .create)
        for name in ["DLTB.shp", "DLTB.shx", "DLTB.dbf"] {
            try archive.addEntry(with: name, relativeTo: URL(fileURLWithPath: data))
        }
        let run = try runStdcheck(
            ["check", zip, "--standard", standard, "--format", "jsonl"], environment: ["TMPDIR": temporary])
        #expect(!run.crashed, "\(run.stderr)")
        #expect(run.status == 1, "\(run.stderr)")
        let invalid = try findings(run.stdout).filter { $0.rule == "coordinate-invalid" }
        #expect(invalid.map(\.record) == [1, 2])
        #expect(
            invalid.map(\.message) == [
                "vertex 3 has x = nan, not finite or beyond ±1e15",
                "vertex 2 has x = 1e+16, not finite or beyond ±1e15",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
    }

    @Test(arguments: [false, true])
    func aSparseShpIsCheckedInBoundedMemory(withIndex: Bool) throws {
        let folder = try HostileFiles.folder("sparse-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 64 MiB of zero bytes: the old reader took about 95 bytes of memory per byte (6 GB) for these
        let size = 64 << 20
        try HostileFiles.writeSparse(HostileFiles.shapeHeader(length: size), size: size, to: folder + "/S.shp")
        if withIndex {
            try HostileFiles.writeSparse(HostileFiles.shapeHeader(length: size), size: size, to: folder + "/S.shx")
        }
        let run = try runLimited(
            ["check", folder, "--standard", "structure@1", "--format", "jsonl"], bytes: Self.baseline + 2 * size)
        #expect(!run.crashed && run.status == 1, "status \(run.status): \(run.stderr)")
        #expect(try findings(run.stdout).map(\.rule).contains("shp-record-empty"))
    }

    @Test func aTableOfNulRecordsIsFindingsInBoundedMemory() throws {
        let folder = try HostileFiles.folder("nul-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 400,000 records of NUL bytes (flag 0x00): the old reader passed them all (exit 0)
        let count = 400_000
        let header = HostileFiles.dbfHeader(count: count)
        try HostileFiles.writeSparse(header, size: header.count + 11 * count, to: folder + "/T.dbf")
        let run = try runLimited(
            ["check", folder, "--standard", "structure@1", "--format", "jsonl"], bytes: Self.baseline + 11 * count)
        #expect(!run.crashed && run.status == 1, "status \(run.status): \(run.stderr)")
        let found = try findings(run.stdout)
        #expect(found.filter { $0.rule == "dbf-deletion-flag-invalid" }.count == 1000)
        #expect(
            found.filter { $0.rule == "findings-capped" }.map(\.message) == [
                "399000 more dbf-deletion-flag-invalid findings (records 1001–400000) are not listed; "
                    + "only the first 1000 are"
            ])
    }

    @Test func aLineOfAMillionCellsIsCheckedInBoundedMemory() throws {
        let folder = try HostileFiles.folder("wide-cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // one line of 1,000,000 cells: the old reader took 1.8 GB for it
        let text = String(repeating: "a,", count: 999_999) + "a\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/wide.csv"))
        let run = try runLimited(
            ["check", folder + "/wide.csv", "--standard", "structure@1", "--format", "jsonl"],
            bytes: Self.baseline + text.utf8.count)
        #expect(!run.crashed && run.status == 1, "status \(run.status): \(run.stderr)")
        let limits = try findings(run.stdout).filter { $0.rule == "csv-limit-exceeded" }
        #expect(
            limits.map(\.message) == [
                "line 1: the row has more than 16384 cells; the 983616 cells after them are skipped"
            ])
    }
}
