import Foundation

/// Opens the store `--database` names: `sqlite:PATH` (relative to the working directory) or
/// `postgres://user:password@host:port/database` (also `postgresql://`; `?host=/folder` for a unix socket,
/// `sslmode=`, `pool=`: see `PostgresStore.configuration(url:)`). Without `--database`, the
/// embedded default `sqlite:<data>/service.sqlite`.
public enum ServiceStoreFactory {
    public enum OpenError: Error, CustomStringConvertible {
        case unsupported(String)
        case notAvailable(String)

        public var description: String {
            switch self {
            case .unsupported(let url):
                return "--database takes sqlite:PATH or postgres://…, not '\(url)'"
            case .notAvailable(let why): return why
            }
        }
    }

    /// The embedded default for a data folder.
    public static func defaultDatabase(data: URL) -> String {
        "sqlite:" + data.appendingPathComponent("service.sqlite").path
    }

    public static func open(_ database: String) async throws -> any ServiceStore {
        if database.hasPrefix("sqlite:") {
            return try SQLiteStore.open(path: String(database.dropFirst("sqlite:".count)))
        }
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            return try PostgresStore(url: database)
        }
        throw OpenError.unsupported(database)
    }
}
