import Foundation
import GRDB

/// The embedded store: one SQLite file through GRDB (WAL: readers beside one writer; several processes
/// may open the same file, each write transaction is IMMEDIATE, so a claim is never shared).
public final class SQLiteStore: ServiceStore {
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError.database("cannot open the SQLite database \(path): \(error)")
        }
    }

    /// Opens (and creates when missing) the database file.
    public static func open(path: String) throws -> any ServiceStore {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: path)
    }

    /// A write in an IMMEDIATE transaction (the database lock is taken at BEGIN, not at the first write).
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw StoreError.conflict(error.message ?? "\(error)")
        } catch {
            throw StoreError.database("\(error)")
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw StoreError.database("\(error)")
        }
    }

    public func migrate() async throws {
        let migrations = try Migration.all()
        try await write { db in
            try db.execute(sql: Migration.bookkeeping)
            let applied = Set(try Int.fetchAll(db, sql: "SELECT version FROM schema_migrations"))
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try db.execute(sql: statement) }
                try db.execute(
                    sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.version, migration.name, epochMillis()])
            }
        }
    }

    // MARK: users

    public func createUser(_ user: User) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO users (id, name, role, unit, regions, password_hash, created_at, disabled_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    user.id, user.name, user.role.rawValue, user.unit, user.regions.joined(separator: ","),
                    user.passwordHash, user.createdAt, user.disabledAt,
                ])
        }
    }

    public func user(id: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(User.init(row:))
        }
    }

    public func user(named name: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(User.init(row:))
        }
    }

    public func users() async throws -> [User] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(User.init(row:)) }
    }

    public func setPassword(userID: String, hash: String) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash, userID])
            if db.changesCount == 0 { throw StoreError.notFound("user \(userID)") }
        }
    }

    public func setDisabled(userID: String, at: Int64?) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE users SET disabled_at = ? WHERE id = ?", arguments: [at, userID])
            if db.changesCount == 0 { throw StoreError.notFound("user \(userID)") }
        }
    }

    // MARK: sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [session.tokenHash, session.userID, session.csrf, session.createdAt, session.expiresAt])
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE token_hash = ?", arguments: [tokenHash]).map {
                SessionRecord(
                    tokenHash: $0["token_hash"], userID: $0["user_id"], csrf: $0["csrf"], createdAt: $0["created_at"],
                    expiresAt: $0["expires_at"])
            }
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [tokenHash])
        }
    }

    @discardableResult public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE expires_at < ?", arguments: [now])
            return db.changesCount
        }
    }

    // MARK: API tokens

    public func createToken(_ token: APIToken) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, revoked_at, last_used_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.userID, token.name, token.tokenHash,
                    token.scopes.map(\.rawValue).joined(separator: ","), token.createdAt, token.revokedAt,
                    token.lastUsedAt,
                ])
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE token_hash = ?", arguments: [hash]).map(
                APIToken.init(row:))
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_tokens WHERE id = ?", arguments: [id]).map(APIToken.init(row:))
        }
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        try await read { db in
            if let userID {
                return try Row.fetchAll(
                    db, sql: "SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id DESC",
                    arguments: [userID]
                ).map(APIToken.init(row:))
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM api_tokens ORDER BY created_at DESC, id DESC").map(
                APIToken.init(row:))
        }
    }

    public func revokeToken(id: String, at: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", arguments: [at, id])
            if db.changesCount == 0 { throw StoreError.notFound("token \(id)") }
        }
    }

    public func touchToken(id: String, at: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE api_tokens SET last_used_at = ? WHERE id = ?", arguments: [at, id])
        }
    }

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
                    updated_at, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                s.id, s.ownerID, s.unit, s.standard, s.fileName, s.size, s.sha256, s.uploadID, s.state.rawValue,
                s.failureReason, s.attempts, s.claimedBy, s.leaseUntil, s.verdict?.rawValue, s.exitStatus, s.errors,
                s.warnings, s.reportFolder, s.duplicateOf, s.decision?.rawValue, s.decisionComment, s.decidedBy,
                s.decidedAt, s.createdAt, s.updatedAt, s.checkedAt,
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
            conditions.append("state = ?")
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
                let id = try String.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM submissions
                        WHERE state = 'queued' OR (state = 'checking' AND lease_until < ?)
                        ORDER BY created_at, id LIMIT 1
                        """,
                    arguments: [now])
            else { return nil }
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'checking', attempts = attempts + 1, claimed_by = ?,
                        lease_until = ?, updated_at = ?
                    WHERE id = ?
                    """,
                arguments: [worker, now + leaseMillis, now, id])
            return try Row.fetchOne(db, sql: "SELECT * FROM submissions WHERE id = ?", arguments: [id]).map(
                SubmissionRecord.init(row:))
        }
    }

    public func renewLease(id: String, worker: String, until: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE submissions SET lease_until = ? WHERE id = ? AND state = 'checking' AND claimed_by = ?",
                arguments: [until, id, worker])
            return db.changesCount == 1
        }
    }

    public func finishCheck(id: String, worker: String, result: CheckResult, at: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'checked', standard = COALESCE(?, standard), verdict = ?,
                        exit_status = ?, errors = ?, warnings = ?, report_folder = ?, claimed_by = NULL,
                        lease_until = NULL, failure_reason = NULL, updated_at = ?, checked_at = ?
                    WHERE id = ? AND state = 'checking' AND claimed_by = ?
                    """,
                arguments: [
                    result.standard, result.verdict.rawValue, result.exitStatus, result.errors, result.warnings,
                    result.reportFolder, at, at, id, worker,
                ])
            return db.changesCount == 1
        }
    }

    public func failCheck(id: String, worker: String, reason: String, at: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE submissions SET state = 'failed', failure_reason = ?, claimed_by = NULL, lease_until = NULL,
                        updated_at = ?
                    WHERE id = ? AND state = 'checking' AND claimed_by = ?
                    """,
                arguments: [reason, at, id, worker])
            return db.changesCount == 1
        }
    }

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

