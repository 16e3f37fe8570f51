import Foundation
import RuleEngine
import Synchronization
import Testing

/// The package root, found from this file's own path (never from the working directory).
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// The absolute path of a file under `fixtures/`.
public func fixture(_ relative: String) -> String {
    packageRoot + "/fixtures/" + relative
}

/// The read-only corpus beside the project, when this machine has it.
public let corpusRoot: String? = {
    let path = URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/corpus")
        .path
    return FileManager.default.fileExists(atPath: path + "/oracle/shapefiles.tsv") ? path : nil
}()

/// Whether the corpus suites run: when this machine has the corpus, and always under `CI=true`, where a
/// missing corpus must fail them (`#require(corpusRoot)`) instead of letting them pass green or vanish.
/// Elsewhere they are skipped, and the test run says so.
public let corpusSuitesEnabled: Bool = corpusRoot != nil || ProcessInfo.processInfo.environment["CI"] == "true"

/// Whether golden files are being re-recorded (`STDCHECK_RECORD=1 swift test`).
public let recordingGoldens = ProcessInfo.processInfo.environment["STDCHECK_RECORD"] != nil

/// Compares `actual` with `fixtures/reports/<name>` byte for byte. When recording, rewrites the
/// file and returns a failure message anyway, so that every re-recording is a reviewed diff.
public func goldenMismatch(_ actual: String, named name: String) -> String? {
    let path = fixture("reports/" + name)
    if recordingGoldens {
        try? FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? actual.write(toFile: path, atomically: true, encoding: .utf8)
        return "recorded \(name); review the diff, then run again without STDCHECK_RECORD"
    }
    // Decoded by hand: String(contentsOfFile:) drops a byte-order mark, which the CSV golden keeps.
    guard let data = FileManager.default.contents(atPath: path) else {
        return "no golden file \(path); run STDCHECK_RECORD=1 swift test to create it"
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected == actual { return nil }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, pair) in zip(expectedLines, actualLines).enumerated() where pair.0 != pair.1 {
        return "\(name) differs at line \(index + 1):\n  expected: \(pair.0)\n  actual:   \(pair.1)"
    }
    return "\(name) differs in length: expected \(expectedLines.count) lines, got \(actualLines.count)"
}

/// What one run of the `stdcheck` binary did.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
    /// True when the process was killed by a signal (a crash), not when it exited.
    public var crashed: Bool
}

/// The built `stdcheck` executable, beside the test bundle.
public let stdcheckBinary: String = {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("stdcheck").path
    if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
    return packageRoot + "/.build/debug/stdcheck"
}()

/// Runs `stdcheck` with `arguments` in the package root, with a time limit; `environment` adds variables.
public func runStdcheck(
    _ arguments: [String], timeout: TimeInterval = 60, environment extra: [String: String] = [:]
) throws -> RunResult {
    try runProgram(stdcheckBinary, arguments, timeout: timeout, environment: extra)
}

/// A program built beside `stdcheck` (`stdcheck-gen`).
public func builtProgram(_ name: String) -> String {
    URL(fileURLWithPath: stdcheckBinary).deletingLastPathComponent().appendingPathComponent(name).path
}

/// Runs a program with `arguments` in the package root (or `directory`), with a time limit; `environment`
/// adds variables.
public func runProgram(
    _ path: String, _ arguments: [String], timeout: TimeInterval = 60, environment extra: [String: String] = [:],
    in directory: String = packageRoot
) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var environment = ProcessInfo.processInfo.environment
    environment.removeValue(forKey: "STDCHECK_RULES")
    // stdcheck speaks the locale's language (--lang); goldens are English unless a test sets one
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] { environment.removeValue(forKey: name) }
    environment.merge(extra) { _, new in new }
    process.environment = environment
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes while the process runs, so a large report cannot fill a pipe and stall it.
    let group = DispatchGroup()
    let collected = Collected()
    group.enter()
    DispatchQueue.global().async {
        collected.setOut(out.fileHandleForReading.readDataToEndOfFile())
        group.leave()
    }
    group.enter()
    DispatchQueue.global().async {
        collected.setErr(err.fileHandleForReading.readDataToEndOfFile())
        group.leave()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    if process.isRunning {
        // SIGTERM first; a child that does not end within 5 s (a handler that cannot run, a wait on a thread
        // that was never created) gets SIGKILL, so a timeout always ends the child and the test.
        process.terminate()
        let grace = Date().addingTimeInterval(5)
        while process.isRunning && Date() < grace { Thread.sleep(forTimeInterval: 0.01) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // a grandchild may still hold the pipes open: do not wait for it
        _ = group.wait(timeout: .now() + 5)
        return RunResult(status: -1, stdout: collected.out, stderr: "timed out after \(timeout) s", crashed: true)
    }
    process.waitUntilExit()
    group.wait()
    return RunResult(
        status: process.terminationStatus, stdout: collected.out, stderr: collected.err,
        crashed: process.terminationReason == .uncaughtSignal)
}

/// Output gathered from two reader threads.
private final class Collected: Sendable {
    private let outData = Mutex(Data())
    private let errData = Mutex(Data())

    func setOut(_ data: Data) { outData.withLock { $0 = data } }
    func setErr(_ data: Data) { errData.withLock { $0 = data } }
    var out: String { outData.withLock { String(decoding: $0, as: UTF8.self) } }
    var err: String { errData.withLock { String(decoding: $0, as: UTF8.self) } }
}

/// Every bundled pack (`rules/`), loaded once: a pack that fails to load is kept with its error, so that
/// parameterized tests built from the packs fail on it instead of silently having fewer arguments.
public let bundledPacks: [(reference: String, result: Result<Standard, RulePackError>)] = {
    let directory = packageRoot + "/rules"
    return RulePackLoader.available(in: directory).map { reference in
        do throws(RulePackError) {
            return (reference, .success(try RulePackLoader.load(reference, rulesDirectory: directory)))
        } catch {
            return (reference, .failure(error))
        }
    }
}()

/// One rule of a bundled pack as a test argument; a pack that does not load is one argument of its own,
/// whose test fails (`try argument.loaded.get()`), so no pack drops out of a parameterized test unseen.
public struct BundledRule: Sendable, CustomTestStringConvertible {
    public struct Loaded: Sendable {
        public var standard: Standard
        public var rule: Rule
    }

    public var reference: String
    public var loaded: Result<Loaded, RulePackError>

    public var testDescription: String {
        switch loaded {
        case .success(let pair): "\(reference) \(pair.rule.id)"
        case .failure: "\(reference) (does not load)"
        }
    }

    /// The rules of every bundled pack that `include` selects, in pack and rule order.
    public static func all(where include: (Rule) -> Bool) -> [BundledRule] {
        bundledPacks.flatMap { reference, result -> [BundledRule] in
            switch result {
            case .failure(let error):
                return [BundledRule(reference: reference, loaded: .failure(error))]
            case .success(let standard):
                return standard.rules.filter(include).map {
                    BundledRule(reference: reference, loaded: .success(Loaded(standard: standard, rule: $0)))
                }
            }
        }
    }
}
