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
