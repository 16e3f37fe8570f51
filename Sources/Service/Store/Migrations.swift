import Foundation

/// The schema's migration files (`Resources/migrations/NNNN_name.sql`), shared by every store.
public struct Migration: Sendable, Equatable {
    /// NNNN of the file name: the row recorded in `schema_migrations`.
    public var version: Int
    public var name: String
    public var sql: String

    /// The file's statements, split at each `;` that ends a line, comments and blank lines dropped (for
    /// drivers that take one statement per call). The files keep `;` out of strings and comments.
    public var statements: [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("--") { continue }
            current.append(line)
            if trimmed.hasSuffix(";") {
                var statement = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                statement.removeLast()
                statements.append(statement)
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }

    /// Every migration, in version order.
    public static func all() throws -> [Migration] {
        guard
            let folder = Bundle.module.url(forResource: "migrations", withExtension: nil, subdirectory: "Resources")
        else { throw StoreError.database("the migrations folder is missing from the Service resources") }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        return try names.sorted().map { name in
            guard let version = Int(name.prefix { $0.isNumber }) else {
                throw StoreError.database("migration \(name) does not start with its number")
            }
            let sql = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            return Migration(version: version, name: name, sql: sql)
        }
    }

    /// The table that records applied migrations (plain SQL both databases accept).
    public static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version BIGINT PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """
}
