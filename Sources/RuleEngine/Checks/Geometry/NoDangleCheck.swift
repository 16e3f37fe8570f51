/// `no-dangle`: an end point of a line that touches no other line of the layer (nor another part of its
/// own line) within `tolerance` m; a closed line has no ends.
struct NoDangleCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-dangle",
        summary: LocalizedText(zh: "线的端点悬挂（不与其他线相接）", en: "A line ends without touching another line."),
        message: LocalizedText(
            zh: "第 {part} 部分的端点 ({x} {y}) 悬挂", en: "the {end} of part {part} at ({x} {y}) touches no other line"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter(
                "tolerance", "number", "how far, in metres, an end point may lie from the line it ends on",
                default: "0.01")
        ])

    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(tolerance: try parameters.number("tolerance", default: 0.01))
    }

    var parameterText: String { "tolerance \(GeometryParameters.format(tolerance))" }
    var isMetric: Bool { true }
    var needsLibrary: Bool { false }

    /// Runs in a lane of its own, beside the comparisons that use every core.
    var runsBesideOthers: Bool { true }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let made = comparison.outputs
        let data = comparison.data
        let index = EnvelopeIndex(data.envelopes)
        var shapes = LineShapeCache(comparison.source)
        var outputs: [GeometryOutput] = []
        for i in data.records.indices {
            guard data.envelopes[i].minX <= data.envelopes[i].maxX, let line = shapes.shape(record: data.records[i])
            else { continue }
            let parts = LineStretches.segments(line)
            for (part, segments) in parts.enumerated() {
                guard let first = segments.first, let last = segments.last else { continue }
                let closed = abs(first.ax - last.bx) <= tolerance && abs(first.ay - last.by) <= tolerance
                if closed { continue }
                for (end, x, y) in [("start", first.ax, first.ay), ("end", last.bx, last.by)] {
                    let own = parts.enumerated().flatMap { other, segments in
                        // the segment the end point belongs to is not something it can touch
                        other != part ? segments : Array(end == "start" ? segments.dropFirst() : segments.dropLast())
                    }
                    if own.contains(where: { LineStretches.distance(x, y, to: $0) <= tolerance }) { continue }
                    let box = Envelope(
                        minX: x - tolerance, minY: y - tolerance, maxX: x + tolerance, maxY: y + tolerance)
                    let touches = index.query(box).contains { hit in
                        guard hit != i, let other = shapes.shape(record: data.records[hit]) else { return false }
                        return LineStretches.segments(other).joined().contains {
                            LineStretches.distance(x, y, to: $0) <= tolerance
                        }
                    }
                    if touches { continue }
                    outputs.append(
                        made.output(
                            record: i,
                            [
                                "part": "\(part + 1)", "end": end, "x": GeometryFormat.number(x, places: 3),
                                "y": GeometryFormat.number(y, places: 3),
                            ], geometry: .point(x: x, y: y), exact: true))
                }
            }
        }
        return outputs
    }
}
