/// `no-duplicate-vertex`: the same vertex twice in a row.
struct NoDuplicateVertexCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-duplicate-vertex",
        summary: LocalizedText(zh: "相邻两个节点重合", en: "A vertex repeats the one before it."),
        message: LocalizedText(
            zh: "第 {ring} 环第 {vertex} 个节点与前一节点重合", en: "vertex {vertex} of ring {ring} repeats the one before it"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        let geometry = shape.geometry
        guard let (ring, vertex) = Self.firstDuplicate(in: geometry) else { return nil }
        let at = geometry.partRange(ring).lowerBound + vertex - 1
        return GeometryDefect(
            values: ["ring": "\(ring + 1)", "vertex": "\(vertex)"],
            geometry: .point(x: geometry.xy[2 * at], y: geometry.xy[2 * at + 1]))
    }

    /// The first vertex (0-based part, 1-based vertex) equal to the one before it.
    static func firstDuplicate(in geometry: Geometry) -> (Int, Int)? {
        let xy = geometry.xy
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            for vertex in range.dropFirst()
            where xy[2 * vertex] == xy[2 * vertex - 2] && xy[2 * vertex + 1] == xy[2 * vertex - 1] {
                return (part, vertex - range.lowerBound + 1)
            }
        }
        return nil
    }
}
