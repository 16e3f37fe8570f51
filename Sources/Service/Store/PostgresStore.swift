import Foundation
import Logging
import PostgresNIO

/// The production store: PostgreSQL through postgres-nio's connection pool, on the same migration files as
/// `SQLiteStore`. Every method is one statement or one transaction; a job is claimed with
/// `SELECT … FOR UPDATE SKIP LOCKED` inside the `UPDATE` that takes it, so two workers (in one process or
/// in several servers on one database) never get the same row and never wait for each other.
public final class PostgresStore: ServiceStore {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger: Logger

    /// A store on `url` (see `PostgresStore.configuration(url:)`); the pool starts at once and stops when
    /// the store is released or `shutdown()` is called.
    public init(url: String, logger: Logger = Logger(label: "stdcheck.postgres")) throws {
        let configuration = try PostgresStore.configuration(url: url)
        // the pool's own chatter (a lease asked for before run() has started, a connection closed at
        // shutdown) stays out of the service log; failures reach the caller as errors
        var background = logger
        background.logLevel = .error
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    deinit { runner.cancel() }

    /// Stops the pool: open connections close, later calls fail.
    public func shutdown() async {
        runner.cancel()
        await runner.value
    }

    /// The pool's configuration for `postgres://user:password@host:port/database` (or `postgresql://`).
    /// Query parameters: `host=/path/to/folder` connects to the unix socket `<folder>/.s.PGSQL.<port>`
    /// (as libpq does; the URL's host is then empty), `sslmode=disable` (the default), `prefer` or
    /// `require` (TLS with the system's trust roots), `pool=N` the most connections (default 20).
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else { throw StoreError.database("not a postgres:// URL: \(redacted(url))") }
        let parameters = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        let password = components.password
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        let port = components.port ?? Int(parameters["port"] ?? "") ?? 5432
        var configuration: PostgresClient.Configuration
        let host = components.host ?? ""
        if let socketFolder = parameters["host"], socketFolder.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password,
                database: database.isEmpty ? nil : database)
        } else if host.hasPrefix("/") {
            configuration = .init(
                unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password,
                database: database.isEmpty ? nil : database)
        } else {
            guard !host.isEmpty else { throw StoreError.database("no host in \(redacted(url))") }
            let tls: PostgresClient.Configuration.TLS
            switch parameters["sslmode"] ?? "disable" {
            case "disable": tls = .disable
            case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
            case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
            case let other: throw StoreError.database("sslmode=\(other) is not one of disable, prefer, require")
            }
            configuration = .init(
                host: host, port: port, username: user, password: password,
                database: database.isEmpty ? nil : database, tls: tls)
        }
        if let pool = parameters["pool"] {
            guard let size = Int(pool), size > 0 else { throw StoreError.database("pool=\(pool) is not a count") }
            configuration.options.maximumConnections = size
        }
        return configuration
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "…"
        return components.string ?? url
    }

    // MARK: running SQL

    /// A bound value: the store's columns are TEXT or BIGINT.
    enum Value: Sendable {
        case text(String?)
        case int(Int64?)

        static func integer(_ value: Int?) -> Value { .int(value.map(Int64.init)) }
    }

    static func statement(_ sql: String, _ values: [Value]) -> PostgresQuery {
        var binds = PostgresBindings(capacity: values.count)
        for value in values {
            switch value {
            case .text(let text): binds.append(text)
            case .int(let number): binds.append(number)
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    /// Runs one statement on a pooled connection and collects its rows.
    @discardableResult
    func rows(_ sql: String, _ values: [Value] = []) async throws -> [PostgresRandomAccessRow] {
        do {
            let sequence = try await client.query(PostgresStore.statement(sql, values), logger: logger)
            var rows: [PostgresRandomAccessRow] = []
            for try await row in sequence { rows.append(row.makeRandomAccess()) }
            return rows
        } catch {
            throw PostgresStore.storeError(error)
        }
    }

    /// Runs one statement inside a transaction's connection.
    @discardableResult
    static func rows(
        _ sql: String, _ values: [Value] = [], on connection: PostgresConnection, logger: Logger
    ) async throws -> [PostgresRandomAccessRow] {
        let sequence = try await connection.query(statement(sql, values), logger: logger)
        var rows: [PostgresRandomAccessRow] = []
        for try await row in sequence { rows.append(row.makeRandomAccess()) }
        return rows
    }

    /// Runs `body` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw PostgresStore.storeError(error)
        }
    }

    /// The error in the store's terms: integrity violations (SQLSTATE class 23: unique, foreign key,
    /// check) are `conflict`, as in `SQLiteStore`.
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        if let transaction = error as? PostgresTransactionError {
            if let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError {
                return storeError(inner)
            }
            return StoreError.database(String(reflecting: transaction))
        }
        if let psql = error as? PSQLError {
            let message = psql.serverInfo?[.message] ?? String(reflecting: psql)
            if let state = psql.serverInfo?[.sqlState] {
                if state.hasPrefix("23") { return StoreError.conflict(message) }
                return StoreError.database("\(state): \(message)")
            }
            return StoreError.database(message)
        }
        return StoreError.database(String(reflecting: error))
    }

    // MARK: migrations

    /// The advisory lock that serializes `migrate()` across processes (any constant; "SCHK").
    static let migrationLock: Int64 = 0x5343_484B

    public func migrate() async throws {
        let migrations = try Migration.all()
        let logger = self.logger
        do {
            try await client.withConnection { connection in
                // a session lock: a second process waits here, then finds everything applied
                try await PostgresStore.rows(
                    "SELECT pg_advisory_lock($1)", [.int(PostgresStore.migrationLock)], on: connection, logger: logger)
                do {
                    try await PostgresStore.rows(Migration.bookkeeping, on: connection, logger: logger)
                    let applied = Set(
                        try await PostgresStore.rows(
                            "SELECT version FROM schema_migrations", on: connection, logger: logger
                        ).map { try $0["version"].decode(Int64.self) })
                    for migration in migrations where !applied.contains(Int64(migration.version)) {
                        try await connection.withTransaction(logger: logger) { connection in
                            for statement in migration.statements {
                                try await PostgresStore.rows(statement, on: connection, logger: logger)
                            }
                            try await PostgresStore.rows(
                                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                                [.integer(migration.version), .text(migration.name), .int(epochMillis())],
                                on: connection, logger: logger)
                        }
                    }
                } catch {
                    _ = try? await PostgresStore.rows(
                        "SELECT pg_advisory_unlock($1)", [.int(PostgresStore.migrationLock)], on: connection,
                        logger: logger)
                    throw error
                }
                try await PostgresStore.rows(
                    "SELECT pg_advisory_unlock($1)", [.int(PostgresStore.migrationLock)], on: connection, logger: logger
                )
            }
        } catch {
            throw PostgresStore.storeError(error)
        }
    }

    // MARK: users

    public func createUser(_ user: User) async throws {
        try await rows(
            """
            INSERT INTO users (id, name, role, unit, regions, password_hash, created_at, disabled_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(user.id), .text(user.name), .text(user.role.rawValue), .text(user.unit),
                .text(user.regions.joined(separator: ",")), .text(user.passwordHash), .int(user.createdAt),
                .int(user.disabledAt),
            ])
    }

    public func user(id: String) async throws -> User? {
        try await rows("SELECT * FROM users WHERE id = $1", [.text(id)]).first.map(User.init(row:))
    }

    public func user(named name: String) async throws -> User? {
        try await rows("SELECT * FROM users WHERE name = $1", [.text(name)]).first.map(User.init(row:))
    }

    public func users() async throws -> [User] {
        try await rows("SELECT * FROM users ORDER BY name").map(User.init(row:))
    }

    public func setPassword(userID: String, hash: String) async throws {
        let changed = try await rows(
            "UPDATE users SET password_hash = $1 WHERE id = $2 RETURNING id", [.text(hash), .text(userID)])
        if changed.isEmpty { throw StoreError.notFound("user \(userID)") }
    }

    public func setDisabled(userID: String, at: Int64?) async throws {
        let changed = try await rows(
            "UPDATE users SET disabled_at = $1 WHERE id = $2 RETURNING id", [.int(at), .text(userID)])
        if changed.isEmpty { throw StoreError.notFound("user \(userID)") }
    }

    // MARK: sessions

    public func createSession(_ session: SessionRecord) async throws {
        try await rows(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            [
                .text(session.tokenHash), .text(session.userID), .text(session.csrf), .int(session.createdAt),
                .int(session.expiresAt),
            ])
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await rows("SELECT * FROM sessions WHERE token_hash = $1", [.text(tokenHash)]).first.map { row in
            SessionRecord(
                tokenHash: try row["token_hash"].decode(String.self), userID: try row["user_id"].decode(String.self),
                csrf: try row["csrf"].decode(String.self), createdAt: try row["created_at"].decode(Int64.self),
                expiresAt: try row["expires_at"].decode(Int64.self))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await rows("DELETE FROM sessions WHERE token_hash = $1", [.text(tokenHash)])
    }

    @discardableResult public func deleteExpiredSessions(now: Int64) async throws -> Int {
        try await rows("DELETE FROM sessions WHERE expires_at < $1 RETURNING token_hash", [.int(now)]).count
    }

    // MARK: API tokens

    public func createToken(_ token: APIToken) async throws {
        try await rows(
            """
            INSERT INTO api_tokens (id, user_id, name, token_hash, scopes, created_at, revoked_at, last_used_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """,
            [
                .text(token.id), .text(token.userID), .text(token.name), .text(token.tokenHash),
                .text(token.scopes.map(\.rawValue).joined(separator: ",")), .int(token.createdAt),
                .int(token.revokedAt), .int(token.lastUsedAt),
            ])
    }

    public func token(hash: String) async throws -> APIToken? {
        try await rows("SELECT * FROM api_tokens WHERE token_hash = $1", [.text(hash)]).first.map(APIToken.init(row:))
    }

    public func token(id: String) async throws -> APIToken? {
        try await rows("SELECT * FROM api_tokens WHERE id = $1", [.text(id)]).first.map(APIToken.init(row:))
    }

    public func tokens(userID: String?) async throws -> [APIToken] {
        if let userID {
            return try await rows(
                "SELECT * FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id DESC", [.text(userID)]
            ).map(APIToken.init(row:))
        }
        return try await rows("SELECT * FROM api_tokens ORDER BY created_at DESC, id DESC").map(APIToken.init(row:))
    }

    public func revokeToken(id: String, at: Int64) async throws {
        let changed = try await rows(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2 RETURNING id",
            [.int(at), .text(id)])
        if changed.isEmpty { throw StoreError.notFound("token \(id)") }
    }

    public func touchToken(id: String, at: Int64) async throws {
        try await rows("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", [.int(at), .text(id)])
    }

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
                updated_at, checked_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                $22, $23, $24, $25, $26)
            """,
            [
                .text(s.id), .text(s.ownerID), .text(s.unit), .text(s.standard), .text(s.fileName), .int(s.size),
                .text(s.sha256), .text(s.uploadID), .text(s.state.rawValue), .text(s.failureReason),
                .integer(s.attempts), .text(s.claimedBy), .int(s.leaseUntil), .text(s.verdict?.rawValue),
                .integer(s.exitStatus), .integer(s.errors), .integer(s.warnings), .text(s.reportFolder),
                .text(s.duplicateOf),
                .text(s.decision?.rawValue), .text(s.decisionComment), .text(s.decidedBy), .int(s.decidedAt),
                .int(s.createdAt), .int(s.updatedAt), .int(s.checkedAt),
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
            values.append(.text(state.rawValue))
            conditions.append("state = $\(values.count)")
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
        // The inner SELECT locks the row it picks and skips rows another claimer has locked; a row another
        // claimer took and committed meanwhile is re-checked against the WHERE (it is no longer queued) and
        // left alone. One statement, one row, never shared.
        try await rows(
            """
            UPDATE submissions SET state = 'checking', attempts = attempts + 1, claimed_by = $1, lease_until = $2,
                updated_at = $3
            WHERE id = (
                SELECT id FROM submissions
                WHERE state = 'queued' OR (state = 'checking' AND lease_until < $3)
                ORDER BY created_at, id
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """,
            [.text(worker), .int(now + leaseMillis), .int(now)]
        ).first.map(SubmissionRecord.init(row:))
    }

    public func renewLease(id: String, worker: String, until: Int64) async throws -> Bool {
        try await rows(
            """
            UPDATE submissions SET lease_until = $1 WHERE id = $2 AND state = 'checking' AND claimed_by = $3
            RETURNING id
            """,
            [.int(until), .text(id), .text(worker)]
        ).count == 1
    }

    public func finishCheck(id: String, worker: String, result: CheckResult, at: Int64) async throws -> Bool {
        try await rows(
            """
            UPDATE submissions SET state = 'checked', standard = COALESCE($1, standard), verdict = $2,
                exit_status = $3, errors = $4, warnings = $5, report_folder = $6, claimed_by = NULL,
                lease_until = NULL, failure_reason = NULL, updated_at = $7, checked_at = $7
            WHERE id = $8 AND state = 'checking' AND claimed_by = $9
            RETURNING id
            """,
            [
                .text(result.standard), .text(result.verdict.rawValue), .integer(result.exitStatus),
                .integer(result.errors),
                .integer(result.warnings), .text(result.reportFolder), .int(at), .text(id), .text(worker),
            ]
        ).count == 1
    }

    public func failCheck(id: String, worker: String, reason: String, at: Int64) async throws -> Bool {
        try await rows(
            """
            UPDATE submissions SET state = 'failed', failure_reason = $1, claimed_by = NULL, lease_until = NULL,
                updated_at = $2
            WHERE id = $3 AND state = 'checking' AND claimed_by = $4
            RETURNING id
            """,
            [.text(reason), .int(at), .text(id), .text(worker)]
        ).count == 1
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

// MARK: rows

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try self[column].decode(T.self)
        } catch {
            throw StoreError.database("column \(column): \(String(reflecting: error))")
        }
    }
}

extension User {
    init(row: PostgresRandomAccessRow) throws {
        let roleName: String = try row.value("role")
        guard let role = Role(rawValue: roleName) else { throw StoreError.database("unknown role \(roleName)") }
        self.init(
            id: try row.value("id"), name: try row.value("name"), role: role, unit: try row.value("unit"),
            regions: splitList(try row.value("regions")), passwordHash: try row.value("password_hash"),
            createdAt: try row.value("created_at"), disabledAt: try row.value("disabled_at"))
    }
}

extension APIToken {
    init(row: PostgresRandomAccessRow) throws {
        self.init(
            id: try row.value("id"), userID: try row.value("user_id"), name: try row.value("name"),
            tokenHash: try row.value("token_hash"),
            scopes: splitList(try row.value("scopes")).compactMap(TokenScope.init(rawValue:)),
            createdAt: try row.value("created_at"), revokedAt: try row.value("revoked_at"),
            lastUsedAt: try row.value("last_used_at"))
    }
}

extension Upload {
    init(row: PostgresRandomAccessRow) throws {
        let json: String = try row.value("metadata")
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: try row.value("id"), ownerID: try row.value("owner_id"), length: try row.value("length"),
            offset: try row.value("upload_offset"), metadata: metadata, fileName: try row.value("file_name"),
            sha256: try row.value("sha256"), createdAt: try row.value("created_at"),
            completedAt: try row.value("completed_at"))
    }
}

