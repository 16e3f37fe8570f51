import Foundation
import Service
import TestSupport
import Testing

/// The databases the store suite runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when it can run (see `PostgresHarness`; `PostgresAvailability` says when not).
    static var tested: [StoreKind] { PostgresHarness.enabled ? [.sqlite, .postgres] : [.sqlite] }
}

/// A store on a fresh database of one kind, and what it takes to open a second connection to it (another
/// process, as far as the database can tell) and to throw it away.
struct OpenedStore: Sendable {
    var kind: StoreKind
    /// What `--database` would say.
    var database: String
    var store: any ServiceStore
    var folder: String?

    static func open(_ kind: StoreKind) async throws -> OpenedStore {
        switch kind {
        case .sqlite:
            let folder = try HostileFiles.folder("store")
            let database = "sqlite:\(folder)/service.sqlite"
            let store = try await ServiceStoreFactory.open(database)
            try await store.migrate()
            try await store.migrate()  // a second start applies nothing again
            return OpenedStore(kind: kind, database: database, store: store, folder: folder)
        case .postgres:
            let database = try await PostgresCluster.shared.freshDatabase()
            let store = try await ServiceStoreFactory.open(database)
            #expect(store is PostgresStore)
            try await store.migrate()
            try await store.migrate()
            return OpenedStore(kind: kind, database: database, store: store, folder: nil)
        }
    }

    /// Another store on the same database.
    func second() async throws -> any ServiceStore { try await ServiceStoreFactory.open(database) }

    func close(_ others: [any ServiceStore] = []) async {
        for store in [store] + others { await (store as? PostgresStore)?.shutdown() }
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        if kind == .postgres { await PostgresCluster.shared.dropDatabase(database) }
    }
}

/// One suite, both databases: every `ServiceStore` promise, run against SQLite and PostgreSQL alike.
@Suite(.postgresCluster) struct StoreSuiteTests {
    static func user(
        _ id: String, role: Role = .producer, unit: String? = "330106", regions: [String] = [], created: Int64 = 1
    ) -> User {
        User(
            id: id, name: "name-\(id)", role: role, unit: unit, regions: regions, passwordHash: "$argon2id$\(id)",
            createdAt: created)
    }

    static func submission(
        _ id: String, owner: String = "u", unit: String = "330106", standard: String? = "gtdc@2020",
        created: Int64, sha: String = "aa"
    ) -> SubmissionRecord {
        SubmissionRecord(
            id: id, ownerID: owner, unit: unit, standard: standard, fileName: "\(id).zip", size: 10, sha256: sha,
            uploadID: nil, createdAt: created, updatedAt: created)
    }

    static let result = CheckResult(
        standard: "gtdc@2020", verdict: .nonConformant, exitStatus: 1, errors: 3, warnings: 2,
        reportFolder: "reports/x")

    @Test(arguments: StoreKind.tested)
    func migrationsAreRecordedOnceEvenFromTwoStartsAtOnce(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let others = [try await opened.second(), try await opened.second()]
        // two more processes starting together: both wait for or skip the applied files, neither fails
        try await withThrowingTaskGroup(of: Void.self) { group in
            for other in others { group.addTask { try await other.migrate() } }
            try await group.waitForAll()
        }
        try await opened.store.createUser(Self.user("u"))
        #expect(try await others[0].user(id: "u")?.name == "name-u")
        await opened.close(others)
    }

