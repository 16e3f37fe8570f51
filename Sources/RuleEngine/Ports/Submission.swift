/// One file of a submission with its size and sha256, proving what was checked.
public struct SubmittedFile: Hashable, Sendable, Codable {
    /// Relative to the submission root, `/`-separated.
    public var path: String
    public var size: Int
    public var sha256: String

    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}

/// Everything a submission holds, as the readers found it.
public struct Submission: Sendable {
    /// The submission as given on the command line (relative when under the working directory).
    public var path: String
    /// Every file, sorted by path.
    public var files: [SubmittedFile]
    /// Every layer the readers could open, sorted by name.
    public var layers: [any Layer]
    /// Defects found while opening the files (missing .shx, undeclared encoding …).
    public var findings: [FormatFinding]
    /// What the layers read from and must outlive them, such as the temporary folder an archive
    /// was extracted into (removed when the last copy of the submission goes).
    public var storage: (any AnyObject & Sendable)?
    /// The folder the files' relative paths start from, as the reader opened it (for digests, and for
    /// rules that read a file again, such as XPath rules).
    public var root: String = "."
    /// The members read as XML documents, which the XPath and metadata rules evaluate; nil for every
    /// `.xml` member. A pack's `members:` can route an XML member to no reader, or another member to
    /// the XML reader.
    public var documents: [String]?

    public init(
        path: String, files: [SubmittedFile], layers: [any Layer], findings: [FormatFinding],
        storage: (any AnyObject & Sendable)? = nil
    ) {
        self.path = path
        self.files = files
        self.layers = layers
        self.findings = findings
        self.storage = storage
    }
}
