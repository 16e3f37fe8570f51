import Foundation
import GRDB

extension SQLiteStore {
    // MARK: uploads

    public func createUpload(_ upload: Upload) async throws {
        let metadata = String(decoding: try JSONEncoder.sorted.encode(upload.metadata), as: UTF8.self)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO uploads (id, owner_id, length, upload_offset, metadata, file_name, sha256, created_at,
                        completed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    upload.id, upload.ownerID, upload.length, upload.offset, metadata, upload.fileName, upload.sha256,
                    upload.createdAt, upload.completedAt,
                ])
        }
    }

    public func upload(id: String) async throws -> Upload? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM uploads WHERE id = ?", arguments: [id]).map(Upload.init(row:))
        }
    }

    public func advanceUpload(id: String, from expected: Int64, to offset: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET upload_offset = ? WHERE id = ? AND upload_offset = ?",
                arguments: [offset, id, expected])
            return db.changesCount == 1
        }
    }

    public func completeUpload(id: String, sha256: String, at: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE uploads SET sha256 = ?, completed_at = ? WHERE id = ?", arguments: [sha256, at, id])
            if db.changesCount == 0 { throw StoreError.notFound("upload \(id)") }
        }
    }

    public func deleteUpload(id: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM uploads WHERE id = ?", arguments: [id]) }
    }

    public func bytesHeld(ownerID: String) async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(
                db, sql: "SELECT COALESCE(SUM(length), 0) FROM uploads WHERE owner_id = ?", arguments: [ownerID])
                ?? 0
        }
    }

    // MARK: submissions

    public func createSubmission(_ submission: SubmissionRecord) async throws {
        try await write { db in try SQLiteStore.insert(submission, into: db) }
    }

    static func insert(_ s: SubmissionRecord, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO submissions (id, owner_id, unit, standard, file_name, size, sha256, upload_id, state,
                    failure_reason, attempts, claimed_by, lease_until, verdict, exit_status, errors, warnings,
                    report_folder, duplicate_of, decision, decision_comment, decided_by, decided_at, created_at,
                    updated_at, checked_at, lease_generation)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                s.id, s.ownerID, s.unit, s.standard, s.fileName, s.size, s.sha256, s.uploadID, s.state.rawValue,
                s.failureReason, s.attempts, s.claimedBy, s.leaseUntil, s.verdict?.rawValue, s.exitStatus, s.errors,
                s.warnings, s.reportFolder, s.duplicateOf, s.decision?.rawValue, s.decisionComment, s.decidedBy,
                s.decidedAt, s.createdAt, s.updatedAt, s.checkedAt, s.leaseGeneration,
            ])
    }

    /// The WHERE clause (with its arguments) that keeps only what `visibility` lets the caller see.
    static func visible(_ visibility: Visibility) -> (sql: String, arguments: [DatabaseValue]) {
        switch visibility {
        case .all: return ("1 = 1", [])
        case .unit(let unit): return ("unit = ?", [unit.databaseValue])
        case .regions(let regions):
            guard !regions.isEmpty else { return ("1 = 0", []) }
            // a prefix match without LIKE, so that % and _ in a region stay literal
            let clauses = regions.map { _ in "substr(unit, 1, length(?)) = ?" }
            return (
                "(" + clauses.joined(separator: " OR ") + ")", regions.flatMap { [$0.databaseValue, $0.databaseValue] }
            )
        }
    }

    public func submission(id: String, visibility: Visibility) async throws -> SubmissionRecord? {
        let (clause, arguments) = SQLiteStore.visible(visibility)
        let all = StatementArguments([id.databaseValue] + arguments)
        return try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ? AND \(clause)", arguments: all).map(
                SubmissionRecord.init(row:))
        }
    }

    public func submissions(_ filter: SubmissionFilter, visibility: Visibility) async throws -> [SubmissionRecord] {
        let (clause, visibleArguments) = SQLiteStore.visible(visibility)
        var conditions = [clause]
        var arguments = visibleArguments
        if let county = filter.county {
            conditions.append("substr(unit, 1, length(?)) = ?")
            arguments += [county.databaseValue, county.databaseValue]
        }
        if let standard = filter.standard {
            conditions.append("standard = ?")
            arguments += [standard.databaseValue]
        }
        if let state = filter.state {
            // failed includes parked (the API shows a parked submission as failed)
            conditions.append(state == .failed ? "state IN (?, 'parked')" : "state = ?")
            arguments += [state.rawValue.databaseValue]
        }
        if let verdict = filter.verdict {
            conditions.append("verdict = ?")
            arguments += [verdict.rawValue.databaseValue]
        }
        arguments += [filter.limit.databaseValue, filter.offset.databaseValue]
        let sql =
            "SELECT * FROM submissions WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?"
        let finalArguments = StatementArguments(arguments)
        return try await read { db in
            try Row.fetchAll(db, sql: sql, arguments: finalArguments).map(SubmissionRecord.init(row:))
        }
    }

    public func checkedSubmission(sha256: String, standard: String?) async throws -> SubmissionRecord? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM submissions
                    WHERE sha256 = ? AND ((standard IS NULL AND ? IS NULL) OR standard = ?)
                        AND state IN ('checked', 'accepted', 'returned') AND duplicate_of IS NULL
                    ORDER BY checked_at, id LIMIT 1
                    """,
                arguments: [sha256, standard, standard]
            ).map(SubmissionRecord.init(row:))
        }
    }

    public func enqueue(id: String, at: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE submissions SET state = 'queued', updated_at = ? WHERE id = ? AND state = 'uploaded'",
                arguments: [at, id])
            if db.changesCount == 0 { throw StoreError.invalidState("submission \(id) is not uploaded") }
        }
    }

    public func completeAsDuplicate(id: String, of original: SubmissionRecord, at: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'checked', standard = ?, verdict = ?, exit_status = ?, errors = ?,
                        warnings = ?, report_folder = ?, duplicate_of = ?, updated_at = ?, checked_at = ?,
                        claimed_by = NULL, lease_until = NULL
                    WHERE id = ? AND state IN ('uploaded', 'queued', 'checking')
                    """,
                arguments: [
                    original.standard, original.verdict?.rawValue, original.exitStatus, original.errors,
                    original.warnings, original.reportFolder, original.id, at, at, id,
                ])
            if db.changesCount == 0 { throw StoreError.invalidState("submission \(id) is not waiting") }
        }
    }

    // MARK: jobs

    public func claimNext(worker: String, now: Int64, leaseMillis: Int64) async throws -> SubmissionRecord? {
        try await write { db in
            guard
                let picked = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, state, claimed_by, lease_generation FROM submissions
                        WHERE state = 'queued' OR (state = 'checking' AND lease_until < ?)
                        ORDER BY created_at, id LIMIT 1
                        """,
                    arguments: [now])
            else { return nil }
            let id: String = picked["id"]
            if (picked["state"] as String) == SubmissionState.checking.rawValue {
                try SQLiteStore.record(
                    JobAttempt(
                        submissionID: id, generation: picked["lease_generation"],
                        worker: (picked["claimed_by"] as String?) ?? "", outcome: .expired,
                        reason: "the lease ran out without a heartbeat", at: now), into: db)
            }
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'checking', attempts = attempts + 1,
                        lease_generation = lease_generation + 1, claimed_by = ?, lease_until = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [worker, now + leaseMillis, now, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [id]).map(
                SubmissionRecord.init(row:))
        }
    }

    static func record(_ attempt: JobAttempt, into db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO job_attempts (submission_id, generation, worker, outcome, reason, at)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                attempt.submissionID, attempt.generation, attempt.worker, attempt.outcome.rawValue, attempt.reason,
                attempt.at,
            ])
    }

    /// The condition that the claim is the job's current one.
    static let current = "id = ? AND state = 'checking' AND claimed_by = ? AND lease_generation = ?"

    public func renewLease(_ claim: JobClaim, until: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE submissions SET lease_until = ? WHERE \(SQLiteStore.current)",
                arguments: [until, claim.id, claim.worker, claim.generation])
            return db.changesCount == 1
        }
    }

    /// Runs the fenced UPDATE (its arguments, then the claim's) and records the attempt: `outcome` when the
    /// claim was current, `refused` when not.
    func fenced(
        _ update: String, _ arguments: [(any DatabaseValueConvertible)?], claim: JobClaim, at: Int64,
        outcome: JobAttempt.Outcome, reason: String?
    ) async throws -> Bool {
        let all = StatementArguments(arguments + [claim.id, claim.worker, claim.generation])
        return try await write { db in
            try db.execute(sql: update + " WHERE " + SQLiteStore.current, arguments: all)
            let done = db.changesCount == 1
            try SQLiteStore.record(
                JobAttempt(
                    submissionID: claim.id, generation: claim.generation, worker: claim.worker,
                    outcome: done ? outcome : .refused, reason: done ? reason : JobAttempt.refusal, at: at),
                into: db)
            return done
        }
    }

    public func finishCheck(_ claim: JobClaim, result: CheckResult, at: Int64) async throws -> Bool {
        try await fenced(
            """
            UPDATE submissions SET state = 'checked', standard = COALESCE(?, standard), verdict = ?,
                exit_status = ?, errors = ?, warnings = ?, report_folder = ?, claimed_by = NULL,
                lease_until = NULL, failure_reason = NULL, updated_at = ?, checked_at = ?
            """,
            [
                result.standard, result.verdict.rawValue, result.exitStatus, result.errors, result.warnings,
                result.reportFolder, at, at,
            ], claim: claim, at: at, outcome: .checked, reason: nil)
    }

    public func failCheck(_ claim: JobClaim, reason: String, disposition: FailureDisposition, at: Int64)
        async throws -> Bool
    {
        try await fenced(
            """
            UPDATE submissions SET state = ?, failure_reason = ?, claimed_by = NULL, lease_until = NULL,
                updated_at = ?
            """,
            [disposition.state.rawValue, reason, at], claim: claim, at: at, outcome: disposition.outcome,
            reason: reason)
    }

    public func attempts(of id: String) async throws -> [JobAttempt] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM job_attempts WHERE submission_id = ? ORDER BY generation, at, outcome",
                arguments: [id]
            ).map(JobAttempt.init(row:))
        }
    }

    /// SQLite cannot tell other processes of new work: its workers poll.
    public func listenForJobs(_ wake: @escaping @Sendable () -> Void) async {}

    @discardableResult public func requeueInterrupted(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'queued', claimed_by = NULL, lease_until = NULL, updated_at = ?
                    WHERE state = 'checking'
                    """,
                arguments: [now])
            return db.changesCount
        }
    }

    public func queueLength() async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM submissions WHERE state IN ('queued', 'checking')") ?? 0
        }
    }

    // MARK: review

    public func decide(
        id: String, decision: Decision, comment: String, by userID: String, at: Int64, visibility: Visibility
    ) async throws -> SubmissionRecord {
        let (clause, visibleArguments) = SQLiteStore.visible(visibility)
        return try await write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM submissions WHERE id = ? AND \(clause)",
                    arguments: StatementArguments([id.databaseValue] + visibleArguments))
            else { throw StoreError.notFound("submission \(id)") }
            let current = try SubmissionRecord(row: row)
            guard current.state == .checked else {
                throw StoreError.invalidState("submission \(id) is \(current.state.rawValue), not checked")
            }
            let state: SubmissionState = decision == .accept ? .accepted : .returned
            try db.execute(
                sql: """
                    UPDATE submissions SET state = ?, decision = ?, decision_comment = ?, decided_by = ?, decided_at = ?,
                        updated_at = ?
                    WHERE id = ? AND state = 'checked'
                    """,
                arguments: [state.rawValue, decision.rawValue, comment, userID, at, at, id])
            guard let updated = try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [id])
            else { throw StoreError.notFound("submission \(id)") }
            return try SubmissionRecord(row: updated)
        }
    }
}
