import Yams

/// `unique-across:`: a field's values must not repeat across several layers (BSM in the whole database);
/// evaluated by `CrossLayerRun`.
struct UniqueAcrossCheck: CrossLayerCheck {
    static let formKey = "unique-across"
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

    var field: String
    var layers: [String]
    /// Fields whose values scope the uniqueness (TBBH unique within each ZLDWDM): the key is these values and
    /// the field's together, and a repeat within one layer is reported too. Empty: the field alone, across layers.
    var within: [String] = []
    /// `replaced: {layer, field, key}`: the records of the rule's layers whose `key` is a value of `field` in
    /// `layer` are left out (the base parcels an update replaces, named by its process records: numbering
    /// after the update). Nil: every record counts.
    var replaced: Replaced? = nil

    struct Replaced: Sendable {
        var layer: String
        var field: String
        var key: String
    }

    /// `unique-across: {layers, field, within, replaced}`: a value unique over several layers.
    static func parse<Form: RuleForm>(_ unique: inout YAMLMapping, _ form: Form) throws(RulePackError) -> Self {
        let names = try unique.strings("layers") ?? []
        let written = try unique.requireString("field")
        func renamed(_ written: String) -> String {
            names.lazy.map { form.renamed(written, in: form.unprefixed($0)) }.first { $0 != written } ?? written
        }
        let field = renamed(written)
        let within = (try unique.strings("within") ?? []).map(renamed)
        for name in names {
            let spec = try form.spec(name, key: "layers", at: unique.location)
            for needed in [field] + within where !spec.declares(field: needed) {
                throw RulePackError(.unknownField(needed, layer: name), at: unique.location)
            }
        }
        var replaced: Replaced?
        if var map = try unique.mapping("replaced") {
            let layer = try map.requireString("layer")
            let field = try map.requireString("field")
            let key = try map.requireString("key")
            let spec = try form.spec(layer, key: "layer", at: map.location)
            guard spec.declares(field: field) else {
                throw RulePackError(.unknownField(field, layer: layer), at: map.location)
            }
            for name in names {
                let spec = try form.spec(name, key: "layers", at: map.location)
                if !spec.declares(field: key) { throw RulePackError(.unknownField(key, layer: name), at: map.location) }
            }
            try map.finish()
            replaced = Replaced(layer: layer, field: field, key: key)
        }
        try unique.finish()
        return UniqueAcrossCheck(field: field, layers: names, within: within, replaced: replaced)
    }

    /// The rule's layers, and the layer naming the replaced records.
    func layers(ruleLayer: String?) -> [String] { layers + (replaced.map { [$0.layer] } ?? []) }

    func evaluation(ruleID: String, ruleLayer: String?) -> any CrossLayerEvaluation {
        UniqueAcrossEvaluation(unique: self)
    }

    var text: String {
        let scope = within.isEmpty ? "" : " within \(within.joined(separator: ", "))"
        return "unique across \(layers.joined(separator: ", ")): \(field)\(scope)"
    }
}

/// A uniqueness rule across layers while the layers are read: the first use of each value is kept, a
/// later use in another layer (or any repeat when scoped by `within:`) is a duplicate.
final class UniqueAcrossEvaluation: CrossLayerEvaluation {
    let unique: UniqueAcrossCheck
    /// The field's column, then the scope's, in the layer being read; nil when it is not one of the rule's.
    private var columns: [Int?]?
    /// Each value's first use (its layer, from `places`, tells a repeat within a layer from one across).
    private var firstUse: [String: SeenPlaces.Place] = [:]
    private var places = SeenPlaces()
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

    init(unique: UniqueAcrossCheck) { self.unique = unique }

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
            let firstLayer = places.owner(of: first)
            if firstLayer != layer || scoped {
                duplicates.append((location, key, value, "\(firstLayer)#\(first.record)", places.seen(first)))
            }
        } else {
            firstUse[identity] = places.place(owner: layer, record: record, location, key: key)
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
