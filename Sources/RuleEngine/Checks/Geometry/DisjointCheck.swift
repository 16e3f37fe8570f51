/// `disjoint`: no overlap with the shapes of another layer beyond `tolerance` m².
struct DisjointCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "disjoint",
        summary: LocalizedText(zh: "多边形与另一图层的要素重叠", en: "A polygon overlaps a feature of another layer."),
        message: LocalizedText(
            zh: "与 {target} 记录 {other} 重叠，面积 {area}", en: "overlaps {target} record {other} over an area of {area}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the layer it must not overlap"),
            CheckParameter("tolerance", "number", "the overlap allowed, in m²", default: "0"),
        ])

    var layer: String
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        Self(layer: try parameters.otherLayer().name, tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String { "layer \(layer), tolerance \(GeometryParameters.format(tolerance))" }
    var otherLayer: String? { layer }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let made = comparison.outputs
        guard let target = comparison.target(layer) else { return nil }
        let targets = target.records
        let (other, tolerance) = (layer, tolerance)
        return comparison.overlays(with: target) {
            session, a, i, hits, shapes, overlay in
            // one finding per feature of the other layer that this shape overlaps, with the overlap
            hits.indices.compactMap { k -> GeometryOutput? in
                guard overlay.areas[k] > tolerance else { return nil }
                let relation = session.relation(of: a, and: shapes[k].geometry)
                return made.output(
                    record: i,
                    [
                        "area": GeometryFormat.number(overlay.areas[k]), "target": other,
                        "other": "\(targets.records[hits[k]])",
                    ], geometry: GeometryFormat.combined(relation.overlap), exact: !relation.overlap.isEmpty)
            }
        }
    }
}
