/// `no-line-overlap`: two lines of a layer run along each other (a stretch longer than `tolerance` m
/// on both); touching or crossing at a point is not an overlap.
struct NoLineOverlapCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "no-line-overlap",
        summary: LocalizedText(zh: "同一图层的两条线相互重叠", en: "Two lines of a layer overlap."),
        message: LocalizedText(
            zh: "与记录 {other} 重叠，重叠长度 {length}", en: "runs along record {other} for a length of {length}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter(
                "tolerance", "number",
                "how far apart, in metres, two stretches may lie and still be one; shorter shared stretches are ignored",
                default: "0.01")
        ])

    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(tolerance: try parameters.number("tolerance", default: 0.01))
    }

    var parameterText: String { "tolerance \(GeometryParameters.format(tolerance))" }
    var isMetric: Bool { true }
    var needsLibrary: Bool { false }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let made = comparison.outputs
        let tolerance = tolerance
        // the envelopes of lines meeting at a node meet, so the pair search finds every candidate
        return comparison.run.pairs(
            comparison.data, comparison.source, comparison.operations, candidates: { _, _ in true },
            skippingDisjointInteriors: false
        ) {
            _, a, b, i, j in
            let others = LineStretches.segments(b.geometry).flatMap { $0 }
            let shared = LineStretches.stretches(
                of: LineStretches.segments(a.geometry), tolerance: tolerance, inverted: false
            ) { segment in
                others.compactMap { LineStretches.shared(segment, $0, tolerance: tolerance) }
            }
            guard shared.length > tolerance, let first = shared.pieces.first else { return nil }
            // the first shared stretch as error geometry; the summed length in the message
            return made.output(
                record: i, ["other": "\(made.data.records[j])", "length": GeometryFormat.number(shared.length)],
                geometry: LineStretches.lineString(first), exact: true)
        }
    }
}
