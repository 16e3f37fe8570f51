/// `min-area`: a polygon smaller than `min` (a sliver).
struct MinAreaCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "min-area",
        summary: LocalizedText(zh: "面积小于下限（碎片多边形）", en: "A polygon is smaller than the minimum area (a sliver)."),
        message: LocalizedText(zh: "面积 {area} 小于 {min}", en: "area {area} is under {min}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("min", "number", "the smallest area allowed, in m² of the layer's CRS")])

    var minimum: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(minimum: try parameters.number("min"))
    }

    var parameterText: String { "min \(GeometryParameters.format(minimum))" }
    var isMetric: Bool { true }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon else { return nil }
        let area = shape.geometry.organizedArea
        guard area < minimum else { return nil }
        return GeometryDefect(
            values: ["area": GeometryFormat.number(area), "min": GeometryFormat.number(minimum)],
            geometry: shape.geometry.polygonGeometry)
    }
}
