/// A kind of check StdCheck has built in: a type whose file holds its descriptor (id, summary, message,
/// ISO 19157 element, parameters), how a pack configures it, and its logic. Every kind is listed once in
/// `builtInChecks`; the parsers and the engine find the kinds there.
public protocol BuiltInCheck {
    static var descriptor: CheckDescriptor { get }
    static var family: CheckFamily { get }
}

/// Where in a pack a check kind is configured, and which part of the engine runs it.
public enum CheckFamily: String, Sendable, CaseIterable {
    /// From a layer's field table, decided by the layer's schema (`Checks/Schema/`).
    case schema
    /// From a field table or a row assertion, judged record by record (`Checks/Record/`).
    case record
    /// From a field table, judged over a whole table (`Checks/Table/`).
    case table
    /// `geometry: {check: …}` (`Checks/Geometry/`), run by `GeometryRun`.
    case geometry
    /// `crs: {check: …}` (`Checks/CRS/`), run by `GeometryRun` after the layer's pass.
    case crs
    /// Declared rules over several layers (`Checks/CrossLayer/`), run by `CrossLayerRun`.
    case crossLayer = "cross-layer"
    /// Declared rules over documents and the member list (`Checks/Document/`), run by `DocumentRun`.
    case document
}

extension GeometryCheck {
    static var family: CheckFamily { .geometry }
}

extension CRSCheck {
    static var family: CheckFamily { .crs }
}

/// Every built-in check kind, sorted by id. Adding a kind is its file and one line here.
public var builtInChecks: [any BuiltInCheck.Type] {
    [
        AggregateCheck.self,
        AreaMatchesCheck.self,
        ExpressionCheck.self,
        CodeUnknownCheck.self,
        CRSAcceptedCheck.self,
        CRSAreaOfUseCheck.self,
        CRSAxisOrderCheck.self,
        CRSProjectedCheck.self,
        CRSZoneConsistentCheck.self,
        DisjointCheck.self,
        FieldMissingCheck.self,
        FieldTypeCheck.self,
        FieldUnexpectedCheck.self,
        FieldWidthCheck.self,
        GeometryTypeCheck.self,
        InsideOneCheck.self,
        LayerMissingCheck.self,
        LayerUnknownCheck.self,
        MetadataMatchesDataCheck.self,
        MinAreaCheck.self,
        MinSegmentCheck.self,
        MinThinnessCheck.self,
        NameMatchesCodeCheck.self,
        NeighboursDifferCheck.self,
        NoDuplicateVertexCheck.self,
        NoGapCheck.self,
        NoHoleCheck.self,
        NoOverlapCheck.self,
        NoSpikeCheck.self,
        NotEmptyCheck.self,
        OrientationCheck.self,
        RangeCheck.self,
        PackageLayoutCheck.self,
        PatternCheck.self,
        ReferenceCheck.self,
        SinglePartCheck.self,
        ValidGeometryCheck.self,
        UniqueValueCheck.self,
        UniqueAcrossCheck.self,
        ValueMissingCheck.self,
        WithinCheck.self,
        XPathAssertCheck.self,
    ]
}

/// Lookups into `builtInChecks` by family.
enum CheckRegistry {
    /// The kinds a `geometry:` rule may name.
    static var geometryChecks: [any GeometryCheck.Type] { builtInChecks.compactMap { $0 as? any GeometryCheck.Type } }
    /// The kinds a `crs:` rule may name, in the order they are judged.
    static var crsChecks: [any CRSCheck.Type] {
        builtInChecks.compactMap { $0 as? any CRSCheck.Type }.sorted { $0.stage < $1.stage }
    }
}

extension RuleCheck {
    var isLayerMissing: Bool {
        if case .layerMissing = self { return true }
        return false
    }

    /// Rules decided by the schema alone, counted as one check per layer.
    var isSchemaLevel: Bool {
        switch self {
        case .layerMissing, .layerUnknown, .geometryType, .fieldMissing, .fieldUnexpected, .fieldType, .fieldWidth,
            .format:
            true
        case .valueMissing, .codeUnknown, .pattern, .range, .unique, .nameMatchesCode, .assertion, .reference,
            .uniqueAcross, .aggregate, .geometry, .crs, .xpath, .package, .metadata:
            false
        }
    }

    /// Rules the engine evaluates across layers, after every layer's pass.
    var isCrossLayer: Bool {
        switch self {
        case .reference, .uniqueAcross, .aggregate: true
        default: false
        }
    }

    /// A fresh check for one layer.
    func makeCheck(rule: Rule, layer: LayerSpec) throws -> any Check {
        let field = rule.field ?? ""
        switch self {
        case .format, .layerMissing, .layerUnknown, .reference, .uniqueAcross, .aggregate, .geometry, .crs, .xpath,
            .package, .metadata:
            preconditionFailure("the engine raises \(rule.id) itself; it has no per-layer check")
        case .assertion(let assertion): return ExpressionCheck(rule: assertion, field: rule.field)
        case .geometryType(let kind): return GeometryTypeCheck(expected: kind)
        case .fieldMissing:
            return FieldMissingCheck(
                field: field, title: layer.field(field)?.title ?? LocalizedText(zh: field, en: field))
        case .fieldUnexpected(let expected):
            return FieldUnexpectedCheck(expected: Set(expected.map { $0.uppercased() }))
        case .fieldType(let type): return FieldTypeCheck(field: field, expected: type)
        case .fieldWidth(let width, let decimals):
            return FieldWidthCheck(field: field, width: width, decimals: decimals)
        case .valueMissing: return ValueMissingCheck(field: field)
        case .codeUnknown(let list): return CodeUnknownCheck(field: field, list: list)
        case .pattern(let pattern): return try PatternCheck(field: field, pattern: pattern)
        case .range(let range): return RangeCheck(field: field, range: range)
        case .unique: return UniqueValueCheck(field: field)
        case .nameMatchesCode(let codeField, let list):
            return NameMatchesCodeCheck(field: field, codeField: codeField, list: list)
        }
    }
}
