/// `no-gap`: a hole of more than `tolerance` m² in the union of a layer's polygons.
struct NoGapCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-gap",
        summary: LocalizedText(zh: "图层覆盖范围内有缝隙", en: "A layer's coverage has a gap inside it."),
        message: LocalizedText(zh: "缝隙面积 {area}", en: "gap of area {area}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("tolerance", "number", "the gap allowed, in m²", default: "0")])

    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String { "tolerance \(GeometryParameters.format(tolerance))" }

    func compare(_ comparison: Comparison) -> [GeometryRun.Output]? {
        comparison.run.gaps(
            comparison.data, comparison.source, comparison.operations, tolerance: tolerance, rule: comparison.rule)
    }
}