extension JSONEncoder {
    /// Keys sorted, so stored JSON is the same bytes for the same value.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}

// MARK: rows

extension User {
    init(row: Row) throws {
        guard let role = Role(rawValue: row["role"]) else {
            throw StoreError.database("unknown role \(row["role"] ?? "")")
        }
        self.init(
            id: row["id"], name: row["name"], role: role, unit: row["unit"],
            regions: splitList(row["regions"]), passwordHash: row["password_hash"], createdAt: row["created_at"],
            disabledAt: row["disabled_at"])
    }
}

extension APIToken {
    init(row: Row) throws {
        self.init(
            id: row["id"], userID: row["user_id"], name: row["name"], tokenHash: row["token_hash"],
            scopes: splitList(row["scopes"]).compactMap(TokenScope.init(rawValue:)), createdAt: row["created_at"],
            revokedAt: row["revoked_at"], lastUsedAt: row["last_used_at"])
    }
}

extension Upload {
    init(row: Row) throws {
        let json: String = row["metadata"]
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: row["id"], ownerID: row["owner_id"], length: row["length"], offset: row["upload_offset"],
            metadata: metadata, fileName: row["file_name"], sha256: row["sha256"], createdAt: row["created_at"],
            completedAt: row["completed_at"])
    }
}

extension SubmissionRecord {
    init(row: Row) throws {
        guard let state = SubmissionState(rawValue: row["state"]) else {
            throw StoreError.database("unknown state \(row["state"] ?? "")")
        }
        self.init(
            id: row["id"], ownerID: row["owner_id"], unit: row["unit"], standard: row["standard"],
            fileName: row["file_name"], size: row["size"], sha256: row["sha256"], uploadID: row["upload_id"],
            state: state, failureReason: row["failure_reason"], attempts: row["attempts"],
            claimedBy: row["claimed_by"], leaseUntil: row["lease_until"],
            verdict: (row["verdict"] as String?).flatMap(Verdict.init(rawValue:)), exitStatus: row["exit_status"],
            errors: row["errors"], warnings: row["warnings"], reportFolder: row["report_folder"],
            duplicateOf: row["duplicate_of"], decision: (row["decision"] as String?).flatMap(Decision.init(rawValue:)),
            decisionComment: row["decision_comment"], decidedBy: row["decided_by"], decidedAt: row["decided_at"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], checkedAt: row["checked_at"])
    }
}

/// A comma-separated list column.
func splitList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
