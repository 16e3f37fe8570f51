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

/// A cross-layer reference: the key of each record must exist among the keys of another layer, and the
/// listed fields must then equal that layer's.
public struct ReferenceRule: Sendable {
    public var key: ExpressionNode
    public var scope: ExpressionScope
    public var targetLayer: String
    public var targetKey: ExpressionNode
    public var targetScope: ExpressionScope
    /// Pairs of (field of this layer, field of the target layer) that must be equal when the key is found.
    public var match: [FieldPair]
    /// False when another rule reports absent keys and this one only compares the matched fields.
    public var reportMissing: Bool
}

/// A field of one layer paired with a field of another.
public struct FieldPair: Hashable, Sendable {
    public var field: String
    public var target: String
}

/// A value unique across several layers (BSM in the whole database).
public struct UniqueAcrossRule: Sendable {
    public var field: String
    public var layers: [String]
    /// Fields whose values scope the uniqueness (TBBH unique within each ZLDWDM): the key is these values and
    /// the field's together, and a repeat within one layer is reported too. Empty: the field alone, across layers.
    public var within: [String] = []
    /// `replaced: {layer, field, key}`: the records of the rule's layers whose `key` is a value of `field` in
    /// `layer` are left out (the base parcels an update replaces, named by its process records: numbering
    /// after the update). Nil: every record counts.
    public var replaced: Replaced? = nil

    public struct Replaced: Sendable {
        public var layer: String
        public var field: String
        public var key: String
    }
}

/// A per-group sum over one layer compared with a value recorded on another.
public struct AggregateRule: Sendable {
    /// The layer whose records are summed.
    public var source: String
    public var group: ExpressionNode
    public var sum: ExpressionNode
    public var sourceScope: ExpressionScope
    /// On the rule's own layer: the group each record stands for, and the value it records.
    public var key: ExpressionNode
    public var value: ExpressionNode
    public var scope: ExpressionScope
    public var tolerance: Double
    /// `combine: true`: the records of the rule's layer that share a key together state the group's
    /// value (a township or village made of several features); their values are summed and a
    /// mismatch is reported once, at the first of them.
    public var combine: Bool = false
    /// `skip-unmatched: true`: a record whose group has no part is not judged (the base parcels an update
    /// leaves alone have no process record); otherwise its parts sum to 0.
    public var skipUnmatched: Bool = false
}

/// What the base database becomes after an update, per township and first-level class (`change-summary:`).
/// The process layer names the before- and after-parcels' unit and class with the prefixes BGQ and BGH.
public struct ChangeSummaryRule: Sendable {
    public var base: String
    public var process: String
    /// The update layer: the rule's own.
    public var update: String
    public var key = "BSM"
    public var before = "BGQTBBSM"
    public var after = "BGHTBBSM"
    public var unit = "ZLDWDM"
    public var unitDigits = 9
    public var landClass = "DLBM"
    public var classDigits = 2
    public var area = "TBMJ"
    public var changed = "TBBGMJ"
    public var tolerance = 0.0
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
