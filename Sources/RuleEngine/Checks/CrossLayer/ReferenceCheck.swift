import Yams

/// `reference:`: a key of a layer's record must exist in the target layer (and its `match` fields agree);
/// evaluated by `CrossLayerRun` after every layer's pass, so layer order does not matter.
struct ReferenceCheck: CrossLayerCheck {
    static let formKey = "reference"
    static let descriptor = CheckDescriptor(
        id: "reference-missing",
        summary: LocalizedText(
            zh: "引用的键在目标图层中不存在或属性不一致", en: "A referenced key is absent from the target layer, or its attributes differ."
        ),
        message: LocalizedText(
            zh: "{key} 在 {target} 中{problem_zh}", en: "{key} {problem} in {target}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the target layer (`base.X` for the base dataset's)"),
            CheckParameter("key", "expression", "the referring key, over the rule's layer"),
            CheckParameter("target", "expression", "the key it must equal, over the target layer"),
            CheckParameter(
                "match", "{expression: expression}", "values that must agree with the target's", default: "none"),
            CheckParameter(
                "report-missing", "boolean", "whether a key absent from the target is reported", default: "true"),
        ])

    var key: ExpressionNode
    var scope: ExpressionScope
    var targetLayer: String
    var targetKey: ExpressionNode
    var targetScope: ExpressionScope
    /// Pairs of (field of this layer, field of the target layer) that must be equal when the key is found.
    var match: [FieldPair]
    /// False when another rule reports absent keys and this one only compares the matched fields.
    var reportMissing: Bool

    /// `reference: {layer, key, target, match, report-missing}`: each record's key must name a record of
    /// the target layer, whose `match:` fields agree.
    static func parse<Form: RuleForm>(_ reference: inout YAMLMapping, _ form: Form) throws(RulePackError) -> Self {
        let layer = try form.needLayer("reference")
        let targetName = try reference.requireString("layer")
        let target = try form.spec(targetName, key: "layer", at: reference.location)
        let key = try form.expression(try reference.require("key"), over: layer, expecting: nil)
        let targetKey = try form.expression(try reference.require("target"), over: target, expecting: nil)
        var pairs: [FieldPair] = []
        if var match = try reference.mapping("match") {
            for original in match.keys {
                let name = form.renamed(original, in: layer.name)
                let other = form.renamed(try match.requireString(original), in: target.name)
                guard layer.declares(field: name) else {
                    throw RulePackError(.unknownField(name, layer: layer.name), at: match.location)
                }
                guard target.declares(field: other) else {
                    throw RulePackError(.unknownField(other, layer: target.name), at: match.location)
                }
                pairs.append(FieldPair(field: name, target: other))
            }
            try match.finish()
        }
        let reportMissing = try reference.bool("report-missing") ?? true
        try reference.finish()
        return ReferenceCheck(
            key: key, scope: form.scope(of: layer), targetLayer: targetName, targetKey: targetKey,
            targetScope: form.scope(of: target), match: pairs, reportMissing: reportMissing)
    }

    func layers(ruleLayer: String?) -> [String] { [ruleLayer ?? "", targetLayer] }

    func evaluation(ruleID: String, ruleLayer: String?) -> any CrossLayerEvaluation {
        ReferenceEvaluation(layer: ruleLayer, reference: self)
    }

    var containerLayer: String? { targetLayer }

    var text: String {
        var text = "reference: \(ExpressionText.render(key)) in \(targetLayer).\(ExpressionText.render(targetKey))"
        if !match.isEmpty {
            text += "; then " + match.map { "\($0.field) = \(targetLayer).\($0.target)" }.joined(separator: ", ")
        }
        return text
    }
}

/// A field of one layer paired with a field of another.
struct FieldPair: Hashable, Sendable {
    var field: String
    var target: String
}

/// A reference rule while the layers are read: a source record whose key (with the same matched values)
/// is already among the target's passes at once; the others wait for `finish`.
final class ReferenceEvaluation: CrossLayerEvaluation {
    /// One source record, waiting for the target's keys.
    struct Pending {
        var location: Location
        var key: FeatureKey?
        var value: String
        var match: [String?]
        /// The record's values of the fields the rule reads, for its message.
        var quoted: [String: String]
    }

