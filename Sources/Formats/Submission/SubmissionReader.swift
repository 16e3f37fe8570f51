import CShapelib
import Foundation
import RuleEngine
import Synchronization

/// Opens a submission folder, zip archive or single file: lists and digests every file, groups
/// shapefile parts by base name, opens each layer and checks each XML document, turning every
/// problem into a finding.
public enum SubmissionReader {
    /// Opens `path`, a folder, a `.zip`, a `NAME.gdb` folder, a single `.shp`/`.dbf`/`.csv`/`.tsv`/`.vct`/`.gpkg`/`.mdb` or a single `.xml`. Throws
    /// only when the path itself cannot be read. `tableEncoding` decodes delimited text tables that have
    /// no byte-order mark; `tables` gives their columns' types (a table is matched by its file's base name).
    ///
    /// A zip is extracted (see `ZipExtractor`) into a private temporary folder that the returned
    /// submission keeps alive; its members are named `name.zip!/member`. XML documents are checked
    /// against the first of `schemas` whose pattern matches their path. With `hashing: false` the files
    /// are listed with their sizes and an empty sha256; `FileDigests` then hashes them on another core.
    /// `members` (a pack's `members:`) decides which reader reads each member it matches; see `MemberRouting`.
    public static func open(
        _ path: String, displayPath: String? = nil, hashing: Bool = true, tableEncoding: TextEncoding? = nil,
        tables: [LayerSpec] = [], schemas: [XMLSchemaBinding] = [], members: [MemberDeclaration] = []
    ) throws(ReadError) -> Submission {
        open(
            try list(path, displayPath: displayPath), hashing: hashing, tableEncoding: tableEncoding, tables: tables,
            schemas: schemas, members: members)
    }

    /// The members of a submission, listed once: a folder walked, a zip extracted (the listing keeps
    /// its temporary folder alive), a single file with its siblings. `open(_:…)` and `catalogue(of:…)`
    /// both start from it, so a run that detects its standard lists and extracts the submission once.
    public struct Listing {
        var root: String
        var relativePaths: [String]
        var folderMembers: [String]
        var findings: [FormatFinding]
        var storage: Workspace?
        var shown: String
        /// What `catalogue(of:)` had to open to know a member's layers, kept for `open(_:…)`.
        let opened = OpenedMembers()
    }

    /// Members a reader opened for detection, by reader and member, each taken once by `open(_:…)`.
    final class OpenedMembers: Sendable {
        private let outcomes = Mutex<[String: ReadOutcome]>([:])
        /// The first bytes routing read, so that routing again reads none.
        let heads = MemberHeads()

        func keep(_ outcome: ReadOutcome, reader: String, member: ReaderMember) {
            outcomes.withLock { $0[reader + "\u{0}" + member.path] = outcome }
        }

        func take(reader: String, member: ReaderMember) -> ReadOutcome? {
            outcomes.withLock { $0.removeValue(forKey: reader + "\u{0}" + member.path) }
        }
    }

