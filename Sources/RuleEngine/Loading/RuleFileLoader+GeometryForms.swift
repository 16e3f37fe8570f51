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
