/// What the engine's plan asks of a rule's check: its family, and a fresh per-layer check for the
/// kinds judged record by record (the `FieldTableCheck` kinds and the row assertions).
extension RuleCheck {
    var isLayerMissing: Bool {
        if case .layerMissing = self { return true }
        return false
    }

    /// Rules decided by the schema alone, counted as one check per layer.
    var isSchemaLevel: Bool {
        switch self {
        case .layerMissing, .layerUnknown, .format: true
        case .derived(let derived): derived.decidedBySchema
        case .assertion, .crossLayer, .geometry, .crs, .document: false
        }
    }

    /// Rules the engine evaluates across layers, after every layer's pass.
    var isCrossLayer: Bool {
        if case .crossLayer = self { return true }
        return false
    }

    /// A fresh check for one layer: a copy of the derived rule's configured check, or the row assertion's.
    func makeCheck(rule: Rule) throws -> any Check {
        switch self {
        case .derived(let derived): return try derived.check.fresh()
        case .assertion(let assertion): return ExpressionCheck(rule: assertion, field: rule.field)
        case .format, .layerMissing, .layerUnknown, .crossLayer, .geometry, .crs, .document:
            preconditionFailure("the engine raises \(rule.id) itself; it has no per-layer check")
        }
    }
}

extension Rule {
    /// The layers a cross-layer rule reads besides its own (none for any other rule), as its kind says.
    var crossLayerInputs: [String] {
        switch check {
        case .crossLayer(let rule): rule.check.layers(ruleLayer: layer)
        // a geometry kind that compares with the base names it (`tiles-replaced`)
        case .geometry(let geometry):
            geometry.baseLayer.map { base in [geometry.otherLayer, base].compactMap { $0 } } ?? []
        default: []
        }
    }
}

extension Rule {
    /// Every layer the rule reads: its own, a cross-layer rule's inputs and a geometry comparison's
    /// other layer (prefixed for the base's and other standards' layers).
    var datasetLayers: [String] {
        var names = [layer].compactMap { $0 } + crossLayerInputs
        if case .geometry(let geometry) = check, let other = geometry.otherLayer { names.append(other) }
        return names.filter { !$0.isEmpty }
    }
}
