import Foundation
import Service
import TestSupport
import Testing

/// The workers' promises of the store, on SQLite and PostgreSQL alike: every claim has a generation, and
/// only the current one may renew, finish or fail its job (a late worker is refused and the refusal is
/// recorded); a failed check is retried, then parked; each ended claim is in `attempts(of:)`.
@Suite(.postgresCluster) struct FencingStoreTests {
    @Test(arguments: StoreKind.tested)
    func aLateClaimIsRefusedEvenUnderTheSameWorkerName(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(StoreSuiteTests.user("u"))
        try await store.createSubmission(StoreSuiteTests.submission("a", created: 1))
        try await store.enqueue(id: "a", at: 1)
        let first = try #require(await store.claimNext(worker: "w1", now: 10, leaseMillis: 100))
        #expect(first.leaseGeneration == 1 && first.claim == JobClaim(id: "a", worker: "w1", generation: 1))
        #expect(try await store.renewLease(first.claim, until: 120))
        // w1 stops past its lease; w1 (restarted under the same name) claims the job again
        #expect(try await store.claimNext(worker: "w1", now: 119, leaseMillis: 100) == nil)
        let second = try #require(await store.claimNext(worker: "w1", now: 121, leaseMillis: 100))
        #expect(second.id == "a" && second.leaseGeneration == 2 && second.attempts == 2)
        // the first claim's heartbeat, failure and result are refused: same id, same worker, old generation
        #expect(try await store.renewLease(first.claim, until: 500) == false)
        #expect(try await store.failCheck(first.claim, reason: "exit 3: x", disposition: .retry, at: 122) == false)
        var late = StoreSuiteTests.result
        late.reportFolder = "reports/a/1"
        #expect(try await store.finishCheck(first.claim, result: late, at: 123) == false)
        var current = StoreSuiteTests.result
        current.reportFolder = "reports/a/2"
        #expect(try await store.finishCheck(second.claim, result: current, at: 124))
        // once checked, even the current generation cannot write again
        #expect(try await store.finishCheck(second.claim, result: late, at: 125) == false)
        let row = try #require(await store.submission(id: "a", visibility: .all))
        #expect(row.state == .checked && row.reportFolder == "reports/a/2" && row.leaseGeneration == 2)
        let attempts = try await store.attempts(of: "a")
        #expect(
            attempts.map { "\($0.generation) \($0.worker) \($0.outcome.rawValue)" } == [
                "1 w1 expired", "1 w1 refused", "1 w1 refused", "2 w1 checked", "2 w1 refused",
            ])
        #expect(attempts.filter { $0.outcome == .refused }.allSatisfy { $0.reason == JobAttempt.refusal })
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func failuresRetryThenPark(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(StoreSuiteTests.user("u"))
        try await store.createSubmission(StoreSuiteTests.submission("b", created: 1))
        try await store.enqueue(id: "b", at: 1)
        // attempt 1: the check could not complete → queued again, claim cleared
        let one = try #require(await store.claimNext(worker: "w1", now: 10, leaseMillis: 100))
        #expect(try await store.failCheck(one.claim, reason: "exit 3: disk full", disposition: .retry, at: 11))
        let queued = try #require(await store.submission(id: "b", visibility: .all))
        #expect(queued.state == .queued && queued.claimedBy == nil && queued.failureReason == "exit 3: disk full")
        #expect(try await store.queueLength() == 1)
        // attempt 2: its worker dies; attempt 3 takes the expired lease and parks it
        _ = try #require(await store.claimNext(worker: "w2", now: 20, leaseMillis: 100))
        let three = try #require(await store.claimNext(worker: "w3", now: 200, leaseMillis: 100))
        #expect(three.attempts == 3 && three.leaseGeneration == 3)
        #expect(try await store.failCheck(three.claim, reason: "exit 3: killed", disposition: .park, at: 201))
        let parked = try #require(await store.submission(id: "b", visibility: .all))
        #expect(parked.state == .parked && parked.claimedBy == nil && parked.leaseUntil == nil)
        #expect(try await store.queueLength() == 0)
        #expect(try await store.claimNext(worker: "w4", now: 10_000, leaseMillis: 100) == nil)
        #expect(try await store.submissions(.init(state: .parked), visibility: .all).map(\.id) == ["b"])
        let attempts = try await store.attempts(of: "b")
        #expect(attempts.map(\.outcome) == [.retry, .expired, .parked])
        #expect(attempts.map(\.worker) == ["w1", "w2", "w3"])
        #expect(
            attempts.map(\.reason) == ["exit 3: disk full", "the lease ran out without a heartbeat", "exit 3: killed"])
        // a usage error fails at once
        try await store.createSubmission(StoreSuiteTests.submission("c", created: 2, sha: "cc"))
        try await store.enqueue(id: "c", at: 2)
        let usage = try #require(await store.claimNext(worker: "w1", now: 300, leaseMillis: 100))
        #expect(try await store.failCheck(usage.claim, reason: "exit 2: no standard fits", disposition: .fail, at: 301))
        #expect(try await store.submission(id: "c", visibility: .all)?.state == .failed)
        #expect(try await store.attempts(of: "c").map(\.outcome) == [.failed])
        await opened.close()
    }

    /// A database at schema version 1 with a submission mid-check, upgraded by `migrate()`: the row is kept,
    /// its generation starts at its claims so far, an expired claim of it is taken over and fenced, and the
    /// rebuilt table accepts `parked`.
    @Test(arguments: StoreKind.tested)
    func upgradeFromVersionOneKeepsTheQueue(_ kind: StoreKind) async throws {
        let version1 = try #require(try Migration.all().first { $0.version == 1 })
        let rows = [
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, '0001_initial.sql', 0)",
            "INSERT INTO users (id, name, role, unit, password_hash, created_at) VALUES ('u', 'p', 'producer', '330106', 'h', 1)",
            """
            INSERT INTO submissions (id, owner_id, unit, standard, file_name, size, sha256, upload_id, state, attempts,
                claimed_by, lease_until, created_at, updated_at)
            VALUES ('old', 'u', '330106', 'gtdc@2020', 'a.zip', 10, 'aa', 'up', 'checking', 2, 'w', 50, 1, 1)
            """,
        ]
        let statements = [Migration.bookkeeping] + version1.statements + rows
        let store: any ServiceStore
        let cleanUp: @Sendable () async -> Void
        switch kind {
        case .sqlite:
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") else {
                Issue.record("sqlite3 (Debian: apt-get install sqlite3) is needed to write a version-1 database")
                return
            }
            let folder = try HostileFiles.folder("upgrade")
            let script = folder + "/v1.sql"
            try Data(statements.map { $0 + ";\n" }.joined().utf8).write(to: URL(fileURLWithPath: script))
            let made = try runProgram("/usr/bin/sqlite3", [folder + "/service.sqlite", ".read \(script)"])
            #expect(made.status == 0, "\(made.stderr)")
            store = try await ServiceStoreFactory.open("sqlite:\(folder)/service.sqlite")
            cleanUp = { try? FileManager.default.removeItem(atPath: folder) }
        case .postgres:
            let database = try await PostgresCluster.shared.freshDatabase()
            for statement in statements { try await PostgresCluster.execute(statement, at: database) }
            store = try await ServiceStoreFactory.open(database)
            cleanUp = {
                await (store as? PostgresStore)?.shutdown()
                await PostgresCluster.shared.dropDatabase(database)
            }
        }
        try await store.migrate()
        let kept = try #require(await store.submission(id: "old", visibility: .all))
        #expect(kept.state == .checking && kept.attempts == 2 && kept.leaseGeneration == 2 && kept.claimedBy == "w")
        let taken = try #require(await store.claimNext(worker: "w2", now: 100, leaseMillis: 10))
        #expect(taken.id == "old" && taken.leaseGeneration == 3 && taken.attempts == 3)
        #expect(try await store.renewLease(JobClaim(id: "old", worker: "w", generation: 2), until: 500) == false)
        #expect(try await store.failCheck(taken.claim, reason: "exit 3: gone", disposition: .park, at: 101))
        #expect(try await store.submission(id: "old", visibility: .all)?.state == .parked)
        #expect(try await store.attempts(of: "old").map(\.outcome) == [.expired, .parked])
        await cleanUp()
    }
}
