import Foundation
import RuleEngine

/// A reader of one format, as GDAL's drivers are: an id a pack's `members:` names, a cheap
/// `identify` that routing asks about members no entry declares, and `open`, which turns a member
/// into streamed layers and format findings. Every reader is one line of `builtInReaders`; routing
/// (`MemberRouting`), opening (`SubmissionReader.open`) and detection (`SubmissionReader.catalogue`)
/// go through that list, so a new format is a folder with its reader and one line there.
public protocol FormatReader: Sendable {
    /// The id a pack's `members:` names (`reader: vct`), also the `format` of the layers it opens.
    var id: String { get }
    /// What it reads, in one line (docs/formats.md lists the same).
    var summary: String { get }
    /// The extensions (lowercase, no dot) of the files it may read without a declaration. A member
    /// whose extension no reader lists is never opened to be identified.
    var extensions: Set<String> { get }
    /// The extensions of folders that are one member it reads (`NAME.gdb/`); every file beneath such
    /// a folder belongs to that member.
    var folderExtensions: Set<String> { get }
    /// Whether the member at `path` (relative to the submission; a folder member ends in `/`) is this
    /// reader's, from its name and, when that is not enough, `firstBytes()`: the member's first 256
    /// bytes, read on the first call only (empty for a folder or an unreadable file).
    func identify(path: String, firstBytes: () -> Data) -> Bool
    /// Reads a member: its layers (records are streamed when the engine reads them), its format
    /// findings, and the files it read as documents. Never throws: what cannot be read is a finding.
    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome
    /// The layers' names and fields for `StandardDetector`, read from the member's headers where the
    /// format allows; a reader that has to read the member to know its layers returns what it opened,
    /// which `SubmissionReader.open` then takes instead of reading the member again.
    func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued
}

extension FormatReader {
    public var folderExtensions: Set<String> { [] }

    /// By default the member is opened, once: `SubmissionReader.open` reuses what this returns.
    public func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued {
        .opened(open(member, in: context))
    }
}

/// One member as a reader gets it: its main file and, for a format of several files (a shapefile),
/// the files of its base name by lowercase extension.
public struct ReaderMember: Hashable, Sendable {
    /// The member's path relative to the submission (`DLTB.shp`, `DB.gdb/`).
    public var path: String
    /// Lowercase extension → relative path of each file sharing the member's base name; only the
    /// main file for a one-file format.
    public var parts: [String: String]

    public init(path: String, parts: [String: String]? = nil) {
        self.path = path
        self.parts = parts ?? [URL(fileURLWithPath: path).pathExtension.lowercased(): path]
    }
}

/// What a reader may need beyond the member: where the submission lies and what the run and the pack say.
public struct ReadContext: Sendable {
    /// The folder the members' paths are relative to.
    public var root: String
    /// `--encoding`: decodes delimited text tables without a byte-order mark.
    public var tableEncoding: TextEncoding?
    /// The pack's layers (a CSV table takes its columns' types and encoding from the layer of its base name).
    public var tables: [LayerSpec]
    /// The pack's XML schemas.
    public var schemas: [XMLSchemaBinding]

    public init(
        root: String, tableEncoding: TextEncoding? = nil, tables: [LayerSpec] = [], schemas: [XMLSchemaBinding] = []
    ) {
        self.root = root
        self.tableEncoding = tableEncoding
        self.tables = tables
        self.schemas = schemas
    }

    /// The absolute path of a member.
    public func path(of relative: String) -> String { root + "/" + relative }
}

/// What a reader made of a member.
public struct ReadOutcome: Sendable {
    public var layers: [any Layer]
    public var findings: [FormatFinding]
    /// The member's files read as documents (the XML reader's), which the XPath and metadata rules evaluate.
    public var documents: [String]

    public init(layers: [any Layer] = [], findings: [FormatFinding] = [], documents: [String] = []) {
        self.layers = layers
        self.findings = findings
        self.documents = documents
    }
}

/// A member's layers for detection: from its headers, or opened (kept for `SubmissionReader.open`).
public enum Catalogued: Sendable {
    case headers([CataloguedLayer])
    case opened(ReadOutcome)

    public var layers: [CataloguedLayer] {
        switch self {
        case .headers(let layers): layers
        case .opened(let outcome): outcome.layers.map { CataloguedLayer($0) }
        }
    }
}

/// Every reader StdCheck has, sorted by id (a test keeps it sorted, each reader once, ids unique).
/// Routing asks them in this order; the id `none` (`MemberDeclaration.notRead`) is no reader: a
/// member declared so is listed and digested only.
public let builtInReaders: [any FormatReader] = [
    BoundaryTXTFormat(),
    CSVFormat(),
    DBFFormat(),
    GDALFormat(),
    ShapefileFormat(),
    VCTFormat(),
    XMLFormat(),
]

extension RulesSearchPath {
    /// The search path with `readers` set to the ids of `builtInReaders` and `none`, so that a pack
    /// naming another reader fails to load.
    public func checkingReaders() -> RulesSearchPath {
        var path = self
        path.readers = builtInReaders.map(\.id) + [MemberDeclaration.notRead]
        return path
    }
}
