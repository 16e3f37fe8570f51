/// `valid`: OGC validity through the geometry library, with its reason and place.
struct ValidGeometryCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "valid",
        summary: LocalizedText(
            zh: "几何图形不是有效的简单要素（OGC）", en: "A shape is not a valid simple-features geometry (OGC)."),
        message: LocalizedText(zh: "几何无效：{reason}", en: "invalid geometry: {reason}"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    var needsLibrary: Bool { true }
    var reportsValidity: Bool { true }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard let invalidity = shape.invalidity else { return nil }
        let place = invalidity.x.flatMap { x in invalidity.y.map { ErrorGeometry.point(x: x, y: $0) } }
        return GeometryDefect(
            values: ["reason": invalidity.reason, "problem": invalidity.problem.rawValue],
            geometry: place ?? ErrorGeometry.representativePoint(of: shape.geometry), exact: place != nil)
    }
}
