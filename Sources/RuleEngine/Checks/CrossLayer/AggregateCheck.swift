import Yams

/// `aggregate:`: a recorded total must equal the sum of its parts in another layer (a per-group sum over one
/// layer compared with a value recorded on another); evaluated by `CrossLayerRun`.
struct AggregateCheck: CrossLayerCheck {
    static let formKey = "aggregate"
    static let descriptor = CheckDescriptor(
        id: "aggregate-mismatch",
        summary: LocalizedText(zh: "汇总值与明细之和不一致", en: "A recorded total differs from the sum of its parts."),
        message: LocalizedText(
            zh: "记录值 {value} 与 {source} 汇总 {sum} 相差 {difference}（容差 {tolerance}）",
            en: "recorded {value} differs from the {source} sum {sum} by {difference} (tolerance {tolerance})"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("of", "layer", "the layer holding the parts"),
            CheckParameter("group", "expression", "the parts' group, over that layer"),
            CheckParameter("sum", "expression", "the number summed per group"),
            CheckParameter("key", "expression", "the total's group, over the rule's layer"),
            CheckParameter("value", "expression", "the recorded total"),
            CheckParameter("tolerance", "number", "the difference allowed", default: "0"),
            CheckParameter(
                "combine", "boolean", "whether totals of one key are added before comparing", default: "false"),
            CheckParameter(
                "skip-unmatched", "boolean", "whether a total without parts is passed over", default: "false"),
        ])

    /// The layer whose records are summed.
    var source: String
    var group: ExpressionNode
    var sum: ExpressionNode
    var sourceScope: ExpressionScope
    /// On the rule's own layer: the group each record stands for, and the value it records.
    var key: ExpressionNode
    var value: ExpressionNode
    var scope: ExpressionScope
    var allowed: Double
    /// `combine: true`: the records of the rule's layer that share a key together state the group's
    /// value (a township or village made of several features); their values are summed and a
    /// mismatch is reported once, at the first of them.
    var combine: Bool = false
    /// `skip-unmatched: true`: a record whose group has no part is not judged (the base parcels an update
    /// leaves alone have no process record); otherwise its parts sum to 0.
    var skipUnmatched: Bool = false

    /// `aggregate: {of, group, sum, key, value, tolerance, combine, skip-unmatched}`: a value of each
    /// record must equal the sum over the records of another layer that share its key.
    static func parse<Form: RuleForm>(_ aggregate: inout YAMLMapping, _ form: Form) throws(RulePackError) -> Self {
        let layer = try form.needLayer("aggregate")
        let sourceName = try aggregate.requireString("of")
        let source = try form.spec(sourceName, key: "of", at: aggregate.location)
        let rule = AggregateCheck(
            source: sourceName,
            group: try form.expression(try aggregate.require("group"), over: source, expecting: nil),
            sum: try form.expression(try aggregate.require("sum"), over: source, expecting: .number),
            sourceScope: form.scope(of: source),
            key: try form.expression(try aggregate.require("key"), over: layer, expecting: nil),
            value: try form.expression(try aggregate.require("value"), over: layer, expecting: .number),
            scope: form.scope(of: layer), allowed: try aggregate.double("tolerance") ?? 0,
            combine: try aggregate.bool("combine") ?? false,
            skipUnmatched: try aggregate.bool("skip-unmatched") ?? false)
        try aggregate.finish()
        return rule
    }

    func layers(ruleLayer: String?) -> [String] { [ruleLayer ?? "", source] }

    func evaluation(ruleID: String, ruleLayer: String?) -> any CrossLayerEvaluation {
        AggregateEvaluation(layer: ruleLayer, aggregate: self)
    }

    var tolerance: Double? { allowed }

    func with(tolerance: Double) -> AggregateCheck? {
        var changed = self
        changed.allowed = tolerance
        return changed
    }

