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

}
