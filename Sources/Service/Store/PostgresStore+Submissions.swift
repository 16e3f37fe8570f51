import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    // MARK: uploads

    public func createUpload(_ upload: Upload) async throws {
        let metadata = String(decoding: try JSONEncoder.sorted.encode(upload.metadata), as: UTF8.self)
        try await rows(
            """
            INSERT INTO uploads (id, owner_id, length, upload_offset, metadata, file_name, sha256, created_at,
                completed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [
                .text(upload.id), .text(upload.ownerID), .int(upload.length), .int(upload.offset), .text(metadata),
                .text(upload.fileName), .text(upload.sha256), .int(upload.createdAt), .int(upload.completedAt),
            ])
    }

    public func upload(id: String) async throws -> Upload? {
        try await rows("SELECT * FROM uploads WHERE id = $1", [.text(id)]).first.map(Upload.init(row:))
    }

    public func advanceUpload(id: String, from expected: Int64, to offset: Int64) async throws -> Bool {
        try await rows(
            "UPDATE uploads SET upload_offset = $1 WHERE id = $2 AND upload_offset = $3 RETURNING id",
            [.int(offset), .text(id), .int(expected)]
        ).count == 1
    }

    public func completeUpload(id: String, sha256: String, at: Int64) async throws {
        let changed = try await rows(
            "UPDATE uploads SET sha256 = $1, completed_at = $2 WHERE id = $3 RETURNING id",
            [.text(sha256), .int(at), .text(id)])
        if changed.isEmpty { throw StoreError.notFound("upload \(id)") }
    }

    public func deleteUpload(id: String) async throws {
        try await rows("DELETE FROM uploads WHERE id = $1", [.text(id)])
    }

    public func bytesHeld(ownerID: String) async throws -> Int64 {
        // SUM of BIGINT is NUMERIC in PostgreSQL: back to BIGINT
        try await rows(
            "SELECT CAST(COALESCE(SUM(length), 0) AS BIGINT) AS held FROM uploads WHERE owner_id = $1",
            [.text(ownerID)]
        ).first.map { try $0["held"].decode(Int64.self) } ?? 0
    }

    // MARK: submissions

    public func createSubmission(_ s: SubmissionRecord) async throws {
        try await rows(
            """
            INSERT INTO submissions (id, owner_id, unit, standard, file_name, size, sha256, upload_id, state,
                failure_reason, attempts, claimed_by, lease_until, verdict, exit_status, errors, warnings,
                report_folder, duplicate_of, decision, decision_comment, decided_by, decided_at, created_at,
                updated_at, checked_at, lease_generation)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, $26, $27)
            """,
            [
                .text(s.id), .text(s.ownerID), .text(s.unit), .text(s.standard), .text(s.fileName), .int(s.size),
                .text(s.sha256), .text(s.uploadID), .text(s.state.rawValue), .text(s.failureReason),
                .integer(s.attempts), .text(s.claimedBy), .int(s.leaseUntil), .text(s.verdict?.rawValue),
                .integer(s.exitStatus), .integer(s.errors), .integer(s.warnings), .text(s.reportFolder),
                .text(s.duplicateOf),
                .text(s.decision?.rawValue), .text(s.decisionComment), .text(s.decidedBy), .int(s.decidedAt),
                .int(s.createdAt), .int(s.updatedAt), .int(s.checkedAt), .integer(s.leaseGeneration),
            ])
    }

    /// The condition (numbered from `$first`) that keeps only what `visibility` lets the caller see.
    static func visible(_ visibility: Visibility, from first: Int) -> (sql: String, values: [Value]) {
        switch visibility {
        case .all: return ("TRUE", [])
        case .unit(let unit): return ("unit = $\(first)", [.text(unit)])
        case .regions(let regions):
            guard !regions.isEmpty else { return ("FALSE", []) }
            // a prefix match without LIKE, so that % and _ in a region stay literal
            let clauses = regions.indices.map { "left(unit, length($\(first + $0))) = $\(first + $0)" }
            return ("(" + clauses.joined(separator: " OR ") + ")", regions.map { .text($0) })
        }
    }

    public func submission(id: String, visibility: Visibility) async throws -> SubmissionRecord? {
        let (clause, values) = PostgresStore.visible(visibility, from: 2)
        return try await rows("SELECT * FROM submissions WHERE id = $1 AND \(clause)", [.text(id)] + values).first
            .map(SubmissionRecord.init(row:))
    }

    public func submissions(_ filter: SubmissionFilter, visibility: Visibility) async throws -> [SubmissionRecord] {
        var (clause, values) = PostgresStore.visible(visibility, from: 1)
        var conditions = [clause]
        if let county = filter.county {
            values.append(.text(county))
            conditions.append("left(unit, length($\(values.count))) = $\(values.count)")
        }
        if let standard = filter.standard {
            values.append(.text(standard))
            conditions.append("standard = $\(values.count)")
        }
        if let state = filter.state {
            // failed includes parked (the API shows a parked submission as failed)
            values.append(.text(state.rawValue))
            conditions.append(
                state == .failed ? "state IN ($\(values.count), 'parked')" : "state = $\(values.count)")
        }
        if let verdict = filter.verdict {
            values.append(.text(verdict.rawValue))
            conditions.append("verdict = $\(values.count)")
        }
        values += [.integer(filter.limit), .integer(filter.offset)]
        let sql =
            "SELECT * FROM submissions WHERE \(conditions.joined(separator: " AND ")) "
            + "ORDER BY created_at DESC, id DESC LIMIT $\(values.count - 1) OFFSET $\(values.count)"
        return try await rows(sql, values).map(SubmissionRecord.init(row:))
    }

    public func checkedSubmission(sha256: String, standard: String?) async throws -> SubmissionRecord? {
        try await rows(
            """
            SELECT * FROM submissions
            WHERE sha256 = $1 AND standard IS NOT DISTINCT FROM $2
                AND state IN ('checked', 'accepted', 'returned') AND duplicate_of IS NULL
            ORDER BY checked_at, id LIMIT 1
            """,
            [.text(sha256), .text(standard)]
        ).first.map(SubmissionRecord.init(row:))
    }

    public func enqueue(id: String, at: Int64) async throws {
        let changed = try await rows(
            "UPDATE submissions SET state = 'queued', updated_at = $1 WHERE id = $2 AND state = 'uploaded' RETURNING id",
            [.int(at), .text(id)])
        if changed.isEmpty { throw StoreError.invalidState("submission \(id) is not uploaded") }
        try await rows("NOTIFY \(PostgresStore.jobsChannel)")
    }

    public func completeAsDuplicate(id: String, of original: SubmissionRecord, at: Int64) async throws {
        let changed = try await rows(
            """
            UPDATE submissions SET state = 'checked', standard = $1, verdict = $2, exit_status = $3, errors = $4,
                warnings = $5, report_folder = $6, duplicate_of = $7, updated_at = $8, checked_at = $8,
                claimed_by = NULL, lease_until = NULL
            WHERE id = $9 AND state IN ('uploaded', 'queued', 'checking')
            RETURNING id
            """,
            [
                .text(original.standard), .text(original.verdict?.rawValue), .integer(original.exitStatus),
                .integer(original.errors), .integer(original.warnings), .text(original.reportFolder),
                .text(original.id),
                .int(at), .text(id),
            ])
        if changed.isEmpty { throw StoreError.invalidState("submission \(id) is not waiting") }
    }

    // MARK: jobs

    public func claimNext(worker: String, now: Int64, leaseMillis: Int64) async throws -> SubmissionRecord? {
        // The CTE locks the row it picks and skips rows another claimer has locked; a row another claimer
        // took and committed meanwhile is re-checked against the WHERE (it is no longer queued, or its lease
        // is no longer expired) and left alone. Taking an expired claim records it as such. One statement,
        // one row, never shared; the generation it returns fences every later write of this claim.
        try await rows(
            """
            WITH picked AS (
                SELECT id, state, claimed_by, lease_generation FROM submissions
                WHERE state = 'queued' OR (state = 'checking' AND lease_until < $3)
                ORDER BY created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED),
            expired AS (
                INSERT INTO job_attempts (submission_id, generation, worker, outcome, reason, at)
                SELECT id, lease_generation, COALESCE(claimed_by, ''), 'expired',
                    'the lease ran out without a heartbeat', $3
                FROM picked WHERE state = 'checking')
            UPDATE submissions AS s SET state = 'checking', attempts = s.attempts + 1,
                lease_generation = s.lease_generation + 1, claimed_by = $1, lease_until = $2, updated_at = $3
            FROM picked WHERE s.id = picked.id
            RETURNING s.*
            """,
            [.text(worker), .int(now + leaseMillis), .int(now)]
        ).first.map(SubmissionRecord.init(row:))
    }

    public func renewLease(_ claim: JobClaim, until: Int64) async throws -> Bool {
        try await rows(
            """
            UPDATE submissions SET lease_until = $1
            WHERE id = $2 AND state = 'checking' AND claimed_by = $3 AND lease_generation = $4
            RETURNING id
            """,
            [.int(until), .text(claim.id), .text(claim.worker), .integer(claim.generation)]
        ).count == 1
    }

    /// Runs the fenced UPDATE (its own parameters from $8 on; $1…$4 are id, worker, generation, time) and records
    /// the attempt in the same statement: `outcome` when the claim was current, `refused` when not.
    func fenced(
        _ update: String, _ values: [Value], claim: JobClaim, at: Int64, outcome: JobAttempt.Outcome,
        reason: String?
    ) async throws -> Bool {
        let written = try await rows(
            """
            WITH done AS (
                \(update)
                WHERE id = $1 AND state = 'checking' AND claimed_by = $2 AND lease_generation = $3
                RETURNING id),
            logged AS (
                INSERT INTO job_attempts (submission_id, generation, worker, outcome, reason, at)
                SELECT $1, $3, $2,
                    CASE WHEN EXISTS (SELECT 1 FROM done) THEN $5 ELSE 'refused' END,
                    CASE WHEN EXISTS (SELECT 1 FROM done) THEN $6 ELSE $7 END, $4
                RETURNING outcome)
            SELECT outcome FROM logged
            """,
            [
                .text(claim.id), .text(claim.worker), .integer(claim.generation), .int(at),
                .text(outcome.rawValue), .text(reason), .text(JobAttempt.refusal),
            ] + values)
        return try written.first?["outcome"].decode(String.self) == outcome.rawValue
    }

    public func finishCheck(_ claim: JobClaim, result: CheckResult, at: Int64) async throws -> Bool {
        try await fenced(
            """
            UPDATE submissions SET state = 'checked', standard = COALESCE($8, standard), verdict = $9,
                exit_status = $10, errors = $11, warnings = $12, report_folder = $13, claimed_by = NULL,
                lease_until = NULL, failure_reason = NULL, updated_at = $4, checked_at = $4
            """,
            [
                .text(result.standard), .text(result.verdict.rawValue), .integer(result.exitStatus),
                .integer(result.errors), .integer(result.warnings), .text(result.reportFolder),
            ], claim: claim, at: at, outcome: .checked, reason: nil)
    }

    public func failCheck(_ claim: JobClaim, reason: String, disposition: FailureDisposition, at: Int64)
        async throws -> Bool
    {
        let done = try await fenced(
            """
            UPDATE submissions SET state = $8, failure_reason = $9, claimed_by = NULL, lease_until = NULL,
                updated_at = $4
            """,
            [.text(disposition.state.rawValue), .text(reason)], claim: claim, at: at,
            outcome: disposition.outcome, reason: reason)
        if done && disposition == .retry { try await rows("NOTIFY \(PostgresStore.jobsChannel)") }
        return done
    }

    public func attempts(of id: String) async throws -> [JobAttempt] {
        try await rows(
            "SELECT * FROM job_attempts WHERE submission_id = $1 ORDER BY generation, at, outcome", [.text(id)]
        ).map(JobAttempt.init(row:))
    }

    /// The channel `enqueue` notifies and workers listen on.
    static let jobsChannel = "stdcheck_jobs"

    public func listenForJobs(_ wake: @escaping @Sendable () -> Void) async {
        // one pooled connection held for the listening; after a lost connection, listen again (and wake:
        // a notification may have been missed meanwhile)
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresStore.jobsChannel) { notifications in
                        wake()
                        for try await _ in notifications { wake() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("listening for jobs failed; again in a second", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    @discardableResult public func requeueInterrupted(now: Int64) async throws -> Int {
        try await rows(
            """
            UPDATE submissions SET state = 'queued', claimed_by = NULL, lease_until = NULL, updated_at = $1
            WHERE state = 'checking'
            RETURNING id
            """,
            [.int(now)]
        ).count
    }

    public func queueLength() async throws -> Int {
        try await rows("SELECT COUNT(*) AS n FROM submissions WHERE state IN ('queued', 'checking')").first.map {
            Int(try $0["n"].decode(Int64.self))
        } ?? 0
    }

    // MARK: review

    public func decide(
        id: String, decision: Decision, comment: String, by userID: String, at: Int64, visibility: Visibility
    ) async throws -> SubmissionRecord {
        let (clause, values) = PostgresStore.visible(visibility, from: 2)
        let logger = self.logger
        return try await transaction { connection in
            guard
                let row = try await PostgresStore.rows(
                    "SELECT * FROM submissions WHERE id = $1 AND \(clause) FOR UPDATE", [.text(id)] + values,
                    on: connection, logger: logger
                ).first
            else { throw StoreError.notFound("submission \(id)") }
            let current = try SubmissionRecord(row: row)
            guard current.state == .checked else {
                throw StoreError.invalidState("submission \(id) is \(current.state.rawValue), not checked")
            }
            let state: SubmissionState = decision == .accept ? .accepted : .returned
            guard
                let updated = try await PostgresStore.rows(
                    """
                    UPDATE submissions SET state = $1, decision = $2, decision_comment = $3, decided_by = $4,
                        decided_at = $5, updated_at = $5
                    WHERE id = $6 AND state = 'checked'
                    RETURNING *
                    """,
                    [
                        .text(state.rawValue), .text(decision.rawValue), .text(comment), .text(userID), .int(at),
                        .text(id),
                    ], on: connection, logger: logger
                ).first
            else { throw StoreError.notFound("submission \(id)") }
            return try SubmissionRecord(row: updated)
        }
    }
}
