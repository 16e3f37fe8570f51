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
        ChangeSummaryCheck.self,
        ClassAreasCheck.self,
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
        InsideNamedCheck.self,
        InsideOneCheck.self,
        LayerMissingCheck.self,
        LayerUnknownCheck.self,
        MetadataMatchesDataCheck.self,
        MinAreaCheck.self,
        MinLengthCheck.self,
        MinSegmentCheck.self,
        MinThinnessCheck.self,
        NameMatchesCodeCheck.self,
        NeighboursDifferCheck.self,
        NoDangleCheck.self,
        NoDuplicateVertexCheck.self,
        NoGapCheck.self,
        NoHoleCheck.self,
        NoLineOverlapCheck.self,
        NoOverlapCheck.self,
        NoSpikeCheck.self,
        NotEmptyCheck.self,
        OnBoundaryCheck.self,
        OrientationCheck.self,
        RangeCheck.self,
        PackageLayoutCheck.self,
        PatternCheck.self,
        ReferenceCheck.self,
        SinglePartCheck.self,
        TilesReplacedCheck.self,
        ValidGeometryCheck.self,
        UniqueValueCheck.self,
        UniqueAcrossCheck.self,
        ValueMissingCheck.self,
        WithinCheck.self,
        XPathAssertCheck.self,
    ]
}

extension QualityElement {
    /// The element a check's findings belong to, by `CheckDescriptor.id`: the descriptor's own for the
    /// kinds of `builtInChecks`; format consistency for the readers' format defects; usability for the
    /// waiver findings; conceptual consistency ("adherence to the rules of the conceptual schema",
    /// which every rule of a standard is) otherwise.
    public static func of(check id: String) -> QualityElement {
        if let descriptor = CheckRegistry.descriptors[id] { return descriptor.element }
        switch id {
        case "waiver-expired", "waiver-unused": return .usability
        default: return FormatDefect(rawValue: id) != nil ? .formatConsistency : .conceptualConsistency
        }
    }
}

/// Lookups into `builtInChecks` by family, made once (the parsers look kinds up for every rule).
enum CheckRegistry {
    /// The kinds a `geometry:` rule may name.
    static let geometryChecks: [any GeometryCheck.Type] = builtInChecks.compactMap { $0 as? any GeometryCheck.Type }
    /// The kinds a `crs:` rule may name, in the order they are judged.
    static let crsChecks: [any CRSCheck.Type] =
        builtInChecks.compactMap { $0 as? any CRSCheck.Type }.sorted { $0.stage < $1.stage }
    /// The kinds a layer's field table configures, in the order their rules are derived.
    static let fieldTableChecks: [any FieldTableCheck.Type] =
        builtInChecks.compactMap { $0 as? any FieldTableCheck.Type }.sorted { $0.derivationOrder < $1.derivationOrder }
    /// The kinds of rule over several layers, each under its own key (`reference:` …).
    static let crossLayerChecks: [any CrossLayerCheck.Type] =
        builtInChecks.compactMap { $0 as? any CrossLayerCheck.Type }
    /// The kinds of rule over documents and the member list, each under its own key (`xpath:` …).
    static let documentChecks: [any DocumentCheck.Type] = builtInChecks.compactMap { $0 as? any DocumentCheck.Type }
    /// Every kind's descriptor by its id.
    static let descriptors: [String: CheckDescriptor] = Dictionary(
        uniqueKeysWithValues: builtInChecks.map { ($0.descriptor.id, $0.descriptor) })
}
