import Foundation
import Service
import TestSupport
import Testing

/// `kill -9` of `stdcheck serve --database postgres://…` while ten checks run; after the restart every
/// one of the ten ends checked exactly once, with its report folder. The PostgreSQL twin of
/// `ServeProcessTests.killedMidCheckEveryJobFinishesExactlyOnce`, on its helpers.
@Suite(.postgresCluster, .serialized) struct PostgresCrashTests {
    @Test(.enabled(if: PostgresHarness.enabled, PostgresHarness.skipReason))
    func killedDuringTenChecksFinishesEachOnce() async throws {
        let database = try await PostgresCluster.shared.freshDatabase()
        let folder = try HostileFiles.folder("pg-crash")
        let data = folder + "/data"
        let (ids, states, logs) = try Self.killAndRestart(data: data, database: database)

        // in the database: each checked, its claim cleared, run once, or twice when the kill interrupted it
        let store = try PostgresStore(url: database)
        for id in ids {
            let row = try #require(await store.submission(id: id, visibility: .all))
            #expect(row.state == .checked && row.verdict == .nonConformant)
            // one folder per claim: the accepted claim's generation names it
            #expect(row.reportFolder == "reports/\(id)/\(row.leaseGeneration)" && row.duplicateOf == nil)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: "\(data)/reports/\(id)") == [
                    "\(row.leaseGeneration)"
                ])
            #expect(row.claimedBy == nil && row.leaseUntil == nil)
            #expect((1...2).contains(row.attempts), "\(id) was claimed \(row.attempts) times")
            if states[id] == "checked" { #expect(row.attempts == 1) }
        }
        await store.shutdown()
        // in the logs: one "checked" per submission across both processes
        for id in ids {
            let finished = logs.split(separator: "\n").filter {
                $0.contains("submission=\(id)") && $0.hasSuffix("[Service] checked")
            }
            #expect(finished.count == 1, "\(id) finished \(finished.count) times")
        }
        // on disk: one complete report folder per submission, nothing half-written left
        let reports = try FileManager.default.contentsOfDirectory(atPath: data + "/reports").sorted()
        #expect(reports == ids.sorted())
        for id in ids {
            let claim = (try? FileManager.default.contentsOfDirectory(atPath: "\(data)/reports/\(id)"))?.first ?? "-"
            #expect(FileManager.default.fileExists(atPath: "\(data)/reports/\(id)/\(claim)/report.json"))
            #expect(FileManager.default.fileExists(atPath: "\(data)/reports/\(id)/\(claim)/report.html"))
        }
        try? FileManager.default.removeItem(atPath: folder)
        await PostgresCluster.shared.dropDatabase(database)
    }

    /// Ten deliveries on ten workers, SIGKILL while they are checked, a restart that finishes them: the
    /// ids, the states seen just before the kill, and both servers' logs.
    static func killAndRestart(data: String, database: String) throws -> ([String], [String: String], String) {
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

        let first = try ServeProcess.start(data: data, workers: 10, options: ["--database", database])
        var client = Client(base: first.base, bearer: secret)
        var ids: [String] = []
        for index in 0..<10 {
            let zip = try Deliveries.sampleCounty(extra: ["note-\(index).txt": "delivery \(index)"])
            let submitted = try client.submit(zip, name: "county-\(index).zip", standard: "gtdc@2020")
            ids.append(try #require(submitted["id"] as? String))
        }
        // kill it once every one has been claimed (on this machine the ten run at once)
        var states: [String: String] = [:]
        for _ in 0..<3000 {
            for id in ids {
                states[id] = try client.send("GET", "/api/submissions/\(id)").json["state"] as? String ?? ""
            }
            if !states.values.contains("queued") { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        first.kill()
        let interrupted = states.values.filter { $0 == "checking" }.count
        #expect(interrupted > 0, "no check was running at the kill: \(states)")
        #expect(states.values.allSatisfy { $0 == "checking" || $0 == "checked" }, "\(states)")
        let firstLog = first.log

        let second = try ServeProcess.start(data: data, workers: 10, options: ["--database", database])
        defer { second.kill() }
        client = Client(base: second.base, bearer: secret)
        for id in ids {
            let done = try client.waitChecked(id, seconds: 600)
            #expect(done["state"] as? String == "checked", "\(id): \(done["state"] ?? "")")
        }
        // a check seen running may still have finished before the kill: at most that many are requeued
        let requeued = second.log.firstMatch(of: /requeued ([0-9]+) interrupted checks/).flatMap { Int($0.1) } ?? 0
        #expect((1...interrupted).contains(requeued), "\(second.log)")
        return (ids, states, firstLog + second.log)
    }
}
