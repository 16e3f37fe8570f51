import Foundation
import PostgresNIO
import Service
import TestSupport
import Testing

/// The throw-away PostgreSQL of the tests.
///
/// - `STDCHECK_TEST_POSTGRES=postgres://…` (a role that may CREATE DATABASE): that server is used and left
///   running (`make test` starts one with scripts/pg-test.sh around `swift test`).
/// - Otherwise, when Debian's `postgresql` is installed, the first suite that needs it starts a cluster of
///   its own with `scripts/pg-test.sh start` (folder `/tmp/stdcheck-pg-test-<pid>`), and the last one to
///   finish stops it (`.postgresCluster` suite trait).
/// - Without either, the PostgreSQL cases are left out and `PostgresAvailability` is skipped visibly, saying
///   why; under `CI=true` they run anyway and fail, so CI can never pass without PostgreSQL.
enum PostgresHarness {
    static let givenURL = ProcessInfo.processInfo.environment["STDCHECK_TEST_POSTGRES"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let initdbInstalled: Bool = {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.contains {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }
    }()
    /// Whether the PostgreSQL cases run.
    static let enabled = givenURL != nil || initdbInstalled || isCI
    static let skipReason: Comment =
        "PostgreSQL is not installed (Debian: apt-get install postgresql, or scripts/ensure-test-deps.sh) and STDCHECK_TEST_POSTGRES is not set"
}

/// Starts the cluster once for the suites that run at the same time and stops it after the last one.
actor PostgresCluster {
    static let shared = PostgresCluster()

    private var users = 0
    /// The start in flight or done: suites that ask at the same time wait for the one start.
    private var starting: Task<String, any Error>?
    private var url: String?
    /// The stop in flight: a start waits for it (same folder).
    private var stopping: Task<Void, Never>?
    private let folder = "/tmp/stdcheck-pg-test-\(ProcessInfo.processInfo.processIdentifier)"

    /// The admin URL of a running server (database `postgres`).
    func acquire() async throws -> String {
        users += 1
        if let given = PostgresHarness.givenURL {
            url = given
            return given
        }
        if starting == nil {
            let (folder, stopping) = (self.folder, self.stopping)
            starting = Task {
                await stopping?.value
                let (status, output) = await PostgresCluster.script("start", folder: folder)
                guard status == 0, let line = output.split(separator: "\n").last, line.hasPrefix("postgres://") else {
                    throw PostgresHarnessError.startFailed(output)
                }
                return String(line)
            }
        }
        do {
            let started = try await starting!.value
            url = started
            return started
        } catch {
            users -= 1
            throw error
        }
    }

    func release() async {
        users -= 1
        guard users == 0, starting != nil else { return }
        starting = nil
        url = nil
        let (folder, previous) = (self.folder, stopping)
        let stop = Task {
            await previous?.value
            _ = await PostgresCluster.script("stop", folder: folder)
        }
        stopping = stop
        await stop.value
    }

    /// Runs `scripts/pg-test.sh COMMAND` to its end on a thread of its own, with posix_spawn and waitpid:
    /// neither the concurrency pool nor Dispatch is needed to see it finish (on two cores, Foundation's
    /// Process waited here for a Dispatch thread that the blocked pool never freed).
    static func script(_ command: String, folder: String) async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: spawnAndWait(
                        ["/bin/bash", packageRoot + "/scripts/pg-test.sh", command],
                        environment: ["STDCHECK_PG_DIR": folder]))
            }
            thread.start()
        }
    }

    static func spawnAndWait(_ arguments: [String], environment extra: [String: String]) -> (Int32, String) {
        let log = NSTemporaryDirectory() + "stdcheck-pg-test-\(UUID().uuidString).log"
        defer { unlink(log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environment = ProcessInfo.processInfo.environment.merging(extra) { _, new in new }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard spawned == 0 else { return (-1, "posix_spawn \(arguments[0]) failed: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : -1, output)
    }

    /// A new empty database on the running server: its URL, and the closure that drops it.
    func freshDatabase() async throws -> String {
        guard let url else { throw PostgresHarnessError.notStarted }
        let name = "stdcheck_test_\(ServiceID.make().prefix(12))"
        try await PostgresCluster.execute("CREATE DATABASE \(name)", at: url)
        return PostgresCluster.url(url, database: name)
    }

    func dropDatabase(_ databaseURL: String) async {
        guard let url, let name = URLComponents(string: databaseURL)?.path.dropFirst(), !name.isEmpty else { return }
        try? await PostgresCluster.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", at: url)
    }

    static func url(_ url: String, database: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + database
        return components.string!
    }

    /// One statement on its own short-lived client (CREATE DATABASE cannot run inside a transaction).
    static func execute(_ sql: String, at url: String) async throws {
        let client = PostgresClient(configuration: try PostgresStore.configuration(url: url))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
        }
    }
}

enum PostgresHarnessError: Error, CustomStringConvertible {
    case startFailed(String)
    case notStarted

    var description: String {
        switch self {
        case .startFailed(let log): return "scripts/pg-test.sh start failed:\n\(log)"
        case .notStarted: return "the PostgreSQL cluster is not started (add the .postgresCluster trait to the suite)"
        }
    }
}

/// Holds the cluster while the suite runs.
struct PostgresClusterTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard PostgresHarness.enabled else { return try await function() }
        let started: Bool
        do {
            _ = try await PostgresCluster.shared.acquire()
            started = true
        } catch {
            // the PostgreSQL cases fail with this below; the SQLite ones still run
            Issue.record(error)
            started = false
        }
        do {
            try await function()
        } catch {
            if started { await PostgresCluster.shared.release() }
            throw error
        }
        if started { await PostgresCluster.shared.release() }
    }
}

extension Trait where Self == PostgresClusterTrait {
    /// The suite needs the throw-away PostgreSQL (see `PostgresHarness`).
    static var postgresCluster: Self { Self() }
}

/// Says visibly when the PostgreSQL cases are left out.
@Suite(.postgresCluster) struct PostgresAvailability {
    @Test(.enabled(if: PostgresHarness.enabled, PostgresHarness.skipReason))
    func theThrowAwayServerAnswers() async throws {
        let url = try await PostgresCluster.shared.freshDatabase()
        let store = try PostgresStore(url: url)
        try await store.migrate()
        #expect(try await store.users().isEmpty)
        await store.shutdown()
        await PostgresCluster.shared.dropDatabase(url)
    }
}
