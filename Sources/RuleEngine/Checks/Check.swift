/// What a check reports: where in the layer, and the values its message needs.
public struct Defect: Hashable, Sendable {
    /// 1-based record number; nil for a defect of the layer or its schema.
    public var record: Int?
    public var field: String?
    /// The offending value as read.
    public var value: String?
    public var values: [String: String]
    /// Lowers this finding below its rule's severity (never raises it); nil keeps the rule's.
    public var severity: Severity?

    public init(
        record: Int? = nil, field: String? = nil, value: String? = nil, _ values: [String: String] = [:],
        severity: Severity? = nil
    ) {
        self.record = record
        self.field = field
        self.value = value
        self.values = values
        self.severity = severity
    }
}

/// An executable test of one layer, driven in one pass: `begin` with the schema, `inspect` per record, `end`.
///
/// A check knows nothing of any standard: field names, code lists and bounds come from its rule.
/// A check instance lives for one layer of one run, on one thread, so it need not be `Sendable`.
public protocol Check: BuiltInCheck {

    /// Schema-level defects go here. Returns false when the check cannot apply to this
    /// layer (its field is absent, which `field-missing` reports once); it is then not-applicable.
    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool
    /// Called after `begin` with the number of records the layer declares (a hint, never trusted for
    /// correctness): a check that keeps a value per record may size its storage once.
    mutating func expect(records: Int)
    /// Called once per record, in file order.
    mutating func inspect(_ record: Record, into defects: inout [Defect])
    /// Called after the last record; checks that compare records report here.
    mutating func end(into defects: inout [Defect])
    /// How many records the check actually judged, when fewer than all (a condition that did not hold);
    /// nil means every record.
    var checkedCount: Int? { get }
}

extension Check {
    public static var family: CheckFamily { .record }
    public var checkedCount: Int? { nil }
    public mutating func expect(records: Int) {}
    public mutating func inspect(_ record: Record, into defects: inout [Defect]) {}
    public mutating func end(into defects: inout [Defect]) {}
}

/// A check of one field's values: resolves the field's position once, then inspects non-blank values.
protocol ValueCheck: Check {
    var field: String { get }
    var column: Int? { get set }
    /// Inspects one value that is present (not blank).
    mutating func inspect(value: String, record: Int, into defects: inout [Defect])
}

extension ValueCheck {
    public mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        column = schema.index(of: field)
        return column != nil
    }

    public mutating func inspect(_ record: Record, into defects: inout [Defect]) {
        guard let column, let value = record[column] else { return }
        inspect(value: value, record: record.number, into: &defects)
    }
}