    let sourceLayer: String?
    let reference: ReferenceCheck
    private var source: (key: ExpressionEvaluator, columns: [Int?], keyColumns: [Int?])?
    private var target: (key: ExpressionEvaluator, columns: [Int?])?
    private var pending: [Pending] = []
    /// The first target record's matched values, and the record, by key.
    private var targets: [String: (match: [String?], place: SeenPlaces.Place)] = [:]
    private var places = SeenPlaces()
    private var passed = 0

    init(layer: String?, reference: ReferenceCheck) {
        sourceLayer = layer
        self.reference = reference
    }

    var layers: [String] { reference.layers(ruleLayer: sourceLayer) }

    func begin(layer: String, schema: LayerSchema) {
        source = nil
        target = nil
        if sourceLayer == layer {
            source = (
                ExpressionCompiler.compile(reference.key, schema: schema, scope: reference.scope),
                reference.match.map { schema.index(of: $0.field) }, reference.key.fields.map { schema.index(of: $0) }
            )
        }
        if reference.targetLayer == layer {
            target = (
                ExpressionCompiler.compile(reference.targetKey, schema: schema, scope: reference.targetScope),
                reference.match.map { schema.index(of: $0.target) }
            )
        }
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        if let source {
            let value = source.key(record)
            if !value.isNull {
                let match = source.columns.map { column in column.flatMap { record[$0] } }
                // a key already among the targets, with the same matched values, passes for good (the
                // first target of a key is the one kept): only the others wait for `finish`
                if let found = targets[value.description], found.match == match {
                    passed += 1
                } else {
                    var quoted: [String: String] = [:]
                    for (position, pair) in reference.match.enumerated() { quoted[pair.field] = match[position] ?? "" }
                    for (name, column) in zip(reference.key.fields, source.keyColumns) {
                        quoted[name] = column.flatMap { record[$0] } ?? ""
                    }
                    pending.append(
                        Pending(location: location, key: key, value: value.description, match: match, quoted: quoted))
                }
            }
        }
        if let target {
            let value = target.key(record)
            guard !value.isNull else { return }
            if targets[value.description] == nil {
                targets[value.description] = (
                    target.columns.map { column in column.flatMap { record[$0] } },
                    places.place(owner: layer, record: record.number, location, key: key)
                )
            }
        }
    }

    func finish(field: String?) -> CrossLayerOutcome {
        var outcome = CrossLayerOutcome()
        outcome.checked = pending.count + passed
        for entry in pending {
            var location = entry.location
            guard let found = targets[entry.value] else {
                guard reference.reportMissing else { continue }
                location.field = field
                outcome.add(
                    Defect(
                        record: location.record, field: field, value: entry.value,
                        entry.quoted.merging([
                            "key": entry.value, "target": reference.targetLayer, "problem": "is not found",
                            "problem_zh": "不存在", "value": entry.value,
                        ]) { _, new in new }),
                    at: location, key: entry.key)
                continue
            }
            let (target, place) = found
            let seen = places.seen(place)
            for (index, pair) in reference.match.enumerated() where entry.match[index] != target[index] {
                location.field = pair.field
                let actual = entry.match[index] ?? ""
                let expected = target[index] ?? ""
                outcome.add(
                    Defect(
                        record: location.record, field: pair.field, value: actual,
                        entry.quoted.merging([
                            "key": entry.value, "target": reference.targetLayer, "value": actual,
                            "expected": expected, "field": pair.field,
                            "problem":
                                "is found but \(pair.field) '\(actual)' differs from its \(pair.target) '\(expected)'",
                            "problem_zh": "存在，但 \(pair.field) '\(actual)' 与其 \(pair.target) '\(expected)' 不一致",
                        ]) { _, new in new }),
                    at: location, key: entry.key, related: seen.map { [$0.related(.target)] } ?? [])
            }
        }
        return outcome
    }
}
