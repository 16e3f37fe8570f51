import Yams

/// The rule forms over layers: `assert:`, and the keys of the cross-layer, geometry and CRS kinds of
/// `builtInChecks`, each of which parses its own mapping; `check` picks the one the rule declares.
extension RuleFileLoader {
    /// What the rule forms share: the file, the pack's layers, code lists and namespaces, and the renames
    /// of the packs it extends.
    struct FormContext: RuleForm {
        var file: String
        var location: Location
        var layer: LayerSpec?
        var layers: [LayerSpec]
        var codeLists: [String: CodeList]
        var renames: [String: [String: String]]
        var namespaces: [String: String] = [:]

        /// Parses an expression over `layer`'s fields, applying the renames of the packs this one extends.
        func expression(_ node: Node, over layer: LayerSpec, expecting wanted: ExpressionType?) throws(RulePackError)
            -> ExpressionNode
        {
            try RuleFileLoader.expression(
                node, scope: scope(of: layer), expecting: wanted, in: file, renames: renames[layer.name] ?? [:])
        }

        func scope(of layer: LayerSpec) -> ExpressionScope { ExpressionScope(layer: layer, codeLists: codeLists) }

        func renamed(_ name: String, in layer: String) -> String { renames[layer]?[name] ?? name }

        func isBaseLayer(_ name: String) -> Bool { BaseLayers.names(name) }

        func unprefixed(_ name: String) -> String { BaseLayers.unprefixed(name) }

        /// A layer of the pack itself, named under `key`.
        func packLayer(_ name: String, key: String, at location: Location) throws(RulePackError) -> LayerSpec {
            guard let found = layers.first(where: { $0.name == name }) else {
                throw RulePackError(
                    .invalidValue(key: key, value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: location)
            }
            return found
        }

        /// The rule's `layer:`, which `form` requires.
        func needLayer(_ form: String) throws(RulePackError) -> LayerSpec {
            guard let layer else { throw RulePackError(.missingKey("layer (required by \(form))"), at: location) }
            return layer
        }

        /// A layer of the pack, or of the base dataset (`base.<LAYER>`), named under `key`.
        func spec(_ name: String, key: String, at location: Location) throws(RulePackError) -> LayerSpec {
            guard let spec = BaseLayers.spec(name, in: layers) else {
                throw RulePackError(
                    .invalidValue(key: key, value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: location)
            }
            return spec
        }
    }

    static func check(
        _ map: inout YAMLMapping, layer: LayerSpec?, layers: [LayerSpec], codeLists: [String: CodeList],
        renames: [String: [String: String]]
    ) throws(RulePackError) -> RuleCheck {
        let context = FormContext(
            file: map.file, location: map.location, layer: layer, layers: layers, codeLists: codeLists,
            renames: renames)
        if let assertNode = map.node("assert") {
            return try assertion(assertNode, when: map.node("when"), context)
        }
        for kind in CheckRegistry.crossLayerChecks {
            if var mapping = try map.mapping(kind.formKey) {
                return .crossLayer(CrossLayerRule(check: try parse(kind, &mapping, context)))
            }
        }
        if var geometry = try map.mapping("geometry") {
            return .geometry(
                try geometryRule(&geometry, layer: try context.needLayer("geometry"), layers: layers, renames: renames))
        }
        if var crs = try map.mapping("crs") {
            _ = try context.needLayer("crs")
            return .crs(try crsRule(&crs))
        }
        let forms =
            ["assert"] + CheckRegistry.crossLayerChecks.map { $0.formKey } + ["geometry", "crs"]
            + CheckRegistry.documentChecks.map { $0.formKey }
        throw RulePackError(
            .missingKey(forms.dropLast().joined(separator: ", ") + " or " + forms.last!),
            at: map.location)
    }

    /// `assert:` (with an optional `when:`): a boolean expression every record of the layer must satisfy.
    static func assertion(_ assertNode: Node, when whenNode: Node?, _ context: FormContext) throws(RulePackError)
        -> RuleCheck
    {
        let layer = try context.needLayer("assert")
        let assertion = try context.expression(assertNode, over: layer, expecting: .bool)
        var when: ExpressionNode?
        var fields = assertion.fields
        if let whenNode {
            let condition = try context.expression(whenNode, over: layer, expecting: .bool)
            when = condition
            fields = condition.fields + fields.filter { !condition.fields.contains($0) }
        }
        var aliases: [String: String] = [:]
        for (old, new) in context.renames[layer.name] ?? [:] { aliases[new] = old }
        return .assertion(
            RowAssertion(
                source: assertNode.string ?? "", when: when, assert: assertion, scope: context.scope(of: layer),
                fields: fields, aliases: aliases))
    }

    private static func parse<Kind: CrossLayerCheck>(
        _ kind: Kind.Type, _ map: inout YAMLMapping, _ context: FormContext
    ) throws(RulePackError) -> any CrossLayerCheck {
        try Kind.parse(&map, context)
    }
}
