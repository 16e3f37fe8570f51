/// `no-overlap`: two polygons of a layer overlap by more than `tolerance` m².
struct NoOverlapCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-overlap",
        summary: LocalizedText(zh: "同一图层的两个多边形重叠", en: "Two polygons of a layer overlap."),
        message: LocalizedText(
            zh: "与记录 {other} 重叠，面积 {area}", en: "overlaps record {other} over an area of {area}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("tolerance", "number", "the overlap allowed, in m²", default: "0")])

    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String { "tolerance \(GeometryParameters.format(tolerance))" }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let made = comparison.outputs
        let tolerance = tolerance
        // neighbours that only share edges are settled without GEOS
        return comparison.run.pairs(
            comparison.data, comparison.source, comparison.operations, candidates: { _, _ in true },
            skippingDisjointInteriors: true
        ) {
            session, a, b, i, j in
            let relation = session.relation(of: a, and: b)
            guard relation.interiorsOverlap, relation.overlapArea > tolerance else { return nil }
            return made.output(
                record: i, ["other": "\(made.data.records[j])", "area": GeometryFormat.number(relation.overlapArea)],
                geometry: GeometryFormat.combined(relation.overlap), exact: !relation.overlap.isEmpty)
        }
    }
}
