/// One kind of `geometry:` check, in a file of its own: its descriptor (with the keys it takes), its
/// parser and its logic. `GeometryRun` schedules the kinds; it knows none of them by name.
protocol GeometryCheck: BuiltInCheck, Sendable {
    static var descriptor: CheckDescriptor { get }
    /// Reads the rule's keys besides `check:` (the descriptor's parameters); the caller rejects any other key.
    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self
    /// The configuration as a rule page shows it after the id (`min 10`); empty without parameters.
    var parameterText: String { get }
    /// Thresholds in metres, which mean nothing in a geographic CRS: the rule is then not applicable.
    var isMetric: Bool { get }
    /// Needs the geometry library (GEOS): without it the rule cannot be evaluated.
    var needsLibrary: Bool { get }
}

extension GeometryCheck {
    var parameterText: String { "" }
    var isMetric: Bool { false }
    var needsLibrary: Bool { false }
}

/// A check of one shape at a time, run in chunks on every core during the layer's pass.
protocol PerRecordGeometryCheck: GeometryCheck {
    /// A field whose numeric value the pass hands to `inspect` as `recorded`.
    var recordedField: String? { get }
    /// Needs the layer's EPSG code (an ellipsoid): without one the rule is not applicable.
    var needsEPSG: Bool { get }
    /// Reports the validity the run computes for every polygon (so it runs first on each shape).
    var reportsValidity: Bool { get }
    /// A record without a shape, or with an empty one; most checks have nothing to say about it.
    func inspectMissing(null: Bool) -> GeometryDefect?
    /// One record's non-empty shape.
    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect?
}

extension PerRecordGeometryCheck {
    var recordedField: String? { nil }
    var needsEPSG: Bool { false }
    var reportsValidity: Bool { false }
    func inspectMissing(null: Bool) -> GeometryDefect? { nil }
}

/// A check comparing the records of a layer, or a layer with another one, after every layer's pass.
protocol ComparingGeometryCheck: GeometryCheck {
    /// The other layer it reads, if any.
    var otherLayer: String? { get }
    /// The layer of the base dataset it reads (`base.DLTB`), if any; it reads it through the context.
    var baseLayer: String? { get }
    /// The fields whose values the pass keeps for the comparison: of the rule's own layer, or of the other.
    func keptFields(ownLayer: Bool) -> [String]
    /// Whether the kept values of the own layer are kept as a hash (compared for equality only).
    var hashesKeptValues: Bool { get }
    /// The findings over the kept data; nil when there is nothing to compare (the rule is then not counted).
    func compare(_ comparison: Comparison) -> [GeometryOutput]?
    /// Whether `compare` starts in a lane of its own, beside the comparisons that spread over every core
    /// through `pairs` or `overlays`: true for the long ones that do not keep every core busy by themselves
    /// (the gap union, whose top levels are a few large unions; the one-thread kinds).
    var runsBesideOthers: Bool { get }
}

extension ComparingGeometryCheck {
    var otherLayer: String? { nil }
    var baseLayer: String? { nil }
    func keptFields(ownLayer: Bool) -> [String] { [] }
    var hashesKeptValues: Bool { false }
    var needsLibrary: Bool { true }
    var runsBesideOthers: Bool { false }
}

/// What a per-record check found on one shape.
struct GeometryDefect {
    var field: String? = nil
    var value: String? = nil
    var values: [String: String]
    /// The error geometry; nil: the shape's representative point.
    var geometry: ErrorGeometry?
    /// Whether `geometry` is the check's own (it then joins the fingerprint).
    var exact = true
}

/// One record's shape as a per-record check sees it.
struct ShapeUnderCheck {
    /// Non-empty: at least one part and one vertex.
    let geometry: Geometry
    /// False when the geometry library found the polygon invalid (checks of a polygon's form skip it).
    let valid: Bool
    /// The library's reason when the polygon is invalid.
    let invalidity: (problem: GeometryProblem, reason: String, x: Double?, y: Double?)?
    /// The check's `recordedField` value, when numeric.
    var recorded: Double?
    let session: (any GeometrySession)?
    let epsg: Int?

