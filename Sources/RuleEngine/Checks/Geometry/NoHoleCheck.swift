/// `no-hole`: a polygon with an interior ring (城镇村等用地 must have none: check item 5101).
struct NoHoleCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-hole",
        summary: LocalizedText(zh: "多边形含有内环（洞）", en: "A polygon has an interior ring (a hole)."),
        message: LocalizedText(zh: "要素含 {holes} 个内环", en: "the feature has {holes} holes"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon else { return nil }
        let geometry = shape.geometry
        let holes = geometry.polygons.flatMap { $0.dropFirst() }
        guard let first = holes.first else { return nil }
        // the first hole as error geometry; the count in the message
        return GeometryDefect(
            values: ["holes": "\(holes.count)"],
            geometry: .lineString(geometry.partRange(first).map { [geometry.xy[2 * $0], geometry.xy[2 * $0 + 1]] }))
    }
}