    var text: String {
        "\(combine ? "sum of " : "")\(ExpressionText.render(value)) = sum(\(source).\(ExpressionText.render(sum))) "
            + "grouped by \(ExpressionText.render(group)) = \(ExpressionText.render(key)), "
            + "tolerance \(ValueRange.format(allowed))"
    }
}

/// An aggregate rule while the layers are read: the parts are summed by group, the stated totals wait
/// for `finish`.
final class AggregateEvaluation: CrossLayerEvaluation {
    /// One record that states a total, waiting for the sum of its parts.
    struct Stated {
        var location: Location
        var key: FeatureKey?
        var group: String
        var value: Double
        var field: String?
    }

    let totalLayer: String?
    let aggregate: AggregateCheck
    private var source: (group: ExpressionEvaluator, sum: ExpressionEvaluator)?
    private var target: (key: ExpressionEvaluator, value: ExpressionEvaluator)?
    private var sums: [String: Double] = [:]
    /// Per group, the first `RelatedFeature.perFinding` parts in reading order, and how many in all.
    private var parts: [String: (first: [SeenRecord], count: Int)] = [:]
    private var stated: [Stated] = []

    init(layer: String?, aggregate: AggregateCheck) {
        totalLayer = layer
        self.aggregate = aggregate
    }

    var layers: [String] { aggregate.layers(ruleLayer: totalLayer) }

    func begin(layer: String, schema: LayerSchema) {
        source = nil
        target = nil
        if aggregate.source == layer {
            source = (
                ExpressionCompiler.compile(aggregate.group, schema: schema, scope: aggregate.sourceScope),
                ExpressionCompiler.compile(aggregate.sum, schema: schema, scope: aggregate.sourceScope)
            )
        }
        if totalLayer == layer {
            target = (
                ExpressionCompiler.compile(aggregate.key, schema: schema, scope: aggregate.scope),
                ExpressionCompiler.compile(aggregate.value, schema: schema, scope: aggregate.scope)
            )
        }
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        if let source {
            let group = source.group(record)
            if !group.isNull, case .number(let amount) = source.sum(record) {
                sums[group.description, default: 0] += amount
                var entry = parts[group.description] ?? ([], 0)
                entry.count += 1
                if entry.first.count < RelatedFeature.perFinding, let seen = SeenRecord(location, key: key) {
                    entry.first.append(seen)
                }
                parts[group.description] = entry
            }
        }
        if let target {
            let group = target.key(record)
            guard !group.isNull, case .number(let value) = target.value(record) else { return }
            var field: String?
            if case .field(let name, _) = aggregate.value { field = name }
            stated.append(Stated(location: location, key: key, group: group.description, value: value, field: field))
        }
    }

    func finish(field: String?) -> CrossLayerOutcome {
        var outcome = CrossLayerOutcome()
        var entries = stated
        if aggregate.skipUnmatched { entries.removeAll { sums[$0.group] == nil } }
        outcome.checked = entries.count
        if aggregate.combine {
            // the features sharing a key state the group's value together, at the first of them
            var combined: [Stated] = []
            var position: [String: Int] = [:]
            for entry in entries {
                if let at = position[entry.group] {
                    combined[at].value += entry.value
                } else {
                    position[entry.group] = combined.count
                    combined.append(entry)
                }
            }
            entries = combined
        }
        let format = CrossLayerFormat.number
        for entry in entries {
            let total = sums[entry.group] ?? 0
            let difference = entry.value - total
            guard abs(difference) > aggregate.allowed + 1e-9 else { continue }
            var place = entry.location
            place.field = entry.field
            outcome.add(
                Defect(
                    record: place.record, field: entry.field, value: format(entry.value),
                    [
                        "value": format(entry.value), "sum": format(total), "difference": format(difference),
                        "tolerance": format(aggregate.allowed), "source": aggregate.source, "group": entry.group,
                    ]),
                at: place, key: entry.key, related: (parts[entry.group]?.first ?? []).map { $0.related(.part) },
                more: (parts[entry.group]).map { $0.count - $0.first.count } ?? 0)
        }
        return outcome
    }
}
