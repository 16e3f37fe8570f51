import Yams

/// The rule forms over layers: one function per key (`assert:`, `reference:`, `unique-across:`,
/// `aggregate:`, `geometry:`, `crs:`); `check` picks the one the rule declares.
extension RuleFileLoader {
    /// What the layer forms share: the file, the pack's layers and code lists, and the renames of the
    /// packs it extends.
    struct FormContext {
        var file: String
        var location: Location
        var layer: LayerSpec?
        var layers: [LayerSpec]
        var codeLists: [String: CodeList]
        var renames: [String: [String: String]]

        /// Parses an expression over `layer`'s fields, applying the renames of the packs this one extends.
        func expression(_ node: Node, over layer: LayerSpec, expecting wanted: ExpressionType?) throws(RulePackError)
            -> ExpressionNode
        {
            try RuleFileLoader.expression(
                node, scope: scope(of: layer), expecting: wanted, in: file, renames: renames[layer.name] ?? [:])
        }

        func scope(of layer: LayerSpec) -> ExpressionScope { ExpressionScope(layer: layer, codeLists: codeLists) }

        func renamed(_ name: String, in layer: String) -> String { renames[layer]?[name] ?? name }

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
        if var reference = try map.mapping("reference") {
            return try self.reference(&reference, context)
        }
        if var unique = try map.mapping("unique-across") {
            return try uniqueAcross(&unique, context)
        }
        if var aggregate = try map.mapping("aggregate") {
            return try self.aggregate(&aggregate, context)
        }
        if var summary = try map.mapping("change-summary") {
            return try changeSummary(&summary, context)
        }
        if var geometry = try map.mapping("geometry") {
            return .geometry(
                try geometryRule(&geometry, layer: try context.needLayer("geometry"), layers: layers, renames: renames))
        }
        if var crs = try map.mapping("crs") {
            _ = try context.needLayer("crs")
            return .crs(try crsRule(&crs))
        }
        throw RulePackError(
            .missingKey("assert, reference, unique-across, aggregate, change-summary, geometry, crs, xpath or package"),
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

    /// `reference: {layer, key, target, match, report-missing}`: each record's key must name a record of
    /// the target layer, whose `match:` fields agree.
    static func reference(_ reference: inout YAMLMapping, _ context: FormContext) throws(RulePackError) -> RuleCheck {
        let layer = try context.needLayer("reference")
        let targetName = try reference.requireString("layer")
        let target = try context.spec(targetName, key: "layer", at: reference.location)
        let key = try context.expression(try reference.require("key"), over: layer, expecting: nil)
        let targetKey = try context.expression(try reference.require("target"), over: target, expecting: nil)
        var pairs: [FieldPair] = []
        if var match = try reference.mapping("match") {
            for original in match.keys {
                let name = context.renamed(original, in: layer.name)
                let other = context.renamed(try match.requireString(original), in: target.name)
                guard layer.field(name) != nil else {
                    throw RulePackError(.unknownField(name, layer: layer.name), at: match.location)
                }
                guard target.field(other) != nil else {
                    throw RulePackError(.unknownField(other, layer: target.name), at: match.location)
                }
                pairs.append(FieldPair(field: name, target: other))
            }
            try match.finish()
        }
        let reportMissing = try reference.bool("report-missing") ?? true
        try reference.finish()
        return .reference(
            ReferenceRule(
                key: key, scope: context.scope(of: layer), targetLayer: targetName, targetKey: targetKey,
                targetScope: context.scope(of: target), match: pairs, reportMissing: reportMissing))
    }

    /// `unique-across: {layers, field, within, replaced}`: a value unique over several layers.
    static func uniqueAcross(_ unique: inout YAMLMapping, _ context: FormContext) throws(RulePackError) -> RuleCheck {
        let names = try unique.strings("layers") ?? []
        let written = try unique.requireString("field")
        func renamed(_ written: String) -> String {
            names.lazy.compactMap { context.renames[BaseLayers.unprefixed($0)]?[written] }.first ?? written
        }
        let field = renamed(written)
        let within = (try unique.strings("within") ?? []).map(renamed)
        for name in names {
            let spec = try context.spec(name, key: "layers", at: unique.location)
            for needed in [field] + within where spec.field(needed) == nil {
                throw RulePackError(.unknownField(needed, layer: name), at: unique.location)
            }
        }
        var replaced: UniqueAcrossRule.Replaced?
        if var map = try unique.mapping("replaced") {
            let layer = try map.requireString("layer")
            let field = try map.requireString("field")
            let key = try map.requireString("key")
            let spec = try context.spec(layer, key: "layer", at: map.location)
            guard spec.field(field) != nil else {
                throw RulePackError(.unknownField(field, layer: layer), at: map.location)
            }
            for name in names {
                let spec = try context.spec(name, key: "layers", at: map.location)
                if spec.field(key) == nil { throw RulePackError(.unknownField(key, layer: name), at: map.location) }
            }
            try map.finish()
            replaced = .init(layer: layer, field: field, key: key)
        }
        try unique.finish()
        return .uniqueAcross(UniqueAcrossRule(field: field, layers: names, within: within, replaced: replaced))
    }

    /// `aggregate: {of, group, sum, key, value, tolerance, combine, skip-unmatched}`: a value of each
    /// record must equal the sum over the records of another layer that share its key.
    static func aggregate(_ aggregate: inout YAMLMapping, _ context: FormContext) throws(RulePackError) -> RuleCheck {
        let layer = try context.needLayer("aggregate")
        let sourceName = try aggregate.requireString("of")
        let source = try context.spec(sourceName, key: "of", at: aggregate.location)
        let rule = AggregateRule(
            source: sourceName,
            group: try context.expression(try aggregate.require("group"), over: source, expecting: nil),
            sum: try context.expression(try aggregate.require("sum"), over: source, expecting: .number),
            sourceScope: context.scope(of: source),
            key: try context.expression(try aggregate.require("key"), over: layer, expecting: nil),
            value: try context.expression(try aggregate.require("value"), over: layer, expecting: .number),
            scope: context.scope(of: layer), tolerance: try aggregate.double("tolerance") ?? 0,
            combine: try aggregate.bool("combine") ?? false,
            skipUnmatched: try aggregate.bool("skip-unmatched") ?? false)
        try aggregate.finish()
        return .aggregate(rule)
    }

    /// `change-summary: {base, process, key, before, after, unit, unit-digits, class, class-digits, area,
    /// changed, tolerance}`: the updated database per township and first-level class, on the update layer.
    static func changeSummary(_ map: inout YAMLMapping, _ context: FormContext) throws(RulePackError) -> RuleCheck {
        let update = try context.needLayer("change-summary")
        let baseName = try map.requireString("base")
        let processName = try map.requireString("process")
        guard BaseLayers.names(baseName) else {
            throw RulePackError(
                .invalidValue(key: "base", value: baseName, allowed: "a layer of the base dataset (base.DLTB)"),
                at: map.location)
        }
        let base = try context.spec(baseName, key: "base", at: map.location)
        let process = try context.spec(processName, key: "process", at: map.location)
        var rule = ChangeSummaryRule(base: baseName, process: processName, update: update.name)
        rule.key = try map.string("key") ?? rule.key
        rule.before = try map.string("before") ?? rule.before
        rule.after = try map.string("after") ?? rule.after
        rule.unit = try map.string("unit") ?? rule.unit
        rule.unitDigits = try map.int("unit-digits") ?? rule.unitDigits
        rule.landClass = try map.string("class") ?? rule.landClass
        rule.classDigits = try map.int("class-digits") ?? rule.classDigits
        rule.area = try map.string("area") ?? rule.area
        rule.changed = try map.string("changed") ?? rule.changed
        rule.tolerance = try map.double("tolerance") ?? 0
        let needed: [(LayerSpec, [String])] = [
            (base, [rule.key, rule.unit, rule.landClass, rule.area]),
            (update, [rule.unit, rule.landClass, rule.area]),
            (
                process,
                [rule.before, rule.after, rule.changed]
                    + ["BGQ", "BGH"].flatMap { [$0 + rule.unit, $0 + rule.landClass] }
            ),
        ]
        for (spec, fields) in needed {
            for field in fields where spec.field(field) == nil {
                throw RulePackError(.unknownField(field, layer: spec.name), at: map.location)
            }
        }
        try map.finish()
        return .changeSummary(rule)
    }
}
