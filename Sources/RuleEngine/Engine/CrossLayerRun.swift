/// Evaluates the rules that span layers: references, uniqueness across layers and aggregates.
///
/// Each layer's pass feeds it the records of the layers its rules name; `finish` judges once every
/// layer has been read, so the result does not depend on the order of the layers.
struct CrossLayerRun {
    /// One source record of a reference rule, waiting for the target's keys.
    struct Pending {
        var location: Location
        var key: FeatureKey?
        var value: String
        var match: [String?]
        /// The record's values of the fields the rule reads, for its message.
        var quoted: [String: String]
    }

    /// One record that states a total, waiting for the sum of its parts.
    struct Stated {
        var location: Location
        var key: FeatureKey?
        var group: String
        var value: Double
        var field: String?
    }

    let rules: [Rule]
    private var pending: [String: [Pending]] = [:]
    private var targets: [String: [String: [String?]]] = [:]
    private var sums: [String: [String: Double]] = [:]
    private var stated: [String: [Stated]] = [:]
    private var firstUse: [String: [String: (layer: String, record: Int)]] = [:]
    private var duplicates: [String: [(Location, FeatureKey?, String, String)]] = [:]
    private var seen: [String: Int] = [:]
    /// Evaluators bound to the schema of the layer being read, per rule id.
    private var bound: [String: [ExpressionEvaluator]] = [:]
    private var boundColumns: [String: [Int?]] = [:]

    init(rules: [Rule]) {
        self.rules = rules
    }

    func observes(_ layer: String) -> Bool {
        rules.contains { rule in involvedLayers(rule).contains(layer) }
    }

    func involvedLayers(_ rule: Rule) -> [String] {
        switch rule.check {
        case .reference(let reference): [rule.layer ?? "", reference.targetLayer]
        case .uniqueAcross(let unique): unique.layers
        case .aggregate(let aggregate): [rule.layer ?? "", aggregate.source]
        default: []
        }
    }

    /// Binds every expression that reads `layer` to its schema.
    mutating func begin(layer: String, schema: LayerSchema) {
        bound = [:]
        boundColumns = [:]
        for rule in rules {
            switch rule.check {
            case .reference(let reference):
                if rule.layer == layer {
                    bound[rule.id] = [ExpressionCompiler.compile(reference.key, schema: schema, scope: reference.scope)]
                    boundColumns[rule.id] = reference.match.map { schema.index(of: $0.field) }
                    boundColumns[rule.id + "#key"] = reference.key.fields.map { schema.index(of: $0) }
                } else if reference.targetLayer == layer {
                    bound[rule.id] = [
                        ExpressionCompiler.compile(reference.targetKey, schema: schema, scope: reference.targetScope)
                    ]
                    boundColumns[rule.id] = reference.match.map { schema.index(of: $0.target) }
                }
            case .uniqueAcross(let unique) where unique.layers.contains(layer):
                boundColumns[rule.id] = [schema.index(of: unique.field)]
            case .aggregate(let aggregate):
                if aggregate.source == layer {
                    bound[rule.id] = [
                        ExpressionCompiler.compile(aggregate.group, schema: schema, scope: aggregate.sourceScope),
                        ExpressionCompiler.compile(aggregate.sum, schema: schema, scope: aggregate.sourceScope),
                    ]
                } else if rule.layer == layer {
                    bound[rule.id] = [
                        ExpressionCompiler.compile(aggregate.key, schema: schema, scope: aggregate.scope),
                        ExpressionCompiler.compile(aggregate.value, schema: schema, scope: aggregate.scope),
                    ]
                }
            default:
                break
            }
        }
    }

