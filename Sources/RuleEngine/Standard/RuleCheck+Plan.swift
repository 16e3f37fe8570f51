/// What the engine's plan asks of a rule's check: its family, and a fresh per-layer check for the
/// kinds judged record by record (the `Check` types of `Checks/Schema`, `Checks/Record`, `Checks/Table`).
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
        case .valueMissing, .codeUnknown, .pattern, .range, .unique, .nameMatchesCode, .assertion, .crossLayer,
            .geometry, .crs, .document:
            false
        }
    }

    /// Rules the engine evaluates across layers, after every layer's pass.
    var isCrossLayer: Bool {
        if case .crossLayer = self { return true }
        return false
    }

    /// A fresh check for one layer.
    func makeCheck(rule: Rule, layer: LayerSpec) throws -> any Check {
        let field = rule.field ?? ""
        switch self {
        case .format, .layerMissing, .layerUnknown, .crossLayer, .geometry, .crs, .document:
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