extension SubmissionRecord {
    init(row: PostgresRandomAccessRow) throws {
        let stateName: String = try row.value("state")
        guard let state = SubmissionState(rawValue: stateName) else {
            throw StoreError.database("unknown state \(stateName)")
        }
        let verdict: String? = try row.value("verdict")
        let decision: String? = try row.value("decision")
        let exitStatus: Int64? = try row.value("exit_status")
        self.init(
            id: try row.value("id"), ownerID: try row.value("owner_id"), unit: try row.value("unit"),
            standard: try row.value("standard"), fileName: try row.value("file_name"), size: try row.value("size"),
            sha256: try row.value("sha256"), uploadID: try row.value("upload_id"), state: state,
            failureReason: try row.value("failure_reason"), attempts: Int(try row.value("attempts", as: Int64.self)),
            claimedBy: try row.value("claimed_by"), leaseUntil: try row.value("lease_until"),
            verdict: verdict.flatMap(Verdict.init(rawValue:)), exitStatus: exitStatus.map(Int.init),
            errors: Int(try row.value("errors", as: Int64.self)),
            warnings: Int(try row.value("warnings", as: Int64.self)), reportFolder: try row.value("report_folder"),
            duplicateOf: try row.value("duplicate_of"), decision: decision.flatMap(Decision.init(rawValue:)),
            decisionComment: try row.value("decision_comment"), decidedBy: try row.value("decided_by"),
            decidedAt: try row.value("decided_at"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"), checkedAt: try row.value("checked_at"))
    }
}
