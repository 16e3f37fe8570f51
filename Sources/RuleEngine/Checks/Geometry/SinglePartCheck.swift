/// `single-part`: more than one polygon in one record.
struct SinglePartCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "single-part",
        summary: LocalizedText(zh: "一个要素由多个多边形组成", en: "A feature is made of several polygons."),
        message: LocalizedText(zh: "要素由 {parts} 个多边形组成", en: "the feature has {parts} polygons"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon else { return nil }
        let parts = shape.geometry.polygons.count
        guard parts > 1 else { return nil }
        return GeometryDefect(values: ["parts": "\(parts)"], geometry: shape.geometry.polygonGeometry)
    }
}
