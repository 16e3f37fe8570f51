/// `min-thinness`: Polsby–Popper compactness 4πA/P² under `min`.
struct MinThinnessCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "min-thinness",
        summary: LocalizedText(
            zh: "多边形过于狭长（紧凑度 4πA/P² 过小）", en: "A polygon is too thin (compactness 4πA/P² too low)."),
        message: LocalizedText(zh: "紧凑度 {thinness} 小于 {min}", en: "compactness {thinness} is under {min}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("min", "number", "the lowest compactness allowed (1 is a disc)")])

    var minimum: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(minimum: try parameters.number("min"))
    }

    var parameterText: String { "min \(GeometryParameters.format(minimum))" }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon else { return nil }
        let perimeter = shape.geometry.length
        guard perimeter > 0 else { return nil }
        let thinness = 4 * Double.pi * shape.geometry.organizedArea / (perimeter * perimeter)
        guard thinness < minimum else { return nil }
        return GeometryDefect(
            values: [
                "thinness": GeometryFormat.number(thinness, places: 4),
                "min": GeometryFormat.number(minimum, places: 4),
            ], geometry: shape.geometry.polygonGeometry)
    }
}
