import Foundation

/// The folders a batch may name deliveries in (`stdcheck serve --data-root DIR`, repeatable): the shared
/// mount every worker sees at the same path. A manifest path is relative to the first root it exists
/// under, or absolute; either way it is resolved to its real path (every symbolic link followed, `..`
/// removed) and must then lie inside the real path of one of the roots. A client's path is never used
/// as it was sent: the job stores the resolved one.
public struct DataRoots: Sendable, Equatable {
    /// The roots' real paths.
    public let roots: [String]

    public init(_ folders: [URL]) {
        roots = folders.map { DataRoots.realPath($0.path) ?? $0.standardizedFileURL.path }
    }

    public enum Refusal: Error, Equatable, Sendable {
        case noRoots
        case outside(String)
        case missing(String)

        public var message: String {
            switch self {
            case .noRoots: "the server has no data roots (stdcheck serve --data-root DIR): batches cannot name paths"
            case .outside(let path): "'\(path)' is outside the server's data roots"
            case .missing(let path): "'\(path)' does not exist under the server's data roots"
            }
        }
    }

    /// `resolve` as a result.
    public func check(_ path: String) -> Result<String, Refusal> {
        Result { () throws(Refusal) in try resolve(path) }
    }

    /// The real path of `path` if it lies inside a root.
    public func resolve(_ path: String) throws(Refusal) -> String {
        guard !roots.isEmpty else { throw .noRoots }
        guard !path.isEmpty, !path.contains("\0") else { throw .missing(path) }
        // `..` is refused before anything touches the disk: no probing of what lies outside
        if path.split(separator: "/").contains("..") { throw .outside(path) }
        let candidates = path.hasPrefix("/") ? [path] : roots.map { $0 + "/" + path }
        for candidate in candidates {
            guard let real = DataRoots.realPath(candidate) else { continue }
            guard roots.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
                throw .outside(path)
            }
            return real
        }
        if path.hasPrefix("/"), !roots.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            throw .outside(path)
        }
        throw .missing(path)
    }

    /// realpath(3): nil when the path does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
