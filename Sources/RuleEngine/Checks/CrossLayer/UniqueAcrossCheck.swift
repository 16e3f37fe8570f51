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

    init(unique: UniqueAcrossRule) { self.unique = unique }

    var layers: [String] { unique.layers(ruleLayer: nil) }

    /// Uniqueness holds among whichever of its layers are present.
    func applies(presentLayers: Set<String>) -> Bool { layers.contains(where: presentLayers.contains) }

    func begin(layer: String, schema: LayerSchema) {
        columns =
            unique.layers.contains(layer)
            ? [schema.index(of: unique.field)] + unique.within.map { schema.index(of: $0) } : nil
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        guard let columns, let column = columns.first ?? nil, let value = record[column] else { return }
        seen += 1
        // scoped (`within:`): the scope's values and the field's make the key, blanks included
        let scoped = columns.count > 1
        let identity =
            scoped
            ? columns.dropFirst().map { $0.flatMap { record[$0] } ?? "" }.joined(separator: "\u{1F}") + "\u{1F}"
                + value
            : value
        if let first = firstUse[identity] {
            // a repeat inside one layer is that layer's own uniqueness rule's finding, unless scoped
            if first.layer != layer || scoped {
                duplicates.append((location, key, value, "\(first.layer)#\(first.record)", first.seen))
            }
        } else {
            firstUse[identity] = (layer, record.number, SeenRecord(location, key: key))
        }
    }

    func finish(field: String?) -> CrossLayerOutcome {
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
    func layers(ruleLayer: String?) -> [String] { layers }
}
