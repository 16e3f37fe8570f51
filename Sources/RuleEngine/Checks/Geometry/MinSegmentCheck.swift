/// `min-segment`: every segment at least `min` long (repeated vertices are `no-duplicate-vertex`'s).
struct MinSegmentCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "min-segment",
        summary: LocalizedText(zh: "边长小于下限", en: "A segment is shorter than the minimum."),
        message: LocalizedText(
            zh: "第 {ring} 环第 {vertex} 个节点前的边长 {length}，小于 {min}",
            en: "the segment before vertex {vertex} of ring {ring} is {length} long, under {min}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("min", "number", "the shortest segment allowed, in metres")])

    var minimum: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(minimum: try parameters.number("min"))
    }

    var parameterText: String { "min \(GeometryParameters.format(minimum))" }
    var isMetric: Bool { true }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.valid else { return nil }
        let geometry = shape.geometry
        guard let (ring, vertex, length) = Self.firstShortSegment(in: geometry, under: minimum) else { return nil }
        let at = geometry.partRange(ring).lowerBound + vertex - 1
        return GeometryDefect(
            values: [
                "ring": "\(ring + 1)", "vertex": "\(vertex)", "length": GeometryFormat.number(length),
                "min": GeometryFormat.number(minimum),
            ],
            geometry: .lineString([
                [geometry.xy[2 * at - 2], geometry.xy[2 * at - 1]], [geometry.xy[2 * at], geometry.xy[2 * at + 1]],
            ]))
    }

    /// The first segment shorter than `minimum` but not of zero length (that is a repeated vertex).
    static func firstShortSegment(in geometry: Geometry, under minimum: Double) -> (Int, Int, Double)? {
        let xy = geometry.xy
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            for vertex in range.dropFirst() {
                let dx = xy[2 * vertex] - xy[2 * vertex - 2]
                let dy = xy[2 * vertex + 1] - xy[2 * vertex - 1]
                let length = (dx * dx + dy * dy).squareRoot()
                if length > 0, length < minimum { return (part, vertex - range.lowerBound + 1, length) }
            }
        }
        return nil
    }
}
