/// `within`: covered by the shapes of another layer, within `tolerance` m².
struct WithinCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "within",
        summary: LocalizedText(zh: "多边形超出另一图层的范围", en: "A polygon extends outside another layer."),
        message: LocalizedText(zh: "有面积 {area} 位于 {target} 之外", en: "an area of {area} lies outside {target}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the layer that must cover it"),
            CheckParameter("tolerance", "number", "the area allowed outside, in m²", default: "0"),
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
        let (other, tolerance) = (layer, tolerance)
        return comparison.overlays(with: target) {
            session, a, i, hits, shapes, overlay in
            guard overlay.outsideArea > tolerance else { return [] }
            return [
                made.output(
                    record: i, ["area": GeometryFormat.number(overlay.outsideArea), "target": other],
                    geometry: GeometryFormat.combined(overlay.outside), exact: !overlay.outside.isEmpty)
            ]
        }
    }
}
