import Foundation
import Service
import Synchronization
import TestSupport
import Testing
import ZIPFoundation

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 20's workers end to end: a throw-away PostgreSQL, one `stdcheck serve --workers 0` (it only
/// enqueues), three `stdcheck worker` processes, generated counties submitted over HTTP. One worker is
/// SIGKILLed while it checks, another SIGSTOPped past its lease and resumed after its job was claimed again.
/// Every county ends with exactly one report (checked, its folder the accepted claim's, nothing duplicated
/// or lost), the stopped worker's late outcome (result or failure) is refused (in job_attempts and in its log), and the attempts
/// are recorded; the batch summary's counts are the sum of the individual reports. Before the batch, the NOTIFY wake-up latency of idle workers is measured.
@Suite(.postgresCluster, .serialized) struct WorkerFleetTests {
    /// Counties in the batch (small: 120 parcels each).
    static let counties = 30
    static let lease = 6
    static let poll = 1

    @Test(.enabled(if: PostgresHarness.enabled, PostgresHarness.skipReason), .timeLimit(.minutes(10)))
    func threeWorkersOneKilledOneStoppedEveryCountyOnce() async throws {
        let database = try await PostgresCluster.shared.freshDatabase()
        let folder = try HostileFiles.folder("fleet")
        let data = folder + "/data"
        let children = Children()
        defer {
            // on any outcome: no child outlives the test (SIGKILL also ends a stopped one)
            children.killAll()
            try? FileManager.default.removeItem(atPath: folder)
        }
        let store = try PostgresStore(url: database)

        let added = try runStdcheck([
            "serve", "admin", "add-user", "--data", data, "--database", database, "--name", "p1", "--role",
            "producer", "--unit", "330106", "--password", "password-p1",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let token = try runStdcheck([
            "serve", "admin", "add-token", "--data", data, "--database", database, "--user", "p1",
        ])
        #expect(token.status == 0, "\(token.stderr)")
        let secret = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // the batch is submitted by an admin (producers cannot submit batches)
        let addedAdmin = try runStdcheck([
            "serve", "admin", "add-user", "--data", data, "--database", database, "--name", "ministry", "--role",
            "admin", "--password", "password-ministry",
        ])
        #expect(addedAdmin.status == 0, "\(addedAdmin.stderr)")
        let adminToken = try runStdcheck([
            "serve", "admin", "add-token", "--data", data, "--database", database, "--user", "ministry",
        ])
        #expect(adminToken.status == 0, "\(adminToken.stderr)")
        let adminSecret = adminToken.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // the generated counties' folders (beside their zips) are the batch's deliveries, under the data root
        try FileManager.default.createDirectory(atPath: folder + "/gen", withIntermediateDirectories: true)
        let server = try ServeProcess.start(
            data: data, workers: 0, options: ["--database", database, "--data-root", folder + "/gen"])
        children.add(server.process)
        let client = Client(base: server.base, bearer: secret)
        var workers: [String: Child] = [:]
        for name in ["w1", "w2", "w3"] {
            let worker = try Child.start(
                [
                    "worker", "--database", database, "--data", data, "--id", name, "--lease", String(Self.lease),
                    "--poll", String(Self.poll), "--max-attempts", "4",
                ], ready: "stdcheck: worker \(name) waiting for jobs")
            children.add(worker.process)
            workers[name] = worker
        }

        // generated counties, each a zip of its own (different seeds: different content)
        let zips = try (0..<Self.counties + 5).map { index in try Self.county(seed: index + 1, in: folder) }

        // wake-up latency: idle workers (polling only every second) take a new job at once on NOTIFY
        var latencies: [Int] = []
        for zip in zips.suffix(5) {
            let uploadID = try client.upload(zip, name: "probe.zip")
            let started = Date()
            let answer = try client.send(
                "POST", "/api/submissions", json: ["upload": uploadID, "standard": "gtdc@2020"])
            let id = try #require(answer.json["id"] as? String)
            var claimed = false
            while Date().timeIntervalSince(started) < 10 {
                if let row = try await store.submission(id: id, visibility: .all), row.state != .queued {
                    claimed = true
                    break
                }
                try await Task.sleep(for: .milliseconds(2))
            }
            #expect(claimed, "no worker took \(id) in 10 s")
            latencies.append(Int(Date().timeIntervalSince(started) * 1000))
            _ = try client.waitChecked(id, seconds: 120)
        }
        let median = latencies.sorted()[latencies.count / 2]
        print(
            "WorkerFleetTests: submit → claim with idle workers (poll every \(Self.poll) s): \(latencies) ms, median \(median) ms"
        )
        #expect(median < 500, "idle workers did not wake on NOTIFY: \(latencies) ms")

        // the batch: a manifest of the first 30 counties' folders, submitted with `stdcheck batch submit`
        var manifest = "id,path,standard,region\n"
        for seed in 1...Self.counties { manifest += "county \(seed),county-\(seed),gtdc@2020,130123\n" }
        let manifestFile = folder + "/counties.csv"
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: manifestFile))
        let batchEnvironment = ["STDCHECK_TOKEN": adminSecret]
        let batchSubmitted = try runStdcheck(
            ["batch", "submit", manifestFile, "--server", server.base.absoluteString], environment: batchEnvironment)
        #expect(batchSubmitted.status == 0, "\(batchSubmitted.stderr)")
        let batchID = batchSubmitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let ids = try await store.batchEntries(batchID: batchID).map(\.submission.id)
        #expect(ids.count == Self.counties)
        // kill -9 w1 while it checks
        let killed = try await Self.waitForJob(of: "w1", in: store, ids: ids)
        kill(workers["w1"]!.process.processIdentifier, SIGKILL)
        // stop w2 while it checks (the job it held once stopped), past its lease, until another worker took it
        var stopped: SubmissionRecord?
        for _ in 0..<20 where stopped == nil {
            let holding = try await Self.waitForJob(of: "w2", in: store, ids: ids)
            kill(workers["w2"]!.process.processIdentifier, SIGSTOP)
            // a finish it sent just before the stop reaches the database meanwhile
            try await Task.sleep(for: .milliseconds(300))
            let now = try #require(await store.submission(id: holding.id, visibility: .all))
            if now.state == .checking && now.claim == holding.claim {
                stopped = now
            } else {
                kill(workers["w2"]!.process.processIdentifier, SIGCONT)
            }
        }
        let victim = try #require(stopped, "w2 was never caught holding a job")
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let row = try #require(await store.submission(id: victim.id, visibility: .all))
            if row.leaseGeneration > victim.leaseGeneration { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let taken = try #require(await store.submission(id: victim.id, visibility: .all))
        #expect(taken.leaseGeneration > victim.leaseGeneration, "nobody took over \(victim.id) from the stopped w2")
        kill(workers["w2"]!.process.processIdentifier, SIGCONT)

        // every county ends checked
        let inspector = Client(base: server.base, bearer: adminSecret)
        for id in ids {
            let done = try inspector.waitChecked(id, seconds: 300)
            #expect(done["state"] as? String == "checked", "\(id): \(done["state"] ?? "") \(done["reasons"] ?? "")")
        }
        // the resumed w2 finishes its stale check and is refused
        var refusal: JobAttempt?
        while Date() < deadline.addingTimeInterval(120), refusal == nil {
            refusal = try await store.attempts(of: victim.id).first {
                $0.outcome == .refused && $0.worker == "w2" && $0.generation == victim.leaseGeneration
            }
            if refusal == nil { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(refusal != nil, "w2's late result for \(victim.id) was not refused: \(workers["w2"]!.log)")
        // the stale check ends as a result or, when the new claim's finish already removed the upload and the
        // stale work folder under it, as a failure: either late outcome is refused, and the log says which
        let log = workers["w2"]!.log
        #expect(
            log.contains("refused a late result") || log.contains("refused a late failure"),
            "\(log)")

        // exactly one report per county, the accepted claim's; nothing half-written or duplicated left
        let files = FileManager.default
        var checkedAttempts = 0
        for id in ids {
            let row = try #require(await store.submission(id: id, visibility: .all))
            #expect(row.state == .checked && row.verdict != nil && row.claimedBy == nil)
            #expect(row.reportFolder == "reports/\(id)/\(row.leaseGeneration)")
            let claims = try files.contentsOfDirectory(atPath: "\(data)/reports/\(id)")
            #expect(claims == ["\(row.leaseGeneration)"], "\(id): \(claims)")
            #expect(files.fileExists(atPath: "\(data)/reports/\(id)/\(row.leaseGeneration)/report.json"))
            let attempts = try await store.attempts(of: id)
            #expect(attempts.filter { $0.outcome == .checked }.count == 1, "\(id): \(attempts)")
            #expect(attempts.last(where: { $0.outcome == .checked })?.generation == row.leaseGeneration)
            #expect(row.attempts == attempts.filter { $0.outcome != .refused }.count, "\(id): \(attempts)")
            checkedAttempts += attempts.filter { $0.outcome == .checked }.count
        }
        #expect(checkedAttempts == Self.counties)
        let killedAttempts = try await store.attempts(of: killed.id)
        #expect(
            killedAttempts.contains {
                $0.outcome == .expired && $0.worker == "w1" && $0.generation == killed.leaseGeneration
            },
            "\(killedAttempts)")
        let victimAttempts = try await store.attempts(of: victim.id)
        #expect(victimAttempts.contains { $0.outcome == .expired && $0.worker == "w2" }, "\(victimAttempts)")
        let leftovers = try files.contentsOfDirectory(atPath: data + "/reports").filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        let work = try files.contentsOfDirectory(atPath: data + "/work")
        #expect(work.isEmpty, "\(work)")
        // the batch's summary counts are the sum of the individual reports
        let summaryFolder = folder + "/summary"
        let written = try runStdcheck(
            [
                "batch", "summary", batchID, "--server", server.base.absoluteString, "--format", "json", "--output",
                summaryFolder,
            ], environment: batchEnvironment)
        #expect(written.status == 0, "\(written.stderr)")
        let summary = try JSONDecoder().decode(
            BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: summaryFolder + "/summary.json")))
        var errors = 0
        var warnings = 0
        for id in ids {
            let row = try #require(await store.submission(id: id, visibility: .all))
            let report = try Data(contentsOf: URL(fileURLWithPath: "\(data)/\(row.reportFolder ?? "")/report.json"))
            let json = try #require(try JSONSerialization.jsonObject(with: report) as? [String: Any])
            let findings = (json["summary"] as? [String: Any])?["findings"] as? [String: Int] ?? [:]
            errors += findings["error"] ?? 0
            warnings += findings["warning"] ?? 0
        }
        #expect(summary.totals.items == Self.counties)
        #expect(summary.totals.conformant + summary.totals.nonConformant + summary.totals.notChecked == Self.counties)
        #expect(summary.totals.errors == errors)
        #expect(summary.totals.warnings == warnings)
        #expect(errors > 0, "the generated counties carry defects")
        // the server checked nothing itself
        #expect(!server.log.contains("[Service] checking"), "\(server.log)")
        await store.shutdown()
        await PostgresCluster.shared.dropDatabase(database)
    }

    /// A generated county (stdcheck-gen, 120 parcels, one defect in 40) zipped.
    static func county(seed: Int, in folder: String) throws -> Data {
        let output = "\(folder)/gen/county-\(seed)"
        let generated = try runProgram(
            builtProgram("stdcheck-gen"),
            ["--polygons", "120", "--seed", String(seed), "--output", output, "--defect-every", "40"])
        #expect(generated.status == 0, "\(generated.stderr)")
        let zip = URL(fileURLWithPath: output + ".zip")
        try FileManager.default.zipItem(at: URL(fileURLWithPath: output), to: zip, shouldKeepParent: false)
        return try Data(contentsOf: zip)
    }

    /// The job `worker` holds (checking, claimed by it) among `ids`, once it holds one.
    static func waitForJob(of worker: String, in store: PostgresStore, ids: [String]) async throws -> SubmissionRecord {
        let wanted = Set(ids)
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let checking = try await store.submissions(.init(state: .checking, limit: 1000), visibility: .all)
            if let held = checking.first(where: { $0.claimedBy == worker && wanted.contains($0.id) }) { return held }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw FleetError.timeout("\(worker) never held a job of the batch")
    }

    enum FleetError: Error { case timeout(String) }
}

/// Every child process of a test, killed at its end whatever happened.
final class Children: Sendable {
    private let processes = Mutex<[Process]>([])
    func add(_ process: Process) { processes.withLock { $0.append(process) } }
    func killAll() {
        for process in processes.withLock({ $0 }) where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// A `stdcheck` subprocess whose standard error is collected.
final class Child: Sendable {
    let process: Process
    private let output: ServeProcess.Box
    var log: String { output.text }

    private init(process: Process, output: ServeProcess.Box) {
        self.process = process
        self.output = output
    }

    /// Starts `stdcheck ARGUMENTS` and waits (up to a minute) for `ready` on its standard error.
    static func start(_ arguments: [String], ready: String) throws -> Child {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: stdcheckBinary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "STDCHECK_RULES")
        process.environment = environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let collected = ServeProcess.Box()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collected.append(String(decoding: chunk, as: UTF8.self))
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if collected.text.contains(ready) { return Child(process: process, output: collected) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        throw ServeProcess.ServeError(log: collected.text)
    }
}
