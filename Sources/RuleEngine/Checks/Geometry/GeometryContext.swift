import Foundation

// What the geometry and CRS kinds see of the engine's GeometryRun: the outputs they return, what the
// layer's pass kept, and the parallel pair and overlay searches. GeometryRun implements GeometryContext.

/// What a per-record check or a comparison found.
struct GeometryOutput: Sendable {
    var rule: Int
    var record: Int?
    var field: String?
    var value: String?
    var values: [String: String]
    var geometry: ErrorGeometry?
    /// Whether `geometry` is the check's own error geometry (it then joins the fingerprint).
    var exact: Bool
    var key: FeatureKey?
}

/// What the pass keeps per record of a layer that later comparisons read.
struct KeptRecords: Sendable {
    var records: [Int] = []
    var envelopes: [Envelope] = []
    var keys: [FeatureKey?] = []
    /// Per record, the values a containment rule matches, by rule id.
    var values: [String: [[String?]]] = [:]
    /// Per record, a 64-bit FNV-1a hash of the values a neighbour rule compares (0: all blank), by rule id:
    /// eight bytes a record instead of the texts.
    var hashes: [String: [UInt64]] = [:]
}

/// The engine's geometry run as a comparing check uses it.
protocol GeometryContext {
    /// How many threads a comparison may use at most.
    var threadCount: Int { get }
    /// `body(0) … body(iterations - 1)` spread over the run's threads; returns when all have run.
    func perform(iterations: Int, _ body: (Int) -> Void)
    func keptData(_ layer: String) -> KeptRecords?
    func keptLayer(_ layer: String) -> (any Layer)?
    /// A layer of the base dataset (`--base`) by its name without `base.`; nil without a base or that layer.
    /// A check reads it itself (only what it needs), since the pass keeps nothing of the base.
    func baseLayer(_ layer: String) -> (any Layer)?
    /// Every pair of records whose envelopes meet (each pair once, i < j) and that `candidates` keeps,
    /// judged by `judge` in parallel; results come back in record order.
    func pairs(
        _ data: KeptRecords, _ source: any Layer, _ operations: any GeometryOperations,
        candidates keep: @escaping @Sendable (Int, Int) -> Bool, skippingDisjointInteriors: Bool,
        judge: @escaping @Sendable (any GeometrySession, TargetShape, TargetShape, Int, Int) -> GeometryOutput?
    ) -> [GeometryOutput]
    /// Each record laid over the records of another layer whose envelopes meet its own.
    func overlays(
        _ data: KeptRecords, _ source: any Layer, _ targets: KeptRecords, _ targetSource: any Layer,
        _ operations: any GeometryOperations,
        judge:
            @escaping @Sendable (any GeometrySession, Geometry, Int, [Int], [TargetShape], Overlay) -> [GeometryOutput]
    ) -> [GeometryOutput]
}

/// The numbers and geometries the geometry kinds' messages show.
enum GeometryFormat {
    static func number(_ value: Double, places: Int = 2) -> String {
        let text = String(format: "%.\(places)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// One geometry of several polygons.
    static func combined(_ parts: [ErrorGeometry]) -> ErrorGeometry? {
        if parts.count <= 1 { return parts.first }
        var polygons: [[[[Double]]]] = []
        for part in parts {
            switch part {
            case .polygon(let rings): polygons.append(rings)
            case .multiPolygon(let more): polygons += more
            default: continue
            }
        }
        return .multiPolygon(polygons)
    }
}
