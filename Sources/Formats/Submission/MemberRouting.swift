import Foundation
import RuleEngine

/// Decides which reader reads each member of a submission: the first entry of the pack's `members:`
/// that matches it, else what its extension (and, for a `.txt`, its first line) says.
///
/// Without a declaration a `.xml` is read as XML, a `.txt` whose first line is `[属性描述]` as a
/// boundary-coordinate file, a `.vct` as a VCT exchange file, a `.gpkg`, `.mdb` or `NAME.gdb/` folder through GDAL, a `.csv`/`.tsv` as a table, the parts of a shapefile as a shapefile, and
/// anything else is listed only. The parts of a shapefile go together: the entry matching the group's
/// main file (the `.shp`, else the `.dbf`, else the `.shx`) decides for every part of its base name.
/// A declared reader reads the member even when the member is not what it reads: its own format
/// findings then say why (a `.txt` declared `boundary-txt` that has no `[属性描述]`).
struct MemberRouting {
    /// The members each reader other than the shapefile and DBF readers reads, in path order.
    private var byReader: [MemberDeclaration.Reader: [String]] = [:]
    /// What the shapefile reader opens, in base-name order: shapefiles, and DBF tables read alone.
    private(set) var shapefiles: [ShapefileGroup] = []

    init(paths: [String], folderMembers: [String] = [], root: String, members: [MemberDeclaration]) {
        func declared(_ path: String) -> MemberDeclaration.Reader? {
            members.first { $0.matches(path) }?.reader
        }
        // a File Geodatabase is one member, `NAME.gdb/`, whether walked as a folder or extracted from a zip
        var grouped: Set<String> = []
        var databases = Set(folderMembers.filter { $0.lowercased().hasSuffix(".gdb/") })
        for path in paths {
            guard let folder = Self.geodatabase(holding: path) else { continue }
            grouped.insert(path)
            databases.insert(folder)
        }
        for database in databases.sorted() {
            switch declared(database) ?? declared(String(database.dropLast())) ?? .gdal {
            case .gdal: byReader[.gdal, default: []].append(database)
            default: continue
            }
        }
        for group in ShapefileGroup.groups(paths) {
            grouped.formUnion(group.parts.values)
            // groups hold a .shp, .dbf or .shx by construction
            guard let main = group.parts["shp"] ?? group.parts["dbf"] ?? group.parts["shx"] else { continue }
            switch declared(main) ?? .shapefile {
            case .shapefile:
                shapefiles.append(group)
            case .dbf:
                // the table alone, with the .cpg that names its encoding; a .shp declared dbf is read as one
                var parts = ["dbf": main]
                parts["cpg"] = group.parts["cpg"]
                shapefiles.append(ShapefileGroup(base: group.base, parts: parts))
            case .none:
                continue
            case let reader:
                byReader[reader, default: []].append(main)
            }
        }
        for path in paths where !grouped.contains(path) {
            let base = (path as NSString).deletingPathExtension
            switch declared(path) ?? Self.sniff(path, root: root) {
            case .shapefile:
                shapefiles.append(ShapefileGroup(base: base, parts: ["shp": path]))
            case .dbf:
                shapefiles.append(ShapefileGroup(base: base, parts: ["dbf": path]))
            case .none:
                continue
            case let reader:
                byReader[reader, default: []].append(path)
            }
        }
        shapefiles.sort { $0.base < $1.base || ($0.base == $1.base && $0.mainFile < $1.mainFile) }
        for reader in byReader.keys { byReader[reader]?.sort() }
    }

    /// The members `reader` reads (XML, boundary TXT, VCT, GDAL or CSV), in path order.
    func members(readBy reader: MemberDeclaration.Reader) -> [String] {
        byReader[reader] ?? []
    }

    /// The reader of a member no entry matches: by extension, and for a `.txt` by its first line.
    /// Every `.vct` goes to the VCT reader, whose findings say so when it is not one (Idrisi's `.vct`).
    static func sniff(_ path: String, root: String) -> MemberDeclaration.Reader {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "xml" { return .xml }
        if ext == "vct" { return .vct }
        if GDALReader.extensions.contains(ext) { return .gdal }
        if CSVReader.extensions.contains(ext) { return .csv }
        guard ext == "txt", let handle = FileHandle(forReadingAtPath: root + "/" + path) else { return .none }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        try? handle.close()
        return BoundaryTXTReader.identify(head) ? .boundaryTXT : .none
    }
}

extension MemberRouting {
    /// The `NAME.gdb/` folder a path lies in, nil when it lies in none.
    static func geodatabase(holding path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard let index = parts.dropLast().firstIndex(where: { $0.lowercased().hasSuffix(".gdb") }) else { return nil }
        return parts[...index].joined(separator: "/") + "/"
    }
}

extension ShapefileGroup {
    /// The file that names the layer: the `.shp`, else the `.dbf`, else the `.shx`.
    var mainFile: String { parts["shp"] ?? parts["dbf"] ?? parts["shx"] ?? base }
}
