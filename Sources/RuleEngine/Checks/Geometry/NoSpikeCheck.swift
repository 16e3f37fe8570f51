import Foundation

/// `no-spike`: a vertex where the ring turns back at less than `max-angle` degrees.
struct NoSpikeCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-spike",
        summary: LocalizedText(zh: "边界在一个节点处折返（尖刺）", en: "A boundary turns back at a vertex (a spike)."),
        message: LocalizedText(
            zh: "第 {ring} 环第 {vertex} 个节点处夹角 {angle}°，小于 {max}°",
            en: "ring {ring} turns back at vertex {vertex} at {angle}°, under {max}°"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("max-angle", "number", "the sharpest angle allowed, in degrees", default: "1")])

    var maxAngle: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(maxAngle: try parameters.number("max-angle", default: 1))
    }

    var parameterText: String { "max-angle \(GeometryParameters.format(maxAngle))°" }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.valid else { return nil }
        let geometry = shape.geometry
        guard let (ring, vertex, angle) = Self.firstSpike(in: geometry, under: maxAngle) else { return nil }
        let at = geometry.partRange(ring).lowerBound + vertex - 1
        return GeometryDefect(
            values: [
                "ring": "\(ring + 1)", "vertex": "\(vertex)", "angle": GeometryFormat.number(angle, places: 3),
                "max": GeometryFormat.number(maxAngle, places: 3),
            ],
            geometry: .point(x: geometry.xy[2 * at], y: geometry.xy[2 * at + 1]))
    }

    /// The first vertex of a ring where the boundary turns back at an angle under `maxAngle` degrees.
    /// Repeated vertices are skipped, so a spike is found across them.
    static func firstSpike(in geometry: Geometry, under maxAngle: Double) -> (Int, Int, Double)? {
        let xy = geometry.xy
        let isRing = geometry.kind == .polygon
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            var points: [(x: Double, y: Double, vertex: Int)] = []
            for vertex in range {
                let point = (xy[2 * vertex], xy[2 * vertex + 1], vertex - range.lowerBound + 1)
                if let last = points.last, last.x == point.0, last.y == point.1 { continue }
                points.append(point)
            }
            if isRing, points.count > 1, points[0].x == points[points.count - 1].x,
                points[0].y == points[points.count - 1].y
            {
                points.removeLast()
            }
            guard points.count >= 3 else { continue }
            let count = points.count
            for index in (isRing ? 0..<count : 1..<(count - 1)) {
                let previous = points[(index + count - 1) % count]
                let next = points[(index + 1) % count]
                let current = points[index]
                let (ax, ay) = (previous.x - current.x, previous.y - current.y)
                let (bx, by) = (next.x - current.x, next.y - current.y)
                let angle = abs(atan2(ax * by - ay * bx, ax * bx + ay * by)) * 180 / Double.pi
                if angle < maxAngle { return (part, current.vertex, angle) }
            }
        }
        return nil
    }
}