    var isPolygon: Bool { geometry.kind == .polygon }
    /// A valid polygon, which most form checks require.
    var isValidPolygon: Bool { valid && isPolygon }
}

/// A comparing check's view of what the pass kept.
struct Comparison {
    /// The rule's position in the run's rules (findings carry it).
    let rule: Int
    let ruleID: String
    let data: KeptRecords
    let source: any Layer
    let operations: any GeometryOperations
    let run: any GeometryContext

    /// Builds the check's findings; `Sendable`, so the parallel judges may capture it.
    var outputs: Outputs { Outputs(rule: rule, data: data) }

    /// The other layer of a comparison as the pass kept it (its records and where to read their shapes);
    /// nil when the pass did not keep it.
    func target(_ layer: String) -> (records: KeptRecords, source: any Layer)? {
        guard let records = run.keptData(layer), let source = run.keptLayer(layer) else { return nil }
        return (records, source)
    }

    /// Each record of this layer laid over the records of `target` whose envelopes meet its own.
    func overlays(
        with target: (records: KeptRecords, source: any Layer),
        judge:
            @escaping @Sendable (any GeometrySession, Geometry, Int, [Int], [TargetShape], Overlay) -> [GeometryOutput]
    ) -> [GeometryOutput] {
        run.overlays(data, source, target.records, target.source, operations, judge: judge)
    }

    struct Outputs: Sendable {
        let rule: Int
        let data: KeptRecords

        func output(
            record i: Int, field: String? = nil, value: String? = nil, _ values: [String: String],
            geometry: ErrorGeometry?, exact: Bool
        ) -> GeometryOutput {
            GeometryOutput(
                rule: rule, record: data.records[i], field: field, value: value, values: values, geometry: geometry,
                exact: exact, key: data.keys[i])
        }
    }
}

/// A layer as a pack declares it, as far as a check's parser needs it: its name and its fields
/// (`LayerSpec` of `Standard/` is one; the checks do not name the pack model).
protocol DeclaredLayer {
    var name: String { get }
    func declares(field name: String) -> Bool
}

/// A `geometry:` rule's keys while its kind reads them: numbers where numbers belong, fields of the
/// layers they name (after the profile's renames).
struct GeometryParameters {
    var map: YAMLMapping
    let check: String
    let layer: any DeclaredLayer
    let layers: [any DeclaredLayer]
    let renames: [String: [String: String]]

    /// A number; `value` when absent, else absent is an error.
    mutating func number(_ key: String, default value: Double? = nil) throws(RulePackError) -> Double {
        if let found = try map.double(key) { return found }
        if let value { return value }
        throw RulePackError(.missingKey("\(key) (required by check \(check))"), at: map.location)
    }

    /// The layer named by `layer:`.
    mutating func otherLayer() throws(RulePackError) -> any DeclaredLayer {
        let name = try map.requireString("layer")
        guard let found = layers.first(where: { $0.name == name }) else {
            throw RulePackError(
                .invalidValue(key: "layer", value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                at: map.location)
        }
        return found
    }

    /// A field of `spec` (the rule's layer by default), renamed by the profile.
    func field(_ name: String, in spec: (any DeclaredLayer)? = nil) throws(RulePackError) -> String {
        let spec = spec ?? layer
        let renamed = renames[spec.name]?[name] ?? name
        guard spec.declares(field: renamed) else {
            throw RulePackError(.unknownField(renamed, layer: spec.name), at: map.location)
        }
        return renamed
    }

    static func format(_ value: Double) -> String { ValueRange.format(value) }
}

extension Geometry {
    /// The polygons of a shape as an error geometry.
    var polygonGeometry: ErrorGeometry {
        let polygons = polygons.map { parts in
            parts.map { part in partRange(part).map { [xy[2 * $0], xy[2 * $0 + 1]] } }
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
