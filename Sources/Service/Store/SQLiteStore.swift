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

}

extension JSONEncoder {
    /// Keys sorted, so stored JSON is the same bytes for the same value.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
