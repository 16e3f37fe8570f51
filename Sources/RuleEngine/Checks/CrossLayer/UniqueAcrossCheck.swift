/// `unique-across:`: a field's values must not repeat across several layers; evaluated by `CrossLayerRun`.
enum UniqueAcrossCheck: BuiltInCheck {
    static let family = CheckFamily.crossLayer
    static let descriptor = CheckDescriptor(
        id: "value-duplicated-across-layers",
        summary: LocalizedText(zh: "标识值在多个图层间重复", en: "An identifier repeats across layers."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 已被 {first} 使用", en: "{field} value '{value}' is also used by {first}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layers", "[layer]", "the layers sharing the identifier"),
            CheckParameter("field", "field", "the identifier's field"),
            CheckParameter(
                "within", "[field]", "fields that scope the uniqueness (unique within their values)", default: "none"),
            CheckParameter(
                "replaced", "{layer, field, key}",
                "records whose `key` is a value of `field` in `layer` are left out (those an update replaces)",
                default: "none"),
        ])
}

/// A uniqueness rule across layers while the layers are read: the first use of each value is kept, a
/// later use in another layer (or any repeat when scoped by `within:`) is a duplicate.
final class UniqueAcrossEvaluation: CrossLayerEvaluation {
    let unique: UniqueAcrossRule
    /// The field's column, then the scope's, in the layer being read; nil when it is not one of the rule's.
    private var columns: [Int?]?
    private var firstUse: [String: (layer: String, record: Int, seen: SeenRecord?)] = [:]
    private var duplicates: [(Location, FeatureKey?, String, String, SeenRecord?)] = []
    private var seen = 0
    /// With `replaced:`: the column of the replacing layer's field, or of a rule layer's key, in the layer
    /// being read; the values that name replaced records; every use, judged at the end.
    private var replacedColumn: Int?
    private var keyColumn: Int?
    private var replacedValues: Set<String> = []
    private var uses:
        [(
            identity: String, layer: String, record: Int, location: Location, key: FeatureKey?, value: String,
            own: String?
        )] = []

    init(unique: UniqueAcrossRule) { self.unique = unique }

    var layers: [String] { unique.layers(ruleLayer: nil) }

    /// Uniqueness holds among whichever of its layers are present.
    func applies(presentLayers: Set<String>) -> Bool { unique.layers.contains(where: presentLayers.contains) }

    func begin(layer: String, schema: LayerSchema) {
        columns =
            unique.layers.contains(layer)
            ? [schema.index(of: unique.field)] + unique.within.map { schema.index(of: $0) } : nil
        replacedColumn = unique.replaced.flatMap { $0.layer == layer ? schema.index(of: $0.field) : nil }
        keyColumn = unique.replaced.flatMap { columns == nil ? nil : schema.index(of: $0.key) }
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        if let replacedColumn, let value = record[replacedColumn] { replacedValues.insert(value) }
        guard let columns, let column = columns.first ?? nil, let value = record[column] else { return }
        seen += 1
        // scoped (`within:`): the scope's values and the field's make the key, blanks included
        let scoped = columns.count > 1
        let identity =
            scoped
            ? columns.dropFirst().map { $0.flatMap { record[$0] } ?? "" }.joined(separator: "\u{1F}") + "\u{1F}"
                + value
            : value
        if unique.replaced != nil {
            // which records are replaced is known only once the process layer is read: judged at the end
            uses.append((identity, layer, record.number, location, key, value, keyColumn.flatMap { record[$0] }))
            return
        }
        judge(identity: identity, layer: layer, record: record.number, location: location, key: key, value: value)
    }

    private func judge(
        identity: String, layer: String, record: Int, location: Location, key: FeatureKey?, value: String
    ) {
        let scoped = !unique.within.isEmpty
        if let first = firstUse[identity] {
            // a repeat inside one layer is that layer's own uniqueness rule's finding, unless scoped
            if first.layer != layer || scoped {
                duplicates.append((location, key, value, "\(first.layer)#\(first.record)", first.seen))
            }
        } else {
            firstUse[identity] = (layer, record, SeenRecord(location, key: key))
        }
    }

    func finish(field: String?) -> CrossLayerOutcome {
        if unique.replaced != nil {
            for use in uses where use.own.map({ !replacedValues.contains($0) }) ?? true {
                judge(
                    identity: use.identity, layer: use.layer, record: use.record, location: use.location,
                    key: use.key, value: use.value)
            }
            seen = uses.count
            uses = []
        }
        var outcome = CrossLayerOutcome()
        outcome.checked = seen
        for (location, key, value, first, seen) in duplicates {
            var place = location
            place.field = unique.field
            outcome.add(
                Defect(
                    record: place.record, field: unique.field, value: value,
                    ["field": unique.field, "value": value, "first": first]),
                at: place, key: key, related: seen.map { [$0.related(.firstUse)] } ?? [])
        }
        return outcome
    }
}

extension UniqueAcrossRule {
    /// The layers a rule of this kind reads, given the layer the rule is declared on.
    func layers(ruleLayer: String?) -> [String] { layers + (replaced.map { [$0.layer] } ?? []) }
}
