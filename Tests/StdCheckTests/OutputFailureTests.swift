import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Standard output that cannot be written: the run says so and exits 3, never a crash or a silent kill.
struct OutputFailureTests {
    /// Runs `stdcheck` with its standard output on `descriptor` (closed here once the child has it).
    func run(_ arguments: [String], stdout descriptor: Int32, environment: [String: String] = [:]) throws -> (
        status: Int32, stderr: String, crashed: Bool
    ) {
        let process = Process()
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.executableURL = URL(fileURLWithPath: stdcheckBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        process.standardOutput = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let err = Pipe()
        process.standardError = err
        try process.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: errors, as: UTF8.self),
            process.terminationReason == .uncaughtSignal
        )
    }

    @Test func aFullDeviceOnStandardOutputExitsThreeWithOneLine() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else {
            Issue.record("this system has no /dev/full")
            return
        }
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        #expect(full >= 0)
        let result = try run(["check", "fixtures/sample-county", "--standard", "gtdc@2020"], stdout: full)
        #expect(!result.crashed, "\(result.stderr)")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("stdcheck: error: cannot write to standard output: No space left on device"))
    }

    @Test(arguments: [["--help"], ["check", "--help"], ["--version"], ["standards", "list"]])
    func helpAndListsOnAFullDeviceExitThreeToo(arguments: [String]) throws {
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        guard full >= 0 else {
            Issue.record("this system has no /dev/full")
            return
        }
        let result = try run(arguments, stdout: full)
        #expect(!result.crashed)
        #expect(result.status == 3, "\(result.stderr)")
    }

    @Test func aPipeClosedByItsReaderExitsThreeWithoutASignal() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        // The reader is gone before the first byte is written: every write gets EPIPE (or SIGPIPE).
        close(ends[0])
        let result = try run(
            ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json"], stdout: ends[1])
        #expect(!result.crashed, "killed by a signal: \(result.stderr)")
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write to standard output: Broken pipe"))
    }

    @Test func aZipsTemporaryFolderIsRemovedWhenStandardOutputFails() throws {
        let temporary = NSTemporaryDirectory() + "stdcheck-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        guard full >= 0 else {
            Issue.record("this system has no /dev/full")
            return
        }
        let result = try run(
            ["check", "fixtures/zip/zip-slip.zip", "--standard", "structure@1", "--format", "json"], stdout: full,
            environment: ["TMPDIR": temporary]
        )
        #expect(result.status == 3, "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
    }
}
