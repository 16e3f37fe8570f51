import Foundation

/// The folders rule packs are looked for in, in order. Each folder holds packs as `<id>/<version>/pack.yaml`;
/// the first folder holding `id@version` provides it (a later one with the same pack is shadowed).
/// `extends:` is resolved through the same path, so a pack in one folder may build on a pack in another.
public struct RulesSearchPath: Hashable, Sendable {
    /// One folder of the search path and where it came from.
    public struct Entry: Hashable, Sendable {
        /// How the folder got onto the path.
        public enum Origin: String, Hashable, Sendable {
            case option = "--rules-dir"
            case environment = "$STDCHECK_RULES"
            case installed = "installed"
            /// The rules folder of a pack loaded by its own folder.
            case pack = "pack"
        }

        /// The folder as given (or, for the installed rules, relative to the working directory when beneath it).
        public var path: String
        public var origin: Origin

        public init(_ path: String, origin: Origin) {
            self.path = path
            self.origin = origin
        }
    }

    /// One pack found on the path.
    public struct Pack: Hashable, Sendable {
        public var id: String
        public var version: String
        /// The entry of the search path holding it.
        public var entry: Entry
        /// The entries after it that hold the same `id@version` and are therefore not used.
        public var shadows: [Entry]

        public var reference: String { "\(id)@\(version)" }
        /// The pack's folder.
        public var directory: String { "\(entry.path)/\(id)/\(version)" }
    }

    public var entries: [Entry]
    /// Every place looked in for installed rules, whether or not it exists (for messages when nothing is found).
    public var installedCandidates: [String]
    /// The reader ids a pack's `members:` may name (the Formats module's `builtInReaders`, and `none`):
    /// an id outside them is a load error naming them. RuleEngine knows no reader, so whoever reads
    /// submissions sets this (the CLI and `CheckSession` do); nil accepts any id of lowercase letters,
    /// digits and hyphens (packs loaded by RuleEngine alone).
    public var readers: [String]?

    public init(_ entries: [Entry], installedCandidates: [String] = [], readers: [String]? = nil) {
        self.entries = entries
        self.installedCandidates = installedCandidates
        self.readers = readers
    }

    /// A search path of the given folders, in order.
    public init(directories: [String]) {
        self.init(directories.map { Entry($0, origin: .option) })
    }

    /// The folders, as the report's manifest records them.
    public var paths: [String] { entries.map(\.path) }

    /// Every place looked in, in order, with where it came from: the entries given, then the installed
    /// candidates up to the one used (those before it were not there).
    public var placesLookedIn: [String] {
        var places = entries.filter { $0.origin != .installed }.map { "\($0.path) (\($0.origin.rawValue))" }
        let installed = entries.filter { $0.origin == .installed }
        for candidate in installedCandidates {
            if installed.contains(where: { $0.path == candidate }) {
                places.append("\(candidate) (installed)")
                break
            }
            places.append("\(candidate) (installed; not there)")
        }
        for entry in installed where !installedCandidates.contains(entry.path) {
            places.append("\(entry.path) (installed)")
        }
        return places
    }

    /// Every pack on the path, sorted by reference, each from the first folder holding it.
    public func packs() -> [Pack] {
        let fm = FileManager.default
        var found: [String: Pack] = [:]
        for entry in entries {
            for id in ((try? fm.contentsOfDirectory(atPath: entry.path)) ?? []).sorted() {
                let idPath = entry.path + "/" + id
                for version in ((try? fm.contentsOfDirectory(atPath: idPath)) ?? []).sorted()
                where fm.fileExists(atPath: "\(idPath)/\(version)/pack.yaml") {
                    let reference = "\(id)@\(version)"
                    if found[reference] != nil {
                        found[reference]?.shadows.append(entry)
                    } else {
                        found[reference] = Pack(id: id, version: version, entry: entry, shadows: [])
                    }
                }
            }
        }
        return found.values.sorted { $0.reference < $1.reference }
    }

    /// Every `id@version` on the path, sorted.
    public func available() -> [String] { packs().map(\.reference) }

    /// The folder of the pack `id@version`, from the first entry holding it.
    public func directory(of reference: String) -> String? {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            !parts.contains(where: { $0.contains("/") || $0 == "." || $0 == ".." })
        else { return nil }
        for entry in entries
        where FileManager.default.fileExists(atPath: "\(entry.path)/\(parts[0])/\(parts[1])/pack.yaml") {
            return "\(entry.path)/\(parts[0])/\(parts[1])"
        }
        return nil
    }

    /// What a `--standard` name stands for: `id@version` as it is, a bare `id` the latest version of that id.
    public enum Resolution: Hashable, Sendable {
        /// The name already had a version.
        case exact(String)
        /// A bare id: the latest of its `count` versions.
        case latest(String, count: Int)
        /// No pack of that id on the path.
        case unknown
    }

    /// Resolves a `--standard` name. Versions compare as numbers where they are numbers (`2020` after `2012`).
    public func resolve(_ name: String) -> Resolution {
        if name.contains("@") { return .exact(name) }
        let versions = packs().filter { $0.id == name }.map(\.version)
        guard
            let latest = versions.max(by: {
                $0.compare($1, options: [.numeric]) == .orderedAscending
            })
        else { return .unknown }
        return .latest("\(name)@\(latest)", count: versions.count)
    }
}
