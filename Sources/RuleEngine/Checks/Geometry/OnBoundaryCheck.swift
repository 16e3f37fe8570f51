/// `on-boundary`: a line lies on the boundaries of another layer's polygons (a boundary line is
/// covered by the boundaries of the areas it separates); stretches off every boundary longer than
/// `tolerance` m are reported.
struct OnBoundaryCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "on-boundary",
        summary: LocalizedText(
            zh: "线不在另一图层多边形的边界上", en: "A line does not lie on the boundaries of another layer's polygons."),
        message: LocalizedText(
            zh: "有长度 {length} 不在 {target} 的边界上", en: "a length of {length} does not lie on a {target} boundary"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the polygon layer whose boundaries must cover the line"),
            CheckParameter(
                "tolerance", "number",
                "how far, in metres, the line may lie from a boundary; shorter stretches off it are ignored",
                default: "0.01"),
        ])

    var layer: String
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(layer: try parameters.otherLayer().name, tolerance: try parameters.number("tolerance", default: 0.01))
    }

    var parameterText: String { "layer \(layer), tolerance \(GeometryParameters.format(tolerance))" }
    var otherLayer: String? { layer }
    var isMetric: Bool { true }
    var needsLibrary: Bool { false }

    /// Runs in a lane of its own, beside the comparisons that use every core.
    var runsBesideOthers: Bool { true }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        guard let target = comparison.target(layer) else { return nil }
        let (targets, targetSource) = target
        let made = comparison.outputs
        let data = comparison.data
        let index = EnvelopeIndex(targets.envelopes)
        var lines = LineShapeCache(comparison.source, capacity: 1)
        var polygons = LineShapeCache(targetSource)
        var outputs: [GeometryOutput] = []
        // one line at a time against the polygons whose envelopes meet its own: memory holds the
        // envelopes and a bounded cache of polygons
        for i in data.records.indices {
            let box = data.envelopes[i]
            guard box.minX <= box.maxX, let line = lines.shape(record: data.records[i]) else { continue }
            let rings = index.query(LineStretches.box(box, grownBy: tolerance)).flatMap { hit in
                polygons.shape(record: targets.records[hit]).map { LineStretches.segments($0).flatMap { $0 } } ?? []
            }
            let off = LineStretches.stretches(
                of: LineStretches.segments(line), tolerance: tolerance, inverted: true
            ) { segment in
                rings.compactMap { LineStretches.shared(segment, $0, tolerance: tolerance) }
            }
            guard off.length > tolerance, let first = off.pieces.first else { continue }
            outputs.append(
                made.output(
                    record: i, ["length": GeometryFormat.number(off.length), "target": layer],
                    geometry: LineStretches.lineString(first), exact: true))
        }
        return outputs
    }
}
