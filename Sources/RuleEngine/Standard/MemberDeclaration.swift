/// Which reader reads the members of a submission whose path matches a glob (`pack.yaml` `members:`).
///
/// The first entry that matches a member decides, the pack's own entries before those it inherits
/// through `extends`; a member no entry matches is read as without a declaration (by its extension
/// and, for `.txt`, its first line).
public struct MemberDeclaration: Hashable, Sendable {
    /// The readers a pack can name; the Formats module maps each to its reader.
    public enum Reader: String, Hashable, Sendable, CaseIterable {
        /// An ESRI shapefile: the member with the `.shx`, `.dbf`, `.prj` and `.cpg` of its base name.
        case shapefile
        /// A dBASE table alone (with the `.cpg` of its base name), without shapes.
        case dbf
        /// A delimited text table (CSV, TSV).
        case csv
        /// An XML document: well-formedness, safety, the pack's schemas, and the XPath and metadata rules.
        case xml
        /// A 报批 boundary-coordinate TXT, parsed even when its first line is not `[属性描述]`.
        case boundaryTXT = "boundary-txt"
        /// A VCT exchange file (GB/T 17798 / 土地利用数据交换格式), one layer per attribute table.
        case vct
        /// A database GDAL reads (`.gdb` folder, `.gpkg`, `.mdb`), one layer per table or feature class.
        case gdal
        /// Listed with its size and sha256, never parsed.
        case none
    }

    /// A glob over the member's path: `*` and `?` within a name, `**` across folders; for an archive
    /// member the part after `!/` is matched too.
    public var path: String
    public var reader: Reader
    /// The entry in its `pack.yaml`, for messages and the generated pages.
    public var declaredAt: Location

    public init(path: String, reader: Reader, declaredAt: Location) {
        self.path = path
        self.reader = reader
        self.declaredAt = declaredAt
    }

    /// Whether the entry names the member at `member` (a path relative to the submission).
    public func matches(_ member: String) -> Bool {
        let inner = member.range(of: "!/").map { String(member[$0.upperBound...]) } ?? member
        return Glob.matches(path, member) || Glob.matches(path, inner)
    }
}

extension Standard {
    /// The entry of `members:` that decides the reader of the member at `path`: the first that
    /// matches; nil when none does (the member is read as without a declaration).
    public func memberDeclaration(for path: String) -> MemberDeclaration? {
        members.first { $0.matches(path) }
    }
}