    /// Lists `path` (see `open(_:displayPath:…)`); throws only when the path itself cannot be read.
    public static func list(_ path: String, displayPath: String? = nil) throws(ReadError) -> Listing {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(path: path, reason: "no such file or folder")
        }
        let root: String
        var relativePaths: [String]
        var shown = displayPath ?? path
        var storage: Workspace?
        var findings: [FormatFinding] = []
        var folderMembers: [String] = []
        if !isDirectory.boolValue, path.lowercased().hasSuffix(".zip") {
            let workspace = try Workspace()
            let (members, problems) = try ZipExtractor.extract(path, into: workspace.path)
            root = workspace.path
            relativePaths = members
            findings += problems
            storage = workspace
            shown = folder(holding: path, shown: shown)
        } else if !isDirectory.boolValue,
            !ShapefileGroup.extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
        {
            root = URL(fileURLWithPath: path).deletingLastPathComponent().path
            relativePaths = [URL(fileURLWithPath: path).lastPathComponent]
            shown = folder(holding: path, shown: shown)
        } else if isDirectory.boolValue, URL(fileURLWithPath: path).pathExtension.lowercased() == "gdb" {
            // a File Geodatabase given itself is one member of its parent folder
            let url = URL(fileURLWithPath: path).standardizedFileURL
            root = url.deletingLastPathComponent().path
            relativePaths = []
            folderMembers = [url.lastPathComponent + "/"]
            shown = folder(holding: url.path, shown: shown)
        } else if isDirectory.boolValue {
            root = path
            guard opendir(path).map({ closedir($0) }) != nil else {
                throw ReadError(path: path, reason: "the folder cannot be listed: \(String(cString: strerror(errno)))")
            }
            let walk = FolderWalk(root: path)
            relativePaths = walk.files
            folderMembers = walk.folderMembers
            findings += walk.findings
        } else {
            let url = URL(fileURLWithPath: path)
            root = url.deletingLastPathComponent().path
            let stem = url.deletingPathExtension().lastPathComponent
            let siblings = (try? fm.contentsOfDirectory(atPath: root)) ?? []
            relativePaths = siblings.filter {
                URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent == stem
            }
            // Locations are relative to the folder, so the folder is what the report names.
            shown = folder(holding: path, shown: shown)
        }
        relativePaths.sort()
        return Listing(
            root: root, relativePaths: relativePaths, folderMembers: folderMembers, findings: findings,
            storage: storage, shown: shown)
    }

    /// Opens the members of a listing: digests (or sizes) every file, checks each XML document and opens
    /// each layer, with the readers `members` route them to.
    public static func open(
        _ listing: Listing, hashing: Bool = true, tableEncoding: TextEncoding? = nil, tables: [LayerSpec] = [],
        schemas: [XMLSchemaBinding] = [], members: [MemberDeclaration] = []
    ) -> Submission {
        let root = listing.root
        let relativePaths = listing.relativePaths
        let folderMembers = listing.folderMembers
        let storage = listing.storage
        let shown = listing.shown
        var findings = listing.findings
        var files: [SubmittedFile] = []
        for relative in relativePaths {
            switch hashing ? digest(root + "/" + relative) : size(root + "/" + relative) {
            case .success(let (size, sha)):
                files.append(SubmittedFile(path: relative, size: size, sha256: sha))
            case .failure(let error):
                findings.append(
                    FormatFinding(.datasetUnreadable, at: Location(file: relative), ["reason": error.reason]))
            }
        }

        let routing = MemberRouting(
            paths: relativePaths, folderMembers: folderMembers, root: root, members: members,
            heads: listing.opened.heads)
        let context = ReadContext(root: root, tableEncoding: tableEncoding, tables: tables, schemas: schemas)
        var documents: [String] = []
        var layers: [any Layer] = []
        var read: Set<String> = []
        for (reader, member) in routing.routes {
            // what detection already opened with the same reader is not read again
            let outcome = listing.opened.take(reader: reader.id, member: member) ?? reader.open(member, in: context)
            layers += outcome.layers
            findings += outcome.findings
            documents += outcome.documents
            read.insert(member.path)
        }
        layers.sort { $0.name < $1.name || ($0.name == $1.name && $0.file < $1.file) }
        findings += unsupportedMembers(
            relativePaths + folderMembers, dataRead: !layers.isEmpty || !documents.isEmpty, tables: tables,
            members: members, read: read)
        var submission = Submission(path: shown, files: files, layers: layers, findings: findings, storage: storage)
        submission.root = root
        let listed = Set(files.map(\.path))
        submission.documents = documents.filter(listed.contains)
        return submission
    }

    /// A `member-format-unsupported` finding for each member in a format StdCheck recognises but does not
    /// read (`UnsupportedFormat`); the files of a File Geodatabase count as one member, `NAME.gdb/`. It is
    /// an error when nothing else was read, when the pack's `members:` route it to a reader, or when its
    /// base name is a layer of the standard (`DLTB.gpkg`); a warning otherwise; none when the pack's
    /// `members:` route it to no reader (`reader: none`: listed and digested on purpose).
    static func unsupportedMembers(
        _ paths: [String], dataRead: Bool, tables: [LayerSpec], members: [MemberDeclaration], read: Set<String> = []
    ) -> [FormatFinding] {
        var seen: Set<String> = []
        var findings: [FormatFinding] = []
        let layerNames = Set(tables.map { $0.name.uppercased() })
        for path in paths.sorted() {
            var member = path
            if let gdb = path.split(separator: "/").dropLast().firstIndex(where: { $0.lowercased().hasSuffix(".gdb") })
            {
                member = path.split(separator: "/")[...gdb].joined(separator: "/") + "/"
            }
            guard !read.contains(member), let format = UnsupportedFormat.name(of: member), seen.insert(member).inserted
            else { continue }
            let stem = URL(fileURLWithPath: member).deletingPathExtension().lastPathComponent.uppercased()
            let declaration = members.first { $0.matches(member) || $0.matches(path) }
            // a member the pack routes to no reader is meant to be listed, not read
            if declaration?.reader == MemberDeclaration.notRead { continue }
            let needed = !dataRead || declaration != nil || layerNames.contains(stem)
            findings.append(
                FormatFinding(
                    .memberFormatUnsupported, at: Location(file: member), value: format, ["format": format],
                    severity: needed ? .error : .warning))
        }
        return findings
    }

    /// Size of a readable file, with an empty digest for `FileDigests` to fill.
    /// The folder a report names for a single file: the parent of the path shown, or the folder's own
    /// name when that parent is empty or only `.` and `..` (`./x.zip`, `x.zip`), never `.`.
    static func folder(holding path: String, shown: String) -> String {
        let parent = (shown as NSString).deletingLastPathComponent
        if parent.split(separator: "/").contains(where: { $0 != "." && $0 != ".." }) { return parent }
        let name = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().lastPathComponent
        return name.isEmpty ? "/" : name
    }

    static func size(_ path: String) -> Result<(Int, String), ReadError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ReadError(path: path, reason: "cannot open for reading"))
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()).map { Int($0) } ?? 0
        return .success((size, ""))
    }

    /// Size and sha256 of a file: mapped and hashed a window at a time, each window's pages handed back
    /// once hashed (no copy into a buffer, resident memory bounded by one window); read in 1 MiB blocks when
    /// it cannot be mapped.
    static func digest(_ path: String) -> Result<(Int, String), ReadError> {
        guard let bytes = try? Data.mapped(path), !bytes.isEmpty else { return digestByReading(path) }
        var hasher = SHA256()
        let window = 16 << 20
        bytes.withUnsafeBytes { raw in
            var start = 0
            while start < raw.count {
                let end = min(raw.count, start + window)
                hasher.update(buffer: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                bytes.releaseMappedPages(start..<end)
                start = end
            }
        }
        return .success((bytes.count, hasher.finalize()))
    }

    static func digestByReading(_ path: String) -> Result<(Int, String), ReadError> {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(ReadError(path: path, reason: "cannot open for reading"))
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        do {
            while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
                size += block.count
                hasher.update(block)
            }
        } catch {
            return .failure(ReadError(path: path, reason: "read failed: \(error.localizedDescription)"))
        }
        return .success((size, hasher.finalize()))
    }
}

