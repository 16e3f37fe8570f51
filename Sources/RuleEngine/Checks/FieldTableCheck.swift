/// A check kind a layer's field table configures (`Schema/`, `Record/`, `Table/`): its file says which
/// rules one layer's table gives (`derive`) and what in the table gives each. A derived rule holds its
/// configured check, which the engine copies fresh for each layer's pass (the kinds are value types).
/// `RuleDerivation` and the engine find the kinds in `builtInChecks`; neither knows one by name.
protocol FieldTableCheck: Check, Sendable {
    /// The rules of this kind one layer's field table gives, in field order.
    static func derive(from table: FieldTable) -> [Derivation]
    /// Where its rules stand among those of one field (or of the layer, for a per-layer kind).
    static var derivationOrder: Int { get }
    /// Decided by the layer's schema alone: counted as one check per layer, not per record.
    static var decidedBySchema: Bool { get }
    /// What in the field table gives the rule, as the table says it (`DLBM: codelist DLBM`).
    func tableText(layer: String, field: String) -> String
    /// The check for one layer's pass: a copy of the configured one (value types start afresh); throws
    /// when the configuration cannot be evaluated, so the rule is not passed.
    func fresh() throws -> any Check
}

extension FieldTableCheck {
    static var decidedBySchema: Bool { family == .schema }
    func fresh() throws -> any Check { self }
}

/// One layer's field table as the field-table kinds read it (the pack's `LayerSpec` and code lists give it).
struct FieldTable {
    /// One field of the table, with the code list it names already looked up.
    struct Field {
        var name: String
        var title: LocalizedText
        var type: StandardFieldType
        var width: Int?
        var decimals: Int?
        var mandatory: Bool
        /// `may-be-absent: true`: the field need not exist.
        var mayBeAbsent: Bool
        var codeList: CodeListFacts?
        var pattern: String?
        var range: ValueRange?
        var unique: Bool
        /// `name-of:` the code field whose code list names this field's values, and that list.
        var nameOf: (field: String, list: CodeListFacts)?
        var confidence: Confidence
        var clause: String?
        var source: String?
    }

    /// A code list as a derived rule cites it.
    struct CodeListFacts {
        var list: CodeList
        var confidence: Confidence
        var namesConfidence: Confidence
        var clause: String?
        var source: String?
    }

    var layer: String
    var clause: String
    var mandatory: Bool
    var geometry: GeometryKind?
    var fields: [Field]
}

/// One rule a field-table kind derives: its id suffix, its field (nil: the layer's), the configured check,
/// and how the table qualifies it.
struct Derivation {
    var suffix: String
    var field: FieldTable.Field?
    var check: any FieldTableCheck
    var severity: Severity = .error
    var confidence: Confidence = .high
    /// The clause when not the field's (or layer's) own.
    var clause: String? = nil
    /// The evidence when not the field's (or layer's) own source.
    var evidence: String? = nil
}
