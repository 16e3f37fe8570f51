/// A built-in geometry check as a rule configures it: `geometry: {check: …, …}`. The kinds are the
/// `GeometryCheck` types of `builtInChecks`, one file each under `Checks/Geometry/`.
public struct GeometryRule: Sendable {
    let check: any GeometryCheck

    /// The check's id: `valid`, `min-area`, … as written under `check:`.
    public var id: String { descriptor.id }

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// Checks of one shape at a time, run in chunks on every core during the layer's pass.
    public var isPerRecord: Bool { check is any PerRecordGeometryCheck }

    /// Checks whose thresholds are lengths or areas in metres, not applicable in a geographic CRS.
    public var isMetric: Bool { check.isMetric }

    /// The other layer a rule reads, if any.
    public var otherLayer: String? { (check as? any ComparingGeometryCheck)?.otherLayer }

    /// The configuration as a rule page shows it: `min-area: min 10`.
    public var text: String {
        let parameters = check.parameterText
        return parameters.isEmpty ? id : "\(id): \(parameters)"
    }
}

/// A coordinate reference system check: `crs: {check: …}`. The kinds are the `CRSCheck` types of
/// `builtInChecks`, one file each under `Checks/CRS/`, judged in the order of their stage.
public struct CRSRule: Sendable {
    let check: any CRSCheck

    public var id: String { String(descriptor.id.dropFirst("crs-".count)) }

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// The position in the order the checks are judged.
    var stage: Int { type(of: check).stage }

    /// The configuration as a rule page shows it: `accepted: EPSG 4513-4554`.
    public var text: String {
        let parameters = check.parameterText
        return parameters.isEmpty ? id : "\(id): \(parameters)"
    }
}

extension RuleFileLoader {
    /// Reads `geometry: {check: …}`: the kind named by `check:` reads its own keys; any other key is an error.
    static func geometryRule(
        _ map: inout YAMLMapping, layer: LayerSpec, layers: [LayerSpec], renames: [String: [String: String]]
    ) throws(RulePackError) -> GeometryRule {
        let check = try map.requireString("check")
        let kinds = CheckRegistry.geometryChecks
        guard let kind = kinds.first(where: { $0.descriptor.id == check }) else {
            throw RulePackError(
                .invalidValue(
                    key: "check", value: check, allowed: kinds.map { $0.descriptor.id }.sorted().joined(separator: ", ")
                ),
                at: map.location)
        }
        let allowed = kind.descriptor.parameters.map(\.key)
        for key in map.keys where key != "check" && !allowed.contains(key) {
            throw RulePackError(.unknownKey(key, allowed: ["check"] + allowed), at: map.location)
        }
        var parameters = GeometryParameters(map: map, check: check, layer: layer, layers: layers, renames: renames)
        let parsed = try parse(kind, &parameters)
        map = parameters.map
        try map.finish()
        return GeometryRule(check: parsed)
    }

    /// Reads `crs: {check: …}`: the kind named by `check:` reads its own keys.
    static func crsRule(_ map: inout YAMLMapping) throws(RulePackError) -> CRSRule {
        let check = try map.requireString("check")
        let kinds = CheckRegistry.crsChecks
        guard let kind = kinds.first(where: { $0.descriptor.id == "crs-" + check }) else {
            throw RulePackError(
                .invalidValue(
                    key: "check", value: check,
                    allowed: kinds.map { String($0.descriptor.id.dropFirst("crs-".count)) }.joined(separator: ", ")),
                at: map.location)
        }
        let parsed = try parse(kind, &map)
        try map.finish()
        return CRSRule(check: parsed)
    }

    private static func parse<Kind: GeometryCheck>(_ kind: Kind.Type, _ parameters: inout GeometryParameters)
        throws(RulePackError) -> any GeometryCheck
    {
        try Kind.parse(&parameters)
    }

    private static func parse<Kind: CRSCheck>(_ kind: Kind.Type, _ map: inout YAMLMapping) throws(RulePackError)
        -> any CRSCheck
    {
        try Kind.parse(&map)
    }
}