/// The parts of one shapefile found side by side: base name plus each extension present, any case.
struct ShapefileGroup {
    /// The relative path without extension (`sub/DLTB`).
    var base: String
    /// Lowercased extension → relative path.
    var parts: [String: String]

    var name: String { URL(fileURLWithPath: base).lastPathComponent }

    static let extensions: Set<String> = ["shp", "shx", "dbf", "prj", "cpg"]

    /// Groups paths by base name; only groups holding a `.shp`, `.shx` or `.dbf` are layers.
    static func groups(_ paths: [String]) -> [ShapefileGroup] {
        var byBase: [String: ShapefileGroup] = [:]
        for path in paths {
            let url = URL(fileURLWithPath: path)
            let ext = url.pathExtension.lowercased()
            guard extensions.contains(ext) else { continue }
            let base = String(path.dropLast(url.pathExtension.count + 1))
            var group = byBase[base] ?? ShapefileGroup(base: base, parts: [:])
            group.parts[ext] = path
            byBase[base] = group
        }
        return byBase.values
            .filter { $0.parts["shp"] != nil || $0.parts["shx"] != nil || $0.parts["dbf"] != nil }
            .sorted { $0.base < $1.base }
    }
}

/// Which XSD (and catalog) validates the XML documents whose path matches a glob.
public struct XMLSchemaBinding: Hashable, Sendable {
    /// A glob over the member's path (`*` within a name, `**` across folders); the part after
    /// `!/` of an archive member is matched too.
    public var pattern: String
    public var schema: String
    public var catalog: String?

    public init(pattern: String, schema: String, catalog: String? = nil) {
        self.pattern = pattern
        self.schema = schema
        self.catalog = catalog
    }

    /// The bindings of a pack's shipped schemas.
    public static func bindings(of standard: Standard) -> [XMLSchemaBinding] {
        standard.documentSchemas.map { XMLSchemaBinding(pattern: $0.document, schema: $0.schema, catalog: $0.catalog) }
    }

    func matches(_ path: String) -> Bool {
        let inner = path.range(of: "!/").map { String(path[$0.upperBound...]) } ?? path
        return Glob.matches(pattern, path) || Glob.matches(pattern, inner)
    }
}
