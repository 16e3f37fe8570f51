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

    /// What one rule does with the records of the layer being read.
    private enum Role {
        case referenceSource
        case referenceTarget
        case unique
        case aggregateSource
        case aggregateTarget
    }

    /// A rule bound to the schema of the layer being read.
    private struct Binding {
        var rule: Int
        var role: Role
        var evaluators: [ExpressionEvaluator]
        var columns: [Int?]
        var keyColumns: [Int?] = []
    }

    let rules: [Rule]
    private let layers: Set<String>
    // Per rule, by its index in `rules`.
    private var pending: [[Pending]]
    private var targets: [[String: [String?]]]
    private var sums: [[String: Double]]
    private var stated: [[Stated]]
    private var firstUse: [[String: (layer: String, record: Int)]]
    private var duplicates: [[(Location, FeatureKey?, String, String)]]
    private var seen: [Int]
    /// Per reference rule, the source records judged as they were read (their target was already known).
    private var passed: [Int]
    private var bindings: [Binding] = []

    init(rules: [Rule]) {
        self.rules = rules
        let count = rules.count
        pending = Array(repeating: [], count: count)
        targets = Array(repeating: [:], count: count)
        sums = Array(repeating: [:], count: count)
        stated = Array(repeating: [], count: count)
        firstUse = Array(repeating: [:], count: count)
        duplicates = Array(repeating: [], count: count)
        seen = Array(repeating: 0, count: count)
        passed = Array(repeating: 0, count: count)
        layers = Set(rules.flatMap { Self.involvedLayers($0) })
    }

    func observes(_ layer: String) -> Bool { layers.contains(layer) }

    static func involvedLayers(_ rule: Rule) -> [String] {
        switch rule.check {
        case .reference(let reference): [rule.layer ?? "", reference.targetLayer]
        case .uniqueAcross(let unique): unique.layers
        case .aggregate(let aggregate): [rule.layer ?? "", aggregate.source]
        default: []
        }
    }

    /// Binds every expression that reads `layer` to its schema.
    mutating func begin(layer: String, schema: LayerSchema) {
        bindings = []
        for (index, rule) in rules.enumerated() {
            switch rule.check {
            case .reference(let reference):
                if rule.layer == layer {
                    bindings.append(
                        Binding(
                            rule: index, role: .referenceSource,
                            evaluators: [
                                ExpressionCompiler.compile(reference.key, schema: schema, scope: reference.scope)
                            ],
                            columns: reference.match.map { schema.index(of: $0.field) },
                            keyColumns: reference.key.fields.map { schema.index(of: $0) }))
                }
                if reference.targetLayer == layer {
                    bindings.append(
                        Binding(
                            rule: index, role: .referenceTarget,
                            evaluators: [
                                ExpressionCompiler.compile(
                                    reference.targetKey, schema: schema, scope: reference.targetScope)
                            ],
                            columns: reference.match.map { schema.index(of: $0.target) }))
                }
            case .uniqueAcross(let unique) where unique.layers.contains(layer):
                bindings.append(
                    Binding(
                        rule: index, role: .unique, evaluators: [],
                        columns: [schema.index(of: unique.field)] + unique.within.map { schema.index(of: $0) }))
            case .aggregate(let aggregate):
                if aggregate.source == layer {
                    bindings.append(
                        Binding(
                            rule: index, role: .aggregateSource,
                            evaluators: [
                                ExpressionCompiler.compile(
                                    aggregate.group, schema: schema, scope: aggregate.sourceScope),
                                ExpressionCompiler.compile(aggregate.sum, schema: schema, scope: aggregate.sourceScope),
                            ], columns: []))
                }
                if rule.layer == layer {
                    bindings.append(
                        Binding(
                            rule: index, role: .aggregateTarget,
                            evaluators: [
                                ExpressionCompiler.compile(aggregate.key, schema: schema, scope: aggregate.scope),
                                ExpressionCompiler.compile(aggregate.value, schema: schema, scope: aggregate.scope),
                            ], columns: []))
                }
            default:
                break
            }
        }
    }

    mutating func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        for binding in bindings {
            let index = binding.rule
            switch binding.role {
            case .referenceSource, .referenceTarget:
                let value = binding.evaluators[0](record)
                guard !value.isNull else { continue }
                let match = binding.columns.map { column in column.flatMap { record[$0] } }
                if binding.role == .referenceSource {
                    // a key already among the targets, with the same matched values, passes for good (the
                    // first target of a key is the one kept): only the others wait for `finish`
                    if let target = targets[index][value.description], target == match {
                        passed[index] += 1
                        continue
                    }
                    guard case .reference(let reference) = rules[index].check else { continue }
                    var quoted: [String: String] = [:]
                    for (position, pair) in reference.match.enumerated() { quoted[pair.field] = match[position] ?? "" }
                    for (name, column) in zip(reference.key.fields, binding.keyColumns) {
                        quoted[name] = column.flatMap { record[$0] } ?? ""
                    }
                    pending[index].append(
                        Pending(location: location, key: key, value: value.description, match: match, quoted: quoted))
                } else if targets[index][value.description] == nil {
                    targets[index][value.description] = match
                }
            case .unique:
                guard let column = binding.columns.first ?? nil, let value = record[column] else { continue }
                seen[index] += 1
                // scoped (`within:`): the scope's values and the field's make the key, blanks included
                let scoped = binding.columns.count > 1
                let identity =
                    scoped
                    ? binding.columns.dropFirst().map { $0.flatMap { record[$0] } ?? "" }.joined(separator: "\u{1F}")
                        + "\u{1F}" + value
                    : value
                if let first = firstUse[index][identity] {
                    // a repeat inside one layer is that layer's own uniqueness rule's finding, unless scoped
                    if first.layer != layer || scoped {
                        duplicates[index].append((location, key, value, "\(first.layer)#\(first.record)"))
                    }
                } else {
                    firstUse[index][identity] = (layer, record.number)
                }
            case .aggregateSource:
                let group = binding.evaluators[0](record)
                guard !group.isNull, case .number(let amount) = binding.evaluators[1](record) else { continue }
                sums[index][group.description, default: 0] += amount
            case .aggregateTarget:
                guard case .aggregate(let aggregate) = rules[index].check else { continue }
                let group = binding.evaluators[0](record)
                guard !group.isNull, case .number(let value) = binding.evaluators[1](record) else { continue }
                var field: String?
                if case .field(let name, _) = aggregate.value { field = name }
                stated[index].append(
                    Stated(location: location, key: key, group: group.description, value: value, field: field))
            }
        }
    }

    /// Judges every cross-layer rule; a rule whose layers are not all present is not applicable.
    func finish(presentLayers: Set<String>, into tally: inout Tally) {
        for (index, rule) in rules.enumerated() {
            let layers = Self.involvedLayers(rule)
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
                let entries = pending[index]
                let keys = targets[index]
                tally.checked(rule.id, entries.count + passed[index])
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
                tally.checked(rule.id, seen[index])
                for (location, key, value, first) in duplicates[index] {
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
                var entries = stated[index]
                if aggregate.skipUnmatched { entries.removeAll { sums[index][$0.group] == nil } }
                tally.checked(rule.id, entries.count + passed[index])
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
                for entry in entries {
                    let total = sums[index][entry.group] ?? 0
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
