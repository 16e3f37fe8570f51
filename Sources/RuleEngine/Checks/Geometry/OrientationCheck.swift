/// `orientation`: shells clockwise, holes counter-clockwise (the shapefile specification).
struct OrientationCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "orientation",
        summary: LocalizedText(
            zh: "环的走向不符合 shapefile 规范（外环顺时针，内环逆时针）",
            en: "A ring is wound against the shapefile specification (outer rings clockwise, holes counter-clockwise)."
        ),
        message: LocalizedText(zh: "第 {ring} 环（{role_zh}）为{winding_zh}", en: "ring {ring} ({role}) is {winding}"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon else { return nil }
        let geometry = shape.geometry
        guard let (ring, isShell) = Self.firstMiswound(in: geometry) else { return nil }
        return GeometryDefect(
            values: [
                "ring": "\(ring + 1)", "role": isShell ? "outer ring" : "hole",
                "role_zh": isShell ? "外环" : "内环", "winding": isShell ? "counter-clockwise" : "clockwise",
                "winding_zh": isShell ? "逆时针" : "顺时针",
            ], geometry: .lineString(geometry.partRange(ring).map { [geometry.xy[2 * $0], geometry.xy[2 * $0 + 1]] }))
    }

    /// The first ring wound against the specification: (0-based part, whether it is a shell).
    static func firstMiswound(in geometry: Geometry) -> (Int, Bool)? {
        for polygon in geometry.polygons {
            if geometry.signedArea2(ofPart: polygon[0]) > 0 { return (polygon[0], true) }
            for hole in polygon.dropFirst() where geometry.signedArea2(ofPart: hole) < 0 { return (hole, false) }
        }
        return nil
    }
}
