/// `min-length`: a line feature shorter than `min` (a sliver line, 碎线: check item 4701).
struct MinLengthCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "min-length",
        summary: LocalizedText(zh: "线要素长度小于下限（碎线）", en: "A line feature is shorter than the minimum (a sliver line)."),
        message: LocalizedText(zh: "线长 {length}，小于 {min}", en: "the line is {length} long, under {min}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("min", "number", "the shortest line allowed, in metres")])

    var minimum: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(minimum: try parameters.number("min"))
    }

    var parameterText: String { "min \(GeometryParameters.format(minimum))" }
    var isMetric: Bool { true }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.geometry.kind == .line else { return nil }
        let length = shape.geometry.length
        guard length < minimum else { return nil }
        // the representative point: a sliver line is short enough to be found from it
        return GeometryDefect(
            values: ["length": GeometryFormat.number(length), "min": GeometryFormat.number(minimum)], geometry: nil,
            exact: false)
    }
}
