import Foundation
import Service
import TestSupport
import Testing

/// The SQLite store on a real database file in a temporary folder.
@Suite struct SQLiteStoreTests {
    func store() async throws -> (any ServiceStore, String) {
        let folder = try HostileFiles.folder("store")
        let store = try await ServiceStoreFactory.open("sqlite:\(folder)/service.sqlite")
        try await store.migrate()
        try await store.migrate()  // a second start applies nothing again
        return (store, folder)
    }

    func submission(_ id: String, owner: String, unit: String, created: Int64, sha: String = "aa") -> SubmissionRecord {
        SubmissionRecord(
            id: id, ownerID: owner, unit: unit, standard: "gtdc@2020", fileName: "a.zip", size: 10, sha256: sha,
            uploadID: nil, createdAt: created, updatedAt: created)
    }

    @Test func usersSessionsAndTokens() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let user = User(
            id: ServiceID.make(), name: "p1", role: .producer, unit: "330106", regions: [], passwordHash: "h",
            createdAt: 1)
        try await store.createUser(user)
        await #expect(throws: StoreError.self) { try await store.createUser(user) }
        #expect(try await store.user(named: "p1") == user)
        try await store.createSession(
            SessionRecord(tokenHash: "t", userID: user.id, csrf: "c", createdAt: 1, expiresAt: 5))
        #expect(try await store.session(tokenHash: "t")?.csrf == "c")
        #expect(try await store.deleteExpiredSessions(now: 10) == 1)
        #expect(try await store.session(tokenHash: "t") == nil)
        let token = APIToken(
            id: ServiceID.make(), userID: user.id, name: "ci", tokenHash: "th", scopes: [.submit, .read], createdAt: 2)
        try await store.createToken(token)
        #expect(try await store.token(hash: "th")?.scopes == [.submit, .read])
        try await store.revokeToken(id: token.id, at: 3)
        #expect(try await store.token(hash: "th")?.revokedAt == 3)
    }

    @Test func claimsAreNeverSharedAndInterruptedJobsRequeue() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let user = User(
            id: "u", name: "p", role: .producer, unit: "330106", regions: [], passwordHash: "h", createdAt: 1)
        try await store.createUser(user)
        for index in 0..<20 {
            try await store.createSubmission(submission("s\(index)", owner: "u", unit: "330106", created: Int64(index)))
            try await store.enqueue(id: "s\(index)", at: Int64(index))
        }
        // two claimers racing over one file, as two processes would
        let other = try await ServiceStoreFactory.open("sqlite:\(folder)/service.sqlite")
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (index, claimer) in [store, other].enumerated() {
                group.addTask {
                    var ids: [String] = []
                    while let job = try await claimer.claimNext(worker: "w\(index)", now: 100, leaseMillis: 1000) {
                        ids.append(job.id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == 20)
        #expect(Set(claimed).count == 20)
        #expect(try await store.queueLength() == 20)
        // a worker finishes one, then the process dies: the rest come back exactly once
        let result = CheckResult(
            standard: "gtdc@2020", verdict: .conformant, exitStatus: 0, errors: 0, warnings: 0, reportFolder: "r")
        let first = try #require(await store.submission(id: "s0", visibility: .all))
        #expect(
            try await store.finishCheck(JobClaim(id: "s0", worker: "nobody", generation: 1), result: result, at: 200)
                == false)
        #expect(
            try await store.finishCheck(
                JobClaim(id: "s0", worker: first.claimedBy!, generation: 1), result: result, at: 200))
        #expect(try await store.requeueInterrupted(now: 300) == 19)
        #expect(try await store.submission(id: "s1", visibility: .all)?.state == .queued)
        #expect(try await store.checkedSubmission(sha256: "aa", standard: "gtdc@2020")?.id == "s0")
        // a claimed job whose content was checked meanwhile becomes its duplicate, claim cleared
        let reclaimed = try #require(try await store.claimNext(worker: "w9", now: 400, leaseMillis: 1000))
        let original = try #require(try await store.checkedSubmission(sha256: "aa", standard: "gtdc@2020"))
        try await store.completeAsDuplicate(id: reclaimed.id, of: original, at: 500)
        let duplicate = try #require(try await store.submission(id: reclaimed.id, visibility: .all))
        #expect(duplicate.state == .checked)
        #expect(duplicate.duplicateOf == "s0")
        #expect(duplicate.claimedBy == nil)
        #expect(duplicate.reportFolder == "r")
    }

    @Test func visibilityAndDecisions() async throws {
        let (store, folder) = try await store()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await store.createUser(
            User(id: "u", name: "p", role: .producer, unit: "330106", regions: [], passwordHash: "h", createdAt: 1))
        try await store.createSubmission(submission("a", owner: "u", unit: "330106", created: 1))
        try await store.createSubmission(submission("b", owner: "u", unit: "110101", created: 2))
        #expect(try await store.submission(id: "a", visibility: .unit("110101")) == nil)
        #expect(try await store.submission(id: "a", visibility: .regions(["33"])) != nil)
        #expect(try await store.submission(id: "a", visibility: .regions(["3302", "11"])) == nil)
        #expect(try await store.submission(id: "a", visibility: .regions([])) == nil)
        #expect(try await store.submissions(.init(), visibility: .all).map(\.id) == ["b", "a"])
        #expect(try await store.submissions(.init(county: "33"), visibility: .all).map(\.id) == ["a"])
        await #expect(throws: StoreError.self) {
            _ = try await store.decide(id: "a", decision: .accept, comment: "", by: "u", at: 3, visibility: .all)
        }
    }
}