    mutating func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        for rule in rules {
            switch rule.check {
            case .reference(let reference):
                guard let evaluators = bound[rule.id], let columns = boundColumns[rule.id] else { continue }
                let value = evaluators[0](record)
                guard !value.isNull else { continue }
                let match = columns.map { column in column.flatMap { record[$0] } }
                if rule.layer == layer {
                    var quoted: [String: String] = [:]
                    for (index, pair) in reference.match.enumerated() { quoted[pair.field] = match[index] ?? "" }
                    for (name, column) in zip(reference.key.fields, boundColumns[rule.id + "#key"] ?? []) {
                        quoted[name] = column.flatMap { record[$0] } ?? ""
                    }
                    pending[rule.id, default: []].append(
                        Pending(location: location, key: key, value: value.description, match: match, quoted: quoted))
                }
                if reference.targetLayer == layer, targets[rule.id]?[value.description] == nil {
                    targets[rule.id, default: [:]][value.description] = match
                }
            case .uniqueAcross(let unique) where unique.layers.contains(layer):
                guard let column = boundColumns[rule.id]?.first ?? nil, let value = record[column] else { continue }
                seen[rule.id, default: 0] += 1
                if let first = firstUse[rule.id]?[value] {
                    // a repeat inside one layer is that layer's own uniqueness rule's finding
                    if first.layer != layer {
                        duplicates[rule.id, default: []].append(
                            (location, key, value, "\(first.layer)#\(first.record)"))
                    }
                } else {
                    firstUse[rule.id, default: [:]][value] = (layer, record.number)
                }
            case .aggregate(let aggregate):
                guard let evaluators = bound[rule.id] else { continue }
                if aggregate.source == layer {
                    let group = evaluators[0](record)
                    guard !group.isNull, case .number(let amount) = evaluators[1](record) else { continue }
                    sums[rule.id, default: [:]][group.description, default: 0] += amount
                } else if rule.layer == layer {
                    let group = evaluators[0](record)
                    guard !group.isNull, case .number(let value) = evaluators[1](record) else { continue }
                    var field: String?
                    if case .field(let name, _) = aggregate.value { field = name }
                    stated[rule.id, default: []].append(
                        Stated(location: location, key: key, group: group.description, value: value, field: field))
                }
            default:
                continue
            }
        }
    }

    /// Judges every cross-layer rule; a rule whose layers are not all present is not applicable.
    func finish(presentLayers: Set<String>, into tally: inout Tally) {
        for rule in rules {
            let layers = involvedLayers(rule)
            // uniqueness holds among whichever of its layers are present; the others need all theirs
            let applicable: Bool =
                if case .uniqueAcross = rule.check {
                    layers.filter(presentLayers.contains).count >= 1
                } else {
                    layers.allSatisfy(presentLayers.contains)
                }
            guard applicable else {
                tally.notApplicable(rule.id)
                continue
            }
            switch rule.check {
            case .reference(let reference):
                let entries = pending[rule.id] ?? []
                let keys = targets[rule.id] ?? [:]
                tally.checked(rule.id, entries.count)
                for entry in entries {
                    var location = entry.location
                    guard let target = keys[entry.value] else {
                        guard reference.reportMissing else { continue }
                        location.field = rule.field
                        tally.add(
                            rule,
                            Defect(
                                record: location.record, field: rule.field, value: entry.value,
                                entry.quoted.merging([
                                    "key": entry.value, "target": reference.targetLayer, "problem": "is not found",
                                    "problem_zh": "不存在", "value": entry.value,
                                ]) { _, new in new }),
                            at: location, key: entry.key)
                        continue
                    }
                    for (index, pair) in reference.match.enumerated() where entry.match[index] != target[index] {
                        location.field = pair.field
                        let actual = entry.match[index] ?? ""
                        let expected = target[index] ?? ""
                        tally.add(
                            rule,
                            Defect(
                                record: location.record, field: pair.field, value: actual,
                                entry.quoted.merging([
                                    "key": entry.value, "target": reference.targetLayer, "value": actual,
                                    "expected": expected, "field": pair.field,
                                    "problem":
                                        "is found but \(pair.field) '\(actual)' differs from its \(pair.target) '\(expected)'",
                                    "problem_zh": "存在，但 \(pair.field) '\(actual)' 与其 \(pair.target) '\(expected)' 不一致",
                                ]) { _, new in new }),
                            at: location, key: entry.key)
                    }
                }
            case .uniqueAcross(let unique):
                tally.checked(rule.id, seen[rule.id] ?? 0)
                for (location, key, value, first) in duplicates[rule.id] ?? [] {
                    var place = location
                    place.field = unique.field
                    tally.add(
                        rule,
                        Defect(
                            record: place.record, field: unique.field, value: value,
                            ["field": unique.field, "value": value, "first": first]),
                        at: place, key: key)
                }
            case .aggregate(let aggregate):
                let entries = stated[rule.id] ?? []
                tally.checked(rule.id, entries.count)
                for entry in entries {
                    let total = sums[rule.id]?[entry.group] ?? 0
                    let difference = entry.value - total
                    guard abs(difference) > aggregate.tolerance + 1e-9 else { continue }
                    var place = entry.location
                    place.field = entry.field
                    tally.add(
                        rule,
                        Defect(
                            record: place.record, field: entry.field, value: Self.format(entry.value),
                            [
                                "value": Self.format(entry.value), "sum": Self.format(total),
                                "difference": Self.format(difference), "tolerance": Self.format(aggregate.tolerance),
                                "source": aggregate.source, "group": entry.group,
                            ]),
                        at: place, key: entry.key)
                }
            default:
                continue
            }
        }
    }

    /// A number with at most two decimals and no trailing zeros beyond them.
    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
