/// Which reader reads the members of a submission whose path matches a glob (`pack.yaml` `members:`).
///
/// The first entry that matches a member decides, the pack's own entries before those it inherits
/// through `extends`; a member no entry matches is read as without a declaration (by its extension
/// and, for `.txt`, its first line).
public struct MemberDeclaration: Hashable, Sendable {
    /// The reader id that lists a member with its size and sha256 and never parses it.
    public static let notRead = "none"

    /// A glob over the member's path: `*` and `?` within a name, `**` across folders; for an archive
    /// member the part after `!/` is matched too.
    public var path: String
    /// The id of the reader that reads the member: one of the Formats module's `builtInReaders`
    /// (`shapefile`, `dbf`, `csv`, `xml`, `boundary-txt`, `vct`, `gdal`), or `none` (`notRead`).
    /// RuleEngine knows no reader; the loader checks the id against `RulesSearchPath.readers`.
    public var reader: String
    /// The entry in its `pack.yaml`, for messages and the generated pages.
    public var declaredAt: Location

    public init(path: String, reader: String, declaredAt: Location) {
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
