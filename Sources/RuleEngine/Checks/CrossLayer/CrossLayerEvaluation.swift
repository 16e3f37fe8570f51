import Foundation

/// What a cross-layer evaluation found: how many items it judged, and its defects in order, each
/// with its place, feature key and the other features it involves (at most
/// `RelatedFeature.perFinding`, and how many more). The engine stamps them with the rule.
struct CrossLayerOutcome {
    struct Found {
        var defect: Defect
        var location: Location
        var key: FeatureKey?
        var related: [RelatedFeature] = []
        var more = 0
    }
    /// What a change summary rule adds to the report besides its defects.
    var summary: ChangeSummary?

    var checked = 0
    var defects: [Found] = []

    mutating func add(
        _ defect: Defect, at location: Location, key: FeatureKey?, related: [RelatedFeature] = [], more: Int = 0
    ) {
        defects.append(Found(defect: defect, location: location, key: key, related: related, more: more))
    }
}

/// A record seen during a pass, kept so that a finding can name it as a related feature.
struct SeenRecord: Hashable {
    var layer: String
    var file: String
    var record: Int
    var key: FeatureKey?

    init(layer: String, file: String, record: Int, key: FeatureKey?) {
        self.layer = layer
        self.file = file
        self.record = record
        self.key = key
    }

    init?(_ location: Location, key: FeatureKey?) {
        guard let layer = location.layer, let record = location.record else { return nil }
        self.layer = layer
        file = location.file
        self.record = record
        self.key = key
    }

    func related(_ role: RelatedFeature.Role) -> RelatedFeature {
        RelatedFeature(role: role, layer: layer, file: file, record: record, key: key)
    }
}

/// The records an evaluation keeps for every value it has seen (each target of a reference, each first use
/// of a unique value), kept small: the layer, file and key field once per source, and per record only the
/// source's position, the record number and the key's value (the record's own string, not a copy). A
/// finding's related feature is rebuilt from one (`seen(_:)`).
struct SeenPlaces {
    struct Place: Hashable {
        var source: Int32
        var record: Int
        var keyValue: String?
    }

    /// The rule's name for the layer, and where the record was seen (its instance's layer name and file).
    private var sources: [(owner: String, layer: String?, file: String, keyField: String?)] = []

    /// The compact place of record `record` of the rule's layer `owner`, seen at `location`.
    mutating func place(owner: String, record: Int, _ location: Location, key: FeatureKey?) -> Place {
        func matches(_ source: (owner: String, layer: String?, file: String, keyField: String?)) -> Bool {
            source.owner == owner && source.file == location.file && source.layer == location.layer
                && source.keyField == key?.field
        }
        // records come layer by layer: the last source is almost always the one
        let position =
            sources.last.map(matches) == true
            ? sources.count - 1
            : sources.firstIndex(where: matches)
                ?? {
                    sources.append((owner, location.layer, location.file, key?.field))
                    return sources.count - 1
                }()
        return Place(source: Int32(position), record: record, keyValue: key?.value)
    }

    /// The rule's name for the layer of a place's record.
    func owner(of place: Place) -> String { sources[Int(place.source)].owner }

    /// The record a place stands for; nil when it was seen without a layer.
    func seen(_ place: Place) -> SeenRecord? {
        let source = sources[Int(place.source)]
        guard let layer = source.layer else { return nil }
        var key: FeatureKey?
        if let field = source.keyField, let value = place.keyValue { key = FeatureKey(field: field, value: value) }
        return SeenRecord(layer: layer, file: source.file, record: place.record, key: key)
    }
}

/// One cross-layer rule while the layers are read (its kind's file under `Checks/CrossLayer/` holds
/// it): fed the records of the layers it names during their passes, judged after the last.
protocol CrossLayerEvaluation: AnyObject {
    /// The layers whose records it reads.
    var layers: [String] { get }
    /// Whether it can be judged with these layers present (by default: all of its layers).
    func applies(presentLayers: Set<String>) -> Bool
    /// Binds the expressions that read `layer` to its schema (and forgets those of the layer before).
    func begin(layer: String, schema: LayerSchema)
    func observe(layer: String, record: Record, location: Location, key: FeatureKey?)
    /// Judges the records seen; `field` is the rule's own field, the place of its defects.
    func finish(field: String?) -> CrossLayerOutcome
}

extension CrossLayerEvaluation {
    func applies(presentLayers: Set<String>) -> Bool { layers.allSatisfy(presentLayers.contains) }
}

enum CrossLayerFormat {
    /// A number with at most two decimals and no trailing zeros beyond them.
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
