import Foundation
import RuleEngine
import Synchronization

/// Decides which reader of `builtInReaders` reads each member of a submission: the first entry of the
/// pack's `members:` that matches it, else the first reader listing its extension whose `identify`
/// accepts it (a `.txt` is read for its first line only then).
///
/// Without a declaration a `.xml` is read as XML, a `.txt` whose first line is `[属性描述]` as a
/// boundary-coordinate file, a `.vct` as a VCT exchange file, a `.gpkg`, `.mdb` or `NAME.gdb/` folder
/// through GDAL, a `.csv`/`.tsv` as a table, the parts of a shapefile as a shapefile, and anything else
/// is listed only. The parts of a shapefile go together: the entry matching the group's main file (the
/// `.shp`, else the `.dbf`, else the `.shx`) decides for every part of its base name. A folder whose
/// extension a reader lists in `folderExtensions` (`NAME.gdb/`) is one member, with every file
/// beneath it. A declared reader reads the member even when the member is not what it reads: its own
/// format findings then say why (a `.txt` declared `boundary-txt` that has no `[属性描述]`). A member
/// declared `none`, or with a reader id no reader has (a pack loaded without `RulesSearchPath.readers`),
/// is listed only.
struct MemberRouting {
    /// Each member with the reader that reads it, in the order of `readers`, then by path.
    private(set) var routes: [(reader: any FormatReader, member: ReaderMember)] = []

    init(
        paths: [String], folderMembers: [String] = [], root: String, members: [MemberDeclaration],
        readers: [any FormatReader] = builtInReaders, heads: MemberHeads? = nil
    ) {
        func declared(_ path: String) -> (any FormatReader)?? {
            guard let id = members.first(where: { $0.matches(path) })?.reader else { return nil }
            return .some(readers.first { $0.id == id })
        }
        var byReader: [String: [ReaderMember]] = [:]
        func route(
            _ member: ReaderMember, declaredAs choice: (any FormatReader)??, else fallback: () -> (any FormatReader)?
        ) {
            let reader: (any FormatReader)? = choice ?? fallback()
            guard let reader else { return }
            byReader[reader.id, default: []].append(member)
        }

        // a folder a reader reads whole (`NAME.gdb/`) is one member, whether walked as a folder or extracted from a zip
        let folderExtensions = readers.reduce(into: Set<String>()) { $0.formUnion($1.folderExtensions) }
        var grouped: Set<String> = []
        var folders = Set(folderMembers.filter { Self.folder(holding: $0 + "x", extensions: folderExtensions) == $0 })
        for path in paths {
            guard let folder = Self.folder(holding: path, extensions: folderExtensions) else { continue }
            grouped.insert(path)
            folders.insert(folder)
        }
        for folder in folders.sorted() {
            let ext = URL(fileURLWithPath: String(folder.dropLast())).pathExtension.lowercased()
            route(ReaderMember(path: folder), declaredAs: declared(folder) ?? declared(String(folder.dropLast()))) {
                readers.first { $0.folderExtensions.contains(ext) && $0.identify(path: folder, firstBytes: { Data() }) }
            }
        }

        // the parts of a shapefile are one member, read by the shapefile reader unless declared otherwise
        for group in ShapefileGroup.groups(paths) {
            grouped.formUnion(group.parts.values)
            // groups hold a .shp, .dbf or .shx by construction
            guard let main = group.parts["shp"] ?? group.parts["dbf"] ?? group.parts["shx"] else { continue }
            route(ReaderMember(path: main, parts: group.parts), declaredAs: declared(main)) {
                readers.first { $0.id == ShapefileFormat().id }
            }
        }

        for path in paths where !grouped.contains(path) {
            route(ReaderMember(path: path), declaredAs: declared(path)) {
                Self.sniff(path, root: root, readers: readers, heads: heads)
            }
        }
        for reader in readers {
            for member in (byReader[reader.id] ?? []).sorted(by: { $0.path < $1.path }) {
                routes.append((reader, member))
            }
        }
    }

    /// The members `id` reads, in path order.
    func members(readBy id: String) -> [String] {
        routes.filter { $0.reader.id == id }.map(\.member.path)
    }

    /// The reader of a member no entry matches: the first of `readers` listing its extension whose
    /// `identify` accepts it; the member's first 256 bytes are read only when a reader asks for them.
    static func sniff(
        _ path: String, root: String, readers: [any FormatReader] = builtInReaders, heads: MemberHeads? = nil
    ) -> (any FormatReader)? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        let heads = heads ?? MemberHeads()
        return readers.first {
            $0.extensions.contains(ext)
                && $0.identify(path: path, firstBytes: { heads.firstBytes(of: path, root: root) })
        }
    }
}

/// The first 256 bytes of the members routing had to look into, read once per listing (detection and
/// opening route the same members).
final class MemberHeads: Sendable {
    private let heads = Mutex<[String: Data]>([:])

    func firstBytes(of path: String, root: String) -> Data {
        heads.withLock { heads in
            if let head = heads[path] { return head }
            var bytes = Data()
            if let handle = FileHandle(forReadingAtPath: root + "/" + path) {
                bytes = (try? handle.read(upToCount: 256)) ?? Data()
                try? handle.close()
            }
            heads[path] = bytes
            return bytes
        }
    }
}

extension MemberRouting {
    /// The folder member (`NAME.gdb/`: a folder whose extension is one of `extensions`) a path lies
    /// in, nil when it lies in none.
    static func folder(holding path: String, extensions: Set<String>) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard
            let index = parts.dropLast().firstIndex(where: { part in
                guard let dot = part.lastIndex(of: ".") else { return false }
                return extensions.contains(part[part.index(after: dot)...].lowercased())
            })
        else { return nil }
        return parts[...index].joined(separator: "/") + "/"
    }

    /// The `NAME.gdb/` folder a path lies in, nil when it lies in none.
    static func geodatabase(holding path: String) -> String? {
        folder(holding: path, extensions: GDALFormat().folderExtensions)
    }
}

extension ShapefileGroup {
    /// The file that names the layer: the `.shp`, else the `.dbf`, else the `.shx`.
    var mainFile: String { parts["shp"] ?? parts["dbf"] ?? parts["shx"] ?? base }
}
