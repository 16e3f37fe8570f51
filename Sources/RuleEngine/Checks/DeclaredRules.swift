/// A row rule: wherever `when` holds (or always), `assert` must not be false.
public struct RowAssertion: Sendable {
    /// The assertion as written, quoted by the default message.
    public var source: String
    public var when: ExpressionNode?
    public var assert: ExpressionNode
    public var scope: ExpressionScope
    /// The fields the message may quote, in order of first use.
    public var fields: [String]
    /// New name → the name the rule was written with, for fields a profile renamed (messages quote either).
    public var aliases: [String: String] = [:]
}

/// A pass or fail example of a rule, run by `stdcheck rules test` and by `swift test`.
public struct RuleExample: Sendable {
    public enum Kind: String, Sendable {
        case pass
        case fail
    }

    /// One expected finding place: the layer (the rule's when omitted), 1-based record, field.
    public struct Place: Hashable, Sendable, CustomStringConvertible {
        public var layer: String
        public var record: Int?
        public var field: String?
        /// For a document example: the 1-based line of the failing context node.
        public var line: Int?
        /// For a package example: the member (or missing pattern) reported.
        public var file: String?

        public init(layer: String, record: Int? = nil, field: String? = nil, line: Int? = nil, file: String? = nil) {
            self.layer = layer
            self.record = record
            self.field = field
            self.line = line
            self.file = file
        }

        public var description: String {
            if let file { return file }
            if let line { return "line \(line)" }
            return "\(layer)" + (record.map { "#\($0)" } ?? "") + (field.map { ".\($0)" } ?? "")
        }
    }

    public var kind: Kind
    /// Rows per layer; each row maps field names to values, nil for blank.
    public var layers: [(name: String, rows: [[String: String?]])]
    public var expect: [Place]
    /// For an XPath rule: the XML document the example checks.
    public var document: String?
    /// For a package rule: the member paths of the example package.
    public var files: [String]?
    /// For a metadata extent rule: the EPSG code of the example's layer.
    public var epsg: Int?
    /// Where the example is written, for pointing at a wrong one.
    public var location: Location
}