    @Test(arguments: StoreKind.tested)
    func users(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        let producer = Self.user("p", unit: "330106")
        let inspector = Self.user("i", role: .inspector, unit: nil, regions: ["3301", "11"], created: 2)
        try await store.createUser(producer)
        try await store.createUser(inspector)
        #expect(try await store.user(id: "p") == producer)
        #expect(try await store.user(named: "name-i") == inspector)
        #expect(try await store.user(id: "nobody") == nil)
        #expect(try await store.user(named: "nobody") == nil)
        #expect(try await store.users().map(\.id) == ["i", "p"])  // by name
        // a taken name is a conflict; so is a taken id
        var sameName = Self.user("other")
        sameName.name = producer.name
        await #expect(throws: StoreError.self) { try await store.createUser(sameName) }
        await #expect(throws: StoreError.self) { try await store.createUser(producer) }
        do {
            try await store.createUser(sameName)
            Issue.record("a taken name was accepted")
        } catch StoreError.conflict {
        } catch {
            Issue.record("a taken name is \(error), not conflict")
        }
        try await store.setPassword(userID: "p", hash: "$argon2id$new")
        #expect(try await store.user(id: "p")?.passwordHash == "$argon2id$new")
        try await store.setDisabled(userID: "p", at: 42)
        #expect(try await store.user(id: "p")?.disabledAt == 42)
        try await store.setDisabled(userID: "p", at: nil)
        #expect(try await store.user(id: "p")?.disabledAt == nil)
        await #expect(throws: StoreError.notFound("user nobody")) {
            try await store.setPassword(userID: "nobody", hash: "h")
        }
        await #expect(throws: StoreError.notFound("user nobody")) {
            try await store.setDisabled(userID: "nobody", at: 1)
        }
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func sessions(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        let live = SessionRecord(tokenHash: "live", userID: "u", csrf: "c1", createdAt: 1, expiresAt: 100)
        let old = SessionRecord(tokenHash: "old", userID: "u", csrf: "c2", createdAt: 1, expiresAt: 5)
        try await store.createSession(live)
        try await store.createSession(old)
        // a session of a user that does not exist is refused (foreign key)
        await #expect(throws: StoreError.self) {
            try await store.createSession(
                SessionRecord(tokenHash: "x", userID: "ghost", csrf: "c", createdAt: 1, expiresAt: 9))
        }
        #expect(try await store.session(tokenHash: "live") == live)
        #expect(try await store.session(tokenHash: "old") == old)  // expired or not: the caller compares
        #expect(try await store.deleteExpiredSessions(now: 10) == 1)
        #expect(try await store.session(tokenHash: "old") == nil)
        #expect(try await store.deleteExpiredSessions(now: 10) == 0)
        try await store.deleteSession(tokenHash: "live")
        #expect(try await store.session(tokenHash: "live") == nil)
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func tokens(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        try await store.createUser(Self.user("v", created: 2))
        let ci = APIToken(id: "t1", userID: "u", name: "ci", tokenHash: "h1", scopes: [.submit, .read], createdAt: 1)
        let review = APIToken(id: "t2", userID: "v", name: "desk", tokenHash: "h2", scopes: [.review], createdAt: 2)
        let later = APIToken(id: "t3", userID: "u", name: "ci2", tokenHash: "h3", scopes: [.read], createdAt: 3)
        for token in [ci, review, later] { try await store.createToken(token) }
        // the secret's hash is unique
        await #expect(throws: StoreError.self) {
            try await store.createToken(
                APIToken(id: "t4", userID: "u", name: "dup", tokenHash: "h1", scopes: [], createdAt: 4))
        }
        #expect(try await store.token(hash: "h1") == ci)
        #expect(try await store.token(id: "t2") == review)
        #expect(try await store.token(hash: "nope") == nil)
        #expect(try await store.tokens(userID: "u").map(\.id) == ["t3", "t1"])  // newest first
        #expect(try await store.tokens(userID: nil).map(\.id) == ["t3", "t2", "t1"])
        try await store.touchToken(id: "t1", at: 50)
        #expect(try await store.token(id: "t1")?.lastUsedAt == 50)
        try await store.revokeToken(id: "t1", at: 60)
        try await store.revokeToken(id: "t1", at: 70)  // revoking again keeps the first time
        #expect(try await store.token(hash: "h1")?.revokedAt == 60)
        #expect(try await store.token(id: "t3")?.revokedAt == nil)
        await #expect(throws: StoreError.notFound("token nope")) { try await store.revokeToken(id: "nope", at: 1) }
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func uploads(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        try await store.createUser(Self.user("v", created: 2))
        let upload = Upload(
            id: "up1", ownerID: "u", length: 1000, offset: 0,
            metadata: ["filename": "县级数据库.zip", "standard": "gtdc@2020", "quote": "a\"b,c"],
            fileName: "县级数据库.zip", createdAt: 5)
        try await store.createUpload(upload)
        try await store.createUpload(
            Upload(
                id: "up2", ownerID: "u", length: 4_000_000_000, offset: 0, metadata: [:], fileName: "big.zip",
                createdAt: 6))
        try await store.createUpload(
            Upload(id: "up3", ownerID: "v", length: 7, offset: 0, metadata: [:], fileName: "v.zip", createdAt: 7))
        await #expect(throws: StoreError.self) { try await store.createUpload(upload) }
        #expect(try await store.upload(id: "up1") == upload)
        #expect(try await store.upload(id: "none") == nil)
        // the tus offset moves only from where the store has it
        #expect(try await store.advanceUpload(id: "up1", from: 0, to: 400))
        #expect(try await store.advanceUpload(id: "up1", from: 0, to: 500) == false)
        #expect(try await store.advanceUpload(id: "up1", from: 400, to: 1000))
        #expect(try await store.advanceUpload(id: "none", from: 0, to: 1) == false)
        try await store.completeUpload(id: "up1", sha256: "abc123", at: 9)
        let completed = try #require(await store.upload(id: "up1"))
        #expect(completed.offset == 1000 && completed.sha256 == "abc123" && completed.completedAt == 9)
        await #expect(throws: StoreError.notFound("upload none")) {
            try await store.completeUpload(id: "none", sha256: "x", at: 1)
        }
        // the quota counts declared lengths, beyond 32 bits
        #expect(try await store.bytesHeld(ownerID: "u") == 4_000_001_000)
        #expect(try await store.bytesHeld(ownerID: "v") == 7)
        #expect(try await store.bytesHeld(ownerID: "nobody") == 0)
        try await store.deleteUpload(id: "up2")
        #expect(try await store.upload(id: "up2") == nil)
        #expect(try await store.bytesHeld(ownerID: "u") == 1000)
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func submissionStates(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        try await store.createUser(Self.user("i", role: .inspector, unit: nil, regions: ["33"], created: 2))
        try await store.createSubmission(Self.submission("a", created: 1))
        await #expect(throws: StoreError.self) { try await store.createSubmission(Self.submission("a", created: 1)) }
        #expect(try await store.submission(id: "a", visibility: .all)?.state == .uploaded)
        #expect(try await store.queueLength() == 0)
        // uploaded → queued, once
        try await store.enqueue(id: "a", at: 2)
        await #expect(throws: StoreError.self) { try await store.enqueue(id: "a", at: 3) }
        #expect(try await store.queueLength() == 1)
        // a decision before the check is refused
        await #expect(throws: StoreError.self) {
            _ = try await store.decide(id: "a", decision: .accept, comment: "", by: "i", at: 3, visibility: .all)
        }
        // queued → checking → checked
        let claimed = try #require(await store.claimNext(worker: "w1", now: 10, leaseMillis: 1000))
        #expect(claimed.id == "a" && claimed.state == .checking && claimed.attempts == 1)
        #expect(claimed.claimedBy == "w1" && claimed.leaseUntil == 1010)
        #expect(try await store.claimNext(worker: "w2", now: 11, leaseMillis: 1000) == nil)
        #expect(try await store.renewLease(JobClaim(id: "a", worker: "w2", generation: 1), until: 5000) == false)
        #expect(try await store.renewLease(JobClaim(id: "a", worker: "w1", generation: 1), until: 5000))
        #expect(
            try await store.finishCheck(JobClaim(id: "a", worker: "w2", generation: 1), result: Self.result, at: 20)
                == false)
        #expect(
            try await store.finishCheck(JobClaim(id: "a", worker: "w1", generation: 1), result: Self.result, at: 20))
        #expect(
            try await store.finishCheck(JobClaim(id: "a", worker: "w1", generation: 1), result: Self.result, at: 21)
                == false)
        let checked = try #require(await store.submission(id: "a", visibility: .all))
        #expect(checked.state == .checked && checked.verdict == .nonConformant && checked.exitStatus == 1)
        #expect(checked.errors == 3 && checked.warnings == 2 && checked.reportFolder == "reports/x")
        #expect(checked.claimedBy == nil && checked.leaseUntil == nil && checked.checkedAt == 20)
        #expect(try await store.queueLength() == 0)
        // the same content and standard: checked at once, pointing at the first one's report
        #expect(try await store.checkedSubmission(sha256: "aa", standard: "gtdc@2020")?.id == "a")
        #expect(try await store.checkedSubmission(sha256: "aa", standard: nil) == nil)
        #expect(try await store.checkedSubmission(sha256: "bb", standard: "gtdc@2020") == nil)
        try await store.createSubmission(Self.submission("dup", created: 30))
        try await store.completeAsDuplicate(id: "dup", of: checked, at: 31)
        let duplicate = try #require(await store.submission(id: "dup", visibility: .all))
        #expect(duplicate.state == .checked && duplicate.duplicateOf == "a" && duplicate.reportFolder == "reports/x")
        #expect(duplicate.verdict == .nonConformant && duplicate.errors == 3 && duplicate.checkedAt == 31)
        await #expect(throws: StoreError.self) { try await store.completeAsDuplicate(id: "dup", of: checked, at: 32) }
        // a worker that claimed one and found its content checked meanwhile completes it as a duplicate
        try await store.createSubmission(Self.submission("late", created: 32))
        try await store.enqueue(id: "late", at: 32)
        #expect(try await store.claimNext(worker: "w4", now: 33, leaseMillis: 1000)?.id == "late")
        try await store.completeAsDuplicate(id: "late", of: checked, at: 34)
        let late = try #require(await store.submission(id: "late", visibility: .all))
        #expect(late.state == .checked && late.duplicateOf == "a" && late.claimedBy == nil && late.leaseUntil == nil)
        // a duplicate is never the source of another duplicate
        #expect(try await store.checkedSubmission(sha256: "aa", standard: "gtdc@2020")?.id == "a")
        // no standard asked for matches only no standard
        try await store.createSubmission(Self.submission("n", standard: nil, created: 40, sha: "nn"))
        try await store.enqueue(id: "n", at: 41)
        let detect = try #require(await store.claimNext(worker: "w1", now: 42, leaseMillis: 1000))
        #expect(detect.id == "n")
        var undetected = Self.result
        undetected.standard = nil
        #expect(try await store.finishCheck(JobClaim(id: "n", worker: "w1", generation: 1), result: undetected, at: 43))
        #expect(try await store.checkedSubmission(sha256: "nn", standard: nil)?.id == "n")
        #expect(try await store.checkedSubmission(sha256: "nn", standard: "gtdc@2020") == nil)
        // checking → failed with the reason
        try await store.createSubmission(Self.submission("f", created: 50, sha: "ff"))
        try await store.enqueue(id: "f", at: 51)
        _ = try #require(await store.claimNext(worker: "w3", now: 52, leaseMillis: 1000))
        #expect(
            try await store.failCheck(
                JobClaim(id: "f", worker: "w1", generation: 1), reason: "no", disposition: .fail, at: 53) == false)
        #expect(
            try await store.failCheck(
                JobClaim(id: "f", worker: "w3", generation: 1), reason: "the reader threw", disposition: .fail, at: 53))
        let failed = try #require(await store.submission(id: "f", visibility: .all))
        #expect(failed.state == .failed && failed.failureReason == "the reader threw" && failed.claimedBy == nil)
        await #expect(throws: StoreError.self) {
            _ = try await store.decide(id: "f", decision: .accept, comment: "", by: "i", at: 54, visibility: .all)
        }
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func twoClaimersNeverGetTheSameJob(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        let count = 40
        for index in 0..<count {
            try await store.createSubmission(Self.submission(String(format: "s%02d", index), created: Int64(index)))
            try await store.enqueue(id: String(format: "s%02d", index), at: Int64(index))
        }
        // four claimers on two separate connections pools (as two servers would be), racing
        let other = try await opened.second()
        let claimers: [(String, any ServiceStore)] = [("a1", store), ("a2", store), ("b1", other), ("b2", other)]
        let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
            for (worker, claimer) in claimers {
                group.addTask {
                    var ids: [String] = []
                    while let job = try await claimer.claimNext(worker: worker, now: 100, leaseMillis: 1000) {
                        #expect(job.claimedBy == worker)
                        ids.append(job.id)
                    }
                    return ids
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.count == count)
        #expect(Set(claimed).count == count)
        #expect(try await store.queueLength() == count)
        await opened.close([other])
    }

    @Test(arguments: StoreKind.tested)
    func leasesAndInterruptedJobs(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        for (index, id) in ["old", "mid", "new"].enumerated() {
            try await store.createSubmission(Self.submission(id, created: Int64(index + 1)))
            try await store.enqueue(id: id, at: Int64(index + 1))
        }
        // the oldest queued first
        let first = try #require(await store.claimNext(worker: "w1", now: 100, leaseMillis: 50))
        #expect(first.id == "old")
        let second = try #require(await store.claimNext(worker: "w1", now: 100, leaseMillis: 500))
        #expect(second.id == "mid")
        // w1's lease on "old" runs out at 150: another worker takes it over (it is older than "new")
        let takeover = try #require(await store.claimNext(worker: "w2", now: 151, leaseMillis: 500))
        #expect(takeover.id == "old" && takeover.attempts == 2 && takeover.claimedBy == "w2")
        // the worker that lost it can neither renew nor finish it
        #expect(try await store.renewLease(JobClaim(id: "old", worker: "w1", generation: 1), until: 900) == false)
        #expect(
            try await store.finishCheck(JobClaim(id: "old", worker: "w1", generation: 1), result: Self.result, at: 152)
                == false)
        #expect(
            try await store.failCheck(
                JobClaim(id: "old", worker: "w1", generation: 1), reason: "x", disposition: .fail, at: 152) == false)
        #expect(try await store.claimNext(worker: "w3", now: 152, leaseMillis: 500)?.id == "new")
        #expect(try await store.claimNext(worker: "w3", now: 153, leaseMillis: 500) == nil)
        #expect(try await store.queueLength() == 3)
        // the process dies: at start-up every checking row is queued again, its claim cleared
        #expect(try await store.requeueInterrupted(now: 200) == 3)
        #expect(try await store.requeueInterrupted(now: 201) == 0)
        for id in ["old", "mid", "new"] {
            let row = try #require(await store.submission(id: id, visibility: .all))
            #expect(row.state == .queued && row.claimedBy == nil && row.leaseUntil == nil && row.updatedAt == 200)
        }
        // and each runs again once
        var again: [String] = []
        while let job = try await store.claimNext(worker: "w9", now: 300, leaseMillis: 500) {
            again.append(job.id)
            #expect(try await store.finishCheck(job.claim, result: Self.result, at: 301))
        }
        #expect(again == ["old", "mid", "new"])
        #expect(try await store.submission(id: "old", visibility: .all)?.attempts == 3)
        #expect(try await store.queueLength() == 0)
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func decisions(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        try await store.createUser(Self.user("i", role: .inspector, unit: nil, regions: ["3301"], created: 2))
        for (index, id) in ["a", "b", "c"].enumerated() {
            try await store.createSubmission(
                Self.submission(id, unit: id == "c" ? "110101" : "330106", created: Int64(index + 1), sha: id))
            try await store.enqueue(id: id, at: 5)
            let job = try #require(await store.claimNext(worker: "w", now: 6, leaseMillis: 100))
            #expect(try await store.finishCheck(job.claim, result: Self.result, at: 7))
        }
        let inspector = Visibility.regions(["3301"])
        let accepted = try await store.decide(
            id: "a", decision: .accept, comment: "审核通过", by: "i", at: 10, visibility: inspector)
        #expect(accepted.state == .accepted && accepted.decision == .accept && accepted.decisionComment == "审核通过")
        #expect(accepted.decidedBy == "i" && accepted.decidedAt == 10 && accepted.updatedAt == 10)
        #expect(try await store.submission(id: "a", visibility: .all) == accepted)
        let returned = try await store.decide(
            id: "b", decision: .return, comment: "图斑编号重复，请修改后重新提交", by: "i", at: 11, visibility: inspector)
        #expect(returned.state == .returned && returned.decision == .return)
        // decided once: a second decision is invalid, whatever it says
        await #expect(throws: StoreError.self) {
            _ = try await store.decide(id: "a", decision: .return, comment: "", by: "i", at: 12, visibility: inspector)
        }
        // outside the inspector's regions it does not exist for them
        await #expect(throws: StoreError.notFound("submission c")) {
            _ = try await store.decide(id: "c", decision: .accept, comment: "", by: "i", at: 12, visibility: inspector)
        }
        await #expect(throws: StoreError.notFound("submission zz")) {
            _ = try await store.decide(id: "zz", decision: .accept, comment: "", by: "i", at: 12, visibility: .all)
        }
        #expect(try await store.submission(id: "c", visibility: .all)?.state == .checked)
        // accepted and returned still serve as a duplicate's source
        #expect(try await store.checkedSubmission(sha256: "b", standard: "gtdc@2020")?.id == "b")
        await opened.close()
    }

    @Test(arguments: StoreKind.tested)
    func visibilityAndFilters(_ kind: StoreKind) async throws {
        let opened = try await OpenedStore.open(kind)
        let store = opened.store
        try await store.createUser(Self.user("u"))
        // units: two in 3301, one in 3302, one in 11, and one whose code holds LIKE's wildcards
        let rows: [(String, String, String?, Int64)] = [
            ("a", "330106", "gtdc@2020", 1), ("b", "330108", "gtdc@2020", 2), ("c", "330204", "gtdcbg@2021", 3),
            ("d", "110101", nil, 4), ("e", "33%_01", "gtdc@2020", 5),
        ]
        for (id, unit, standard, created) in rows {
            try await store.createSubmission(
                Self.submission(id, unit: unit, standard: standard, created: created, sha: id))
        }
        try await store.enqueue(id: "b", at: 6)
        try await store.enqueue(id: "c", at: 6)
        let job = try #require(await store.claimNext(worker: "w", now: 7, leaseMillis: 100))
        #expect(job.id == "b")
        #expect(try await store.finishCheck(JobClaim(id: "b", worker: "w", generation: 1), result: Self.result, at: 8))
        var conformant = Self.result
        conformant.verdict = .conformant
        conformant.standard = nil  // keeps the standard asked for
        #expect(try await store.claimNext(worker: "w", now: 9, leaseMillis: 100)?.id == "c")
        #expect(try await store.finishCheck(JobClaim(id: "c", worker: "w", generation: 1), result: conformant, at: 10))
        #expect(try await store.submission(id: "c", visibility: .all)?.standard == "gtdcbg@2021")

        func ids(_ filter: SubmissionFilter = .init(), _ visibility: Visibility = .all) async throws -> [String] {
            try await store.submissions(filter, visibility: visibility).map(\.id)
        }
        // newest first, paged stably
        #expect(try await ids() == ["e", "d", "c", "b", "a"])
        #expect(try await ids(.init(limit: 2)) == ["e", "d"])
        #expect(try await ids(.init(limit: 2, offset: 2)) == ["c", "b"])
        #expect(try await ids(.init(limit: 2, offset: 4)) == ["a"])
        // a producer: its unit only
        #expect(try await ids(.init(), .unit("330106")) == ["a"])
        #expect(try await store.submission(id: "b", visibility: .unit("330106")) == nil)
        #expect(try await store.submission(id: "a", visibility: .unit("330106"))?.id == "a")
        // an inspector: a county code or a prefix, several at once; nothing without regions
        #expect(try await ids(.init(), .regions(["3301"])) == ["b", "a"])
        #expect(try await ids(.init(), .regions(["33"])) == ["e", "c", "b", "a"])
        #expect(try await ids(.init(), .regions(["330204", "11"])) == ["d", "c"])
        #expect(try await ids(.init(), .regions([])) == [])
        #expect(try await store.submission(id: "d", visibility: .regions(["33"])) == nil)
        // wildcards in a region are literal characters, not patterns
        #expect(try await ids(.init(), .regions(["33%"])) == ["e"])
        #expect(try await ids(.init(), .regions(["3_"])) == [])
        // the filters, alone and together with visibility
        #expect(try await ids(.init(county: "3301")) == ["b", "a"])
        #expect(try await ids(.init(county: "330")) == ["c", "b", "a"])
        #expect(try await ids(.init(county: "33_")) == [])
        #expect(try await ids(.init(standard: "gtdc@2020")) == ["e", "b", "a"])
        #expect(try await ids(.init(state: .uploaded)) == ["e", "d", "a"])
        #expect(try await ids(.init(state: .checked)) == ["c", "b"])
        #expect(try await ids(.init(verdict: .conformant)) == ["c"])
        #expect(try await ids(.init(verdict: .nonConformant)) == ["b"])
        #expect(try await ids(.init(county: "33", standard: "gtdc@2020", state: .uploaded)) == ["e", "a"])
        #expect(try await ids(.init(county: "33", state: .checked), .regions(["3301"])) == ["b"])
        #expect(try await ids(.init(county: "3302"), .unit("330106")) == [])
        await opened.close()
    }
}
