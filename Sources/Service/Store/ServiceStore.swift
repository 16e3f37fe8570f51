import Foundation

// The contract between the service and its databases. `SQLiteStore` (GRDB, the embedded default) and
// `PostgresStore` (postgres-nio) implement it over one schema: the migration files in
// Resources/migrations/, plain SQL that both accept. Times are epoch milliseconds (BIGINT); ids are
// text made by the service (`ServiceID.make()`), so neither database's own sequences are needed; lists
// (regions, scopes) are comma-separated TEXT and the tus metadata is a JSON object as TEXT.

/// Errors a store reports in the service's terms.
public enum StoreError: Error, Equatable, Sendable {
    /// A unique key is taken (a user name, an upload id …).
    case conflict(String)
    /// The row to change does not exist (or is not visible).
    case notFound(String)
    /// The change does not fit the row's state (a decision on an unchecked submission, a finish by a
    /// worker that lost its lease).
    case invalidState(String)
    /// The database said no.
    case database(String)
}

/// The service's persistence. Every method is one transaction. Lists come sorted newest first
/// (`created_at DESC, id DESC`), so pages are stable.
public protocol ServiceStore: BatchStore {
    /// Applies the migrations not yet applied (table `schema_migrations`), in order, each in a
    /// transaction. Safe to call at every start and from two processes at once.
    func migrate() async throws

    // MARK: users

    /// Adds a user; `conflict` when the name is taken.
    func createUser(_ user: User) async throws
    func user(id: String) async throws -> User?
    func user(named name: String) async throws -> User?
    /// All users by name.
    func users() async throws -> [User]
    func setPassword(userID: String, hash: String) async throws
    func setDisabled(userID: String, at: Int64?) async throws

    // MARK: sessions

    func createSession(_ session: SessionRecord) async throws
    /// The session whose token hashes to this, expired or not (the caller compares `expiresAt`).
    func session(tokenHash: String) async throws -> SessionRecord?
    func deleteSession(tokenHash: String) async throws
    /// Removes sessions expired before `now`; returns how many.
    @discardableResult func deleteExpiredSessions(now: Int64) async throws -> Int

    // MARK: API tokens

    func createToken(_ token: APIToken) async throws
    func token(hash: String) async throws -> APIToken?
    func token(id: String) async throws -> APIToken?
    /// A user's tokens, or everyone's when nil, newest first.
    func tokens(userID: String?) async throws -> [APIToken]
    func revokeToken(id: String, at: Int64) async throws
    func touchToken(id: String, at: Int64) async throws

    // MARK: uploads

    func createUpload(_ upload: Upload) async throws
    func upload(id: String) async throws -> Upload?
    /// Moves the offset from `expected` to `offset`; false when the stored offset is not `expected`
    /// (another PATCH won: the caller answers 409).
    func advanceUpload(id: String, from expected: Int64, to offset: Int64) async throws -> Bool
    func completeUpload(id: String, sha256: String, at: Int64) async throws
    func deleteUpload(id: String) async throws
    /// Bytes a user holds: declared lengths of its uploads not yet deleted (the quota counts these).
    func bytesHeld(ownerID: String) async throws -> Int64

    // MARK: submissions

    func createSubmission(_ submission: SubmissionRecord) async throws
    /// The submission if it exists and `visibility` lets the caller see it.
    func submission(id: String, visibility: Visibility) async throws -> SubmissionRecord?
    func submissions(_ filter: SubmissionFilter, visibility: Visibility) async throws -> [SubmissionRecord]
    /// The earliest checked (or accepted/returned) submission of this content and standard (nil standard
    /// matches only nil): the duplicate's report source.
    func checkedSubmission(sha256: String, standard: String?) async throws -> SubmissionRecord?
    /// uploaded → queued; on PostgreSQL also `NOTIFY stdcheck_jobs`, which wakes idle workers.
    func enqueue(id: String, at: Int64) async throws
    /// Marks a duplicate checked with the first submission's result and report folder, in one step, from
    /// uploaded, queued or checking (a worker that claimed it and found the content checked meanwhile); the
    /// claim is cleared. `invalidState` from any other state.
    func completeAsDuplicate(id: String, of original: SubmissionRecord, at: Int64) async throws

    // MARK: jobs

    /// Claims the oldest queued submission (or one in `checking` whose lease ran out) for `worker`:
    /// state checking, attempts + 1, lease generation + 1, claimedBy, leaseUntil = now + lease. Taking an
    /// expired claim records it in job_attempts (outcome expired). Two claimers never get the same row. Nil
    /// when nothing waits.
    func claimNext(worker: String, now: Int64, leaseMillis: Int64) async throws -> SubmissionRecord?
    /// Extends the lease while the check runs; false when the claim is no longer the job's current one.
    func renewLease(_ claim: JobClaim, until: Int64) async throws -> Bool
    /// checking → checked with the result, only while the claim (id, worker, generation) is current; false
    /// otherwise, and the refusal is recorded in job_attempts (outcome refused).
    func finishCheck(_ claim: JobClaim, result: CheckResult, at: Int64) async throws -> Bool
    /// checking → failed, queued or parked (`disposition`) with the reason, only while the claim is current;
    /// the attempt is recorded. A retry wakes the idle workers as an enqueue does.
    func failCheck(_ claim: JobClaim, reason: String, disposition: FailureDisposition, at: Int64) async throws
        -> Bool
    /// How each claim of a submission ended, oldest first.
    func attempts(of id: String) async throws -> [JobAttempt]
    /// checking → queued for a claim that died with its process; at start-up, before workers start.
    /// Returns how many were requeued.
    @discardableResult func requeueInterrupted(now: Int64) async throws -> Int
    /// How many submissions are queued or checking.
    func queueLength() async throws -> Int
    /// Calls `wake` each time work may have arrived (a `NOTIFY stdcheck_jobs`) until the task is
    /// cancelled; returns at once when the database cannot tell (SQLite: workers poll).
    func listenForJobs(_ wake: @escaping @Sendable () -> Void) async

    // MARK: review

    /// checked → accepted | returned with the comment, who and when; `invalidState` from any other state,
    /// `notFound` when invisible.
    func decide(
        id: String, decision: Decision, comment: String, by userID: String, at: Int64, visibility: Visibility
    ) async throws -> SubmissionRecord
}

/// Ids the service makes: 16 random bytes as 32 lowercase hex digits (sortable by nothing; lists sort by time).
public enum ServiceID {
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}

/// Now as epoch milliseconds.
public func epochMillis(_ date: Date = Date()) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
