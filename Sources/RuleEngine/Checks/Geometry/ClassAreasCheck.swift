/// `class-areas`: the area of a polygon on the features of another layer, summed by a class field of
/// that layer (地类 DLBM of the survey's parcels under a farmland patch); classes outside the allowed
/// ones (or, with `among:`, the listed ones) beyond `tolerance` m² are a finding that lists each class
/// and its area.
struct ClassAreasCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "class-areas",
        summary: LocalizedText(
            zh: "多边形压占另一图层的指定类别", en: "A polygon lies on features of another layer of classes it should not."),
        message: LocalizedText(
            zh: "压占 {target} 的 {field} 类别 {classes}，合计 {area}",
            en: "lies on {target} of {field} {classes}: {area} in all"),
        element: .thematicClassificationCorrectness,
        parameters: [
            CheckParameter("layer", "layer", "the other layer, whose features carry the classes"),
            CheckParameter("field", "field", "the class field of the other layer"),
            CheckParameter(
                "allowed", "[text]", "the classes the polygon may lie on: the area on any other class is reported",
                default: "none"),
            CheckParameter(
                "among", "[text]", "instead of allowed: the classes whose area is reported (a group of its own)",
                default: "none"),
            CheckParameter("tolerance", "number", "the area reported classes may cover, in m² (in all)", default: "0"),
        ])

    var layer: String
    var field: String
    /// The classes judged: reported when outside `classes` (`among` false) or inside them (`among` true).
    var classes: Set<String>
    var among: Bool
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        let target = try parameters.otherLayer()
        let field = try parameters.field(try parameters.map.requireString("field"), in: target)
        let allowed = try parameters.map.strings("allowed")
        let among = try parameters.map.strings("among")
        guard (allowed == nil) != (among == nil) else {
            throw RulePackError(
                .missingKey("allowed or among (exactly one, required by check class-areas)"),
                at: parameters.map.location)
        }
        return Self(
            layer: target.name, field: field, classes: Set(allowed ?? among ?? []), among: among != nil,
            tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String {
        "layer \(layer), field \(field), \(among ? "among" : "allowed") \(classes.sorted().joined(separator: " ")), "
            + "tolerance \(GeometryParameters.format(tolerance))"
    }
    var otherLayer: String? { layer }
    func keptFields(ownLayer: Bool) -> [String] { ownLayer ? [] : [field] }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        guard let target = comparison.target(layer) else { return nil }
        let targets = target.records
        let made = comparison.outputs
        let (other, field, classes, among, tolerance) = (layer, field, classes, among, tolerance)
        let values = targets.values[comparison.ruleID] ?? []
        return comparison.overlays(with: target) {
            session, a, i, hits, shapes, overlay in
            var byClass: [String: Double] = [:]
            var pieces: [ErrorGeometry] = []
            for (k, hit) in hits.enumerated() where overlay.areas[k] > 0 {
                // a blank class is a class of its own: the survey's own rules report the blank
                let value = (hit < values.count ? values[hit].first ?? nil : nil) ?? ""
                guard classes.contains(value) == among else { continue }
                byClass[value, default: 0] += overlay.areas[k]
                pieces += session.relation(of: a, and: shapes[k].geometry).overlap
            }
            let total = byClass.values.reduce(0, +)
            guard total > tolerance else { return [] }
            let listed = byClass.sorted { $0.key < $1.key }.map { code, area in
                "\(code.isEmpty ? "(blank)" : code) (\(GeometryFormat.number(area)))"
            }
            return [
                made.output(
                    record: i,
                    [
                        "target": other, "field": field, "classes": listed.joined(separator: ", "),
                        "area": GeometryFormat.number(total),
                    ], geometry: GeometryFormat.combined(pieces), exact: !pieces.isEmpty)
            ]
        }
    }
}
