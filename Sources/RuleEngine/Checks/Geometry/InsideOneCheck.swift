/// `inside-one`: inside exactly one shape of another layer, whose `match` fields agree.
struct InsideOneCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "inside-one",
        summary: LocalizedText(
            zh: "多边形不恰好位于另一图层的一个要素内，或与该要素属性不一致",
            en: "A polygon is not inside exactly one feature of another layer, or disagrees with it."),
        message: LocalizedText(zh: "{problem_zh}", en: "{problem}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the layer one of whose features must contain it"),
            CheckParameter(
                "match", "{field: field}",
                "fields of this layer and the fields of the containing feature they must equal",
                default: "none"),
            CheckParameter(
                "tolerance", "number", "the area allowed outside or in a second feature, in m²", default: "0"),
        ])

    var layer: String
    var match: [FieldPair]
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        let target = try parameters.otherLayer()
        var pairs: [FieldPair] = []
        if var match = try parameters.map.mapping("match") {
            for original in match.keys {
                let other = try match.requireString(original)
                pairs.append(
                    FieldPair(field: try parameters.field(original), target: try parameters.field(other, in: target)))
            }
            try match.finish()
        }
        return Self(layer: target.name, match: pairs, tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String {
        "layer \(layer), match " + match.map { "\($0.field) = \(layer).\($0.target)" }.joined(separator: ", ")
            + ", tolerance \(GeometryParameters.format(tolerance))"
    }
    var otherLayer: String? { layer }
    func keptFields(ownLayer: Bool) -> [String] { match.map { ownLayer ? $0.field : $0.target } }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        guard let target = comparison.target(layer) else { return nil }
        let targets = target.records
        let made = comparison.outputs
        let (other, match, tolerance) = (layer, match, tolerance)
        let ownValues = comparison.data.values[comparison.ruleID] ?? []
        let targetValues = targets.values[comparison.ruleID] ?? []
        // a value no target has is an unknown code: the reference rule's finding, not this one's
        let known = match.indices.map { position in Set(targetValues.compactMap { $0[position] }) }
        return comparison.overlays(with: target) {
            session, a, i, hits, shapes, overlay in
            let inside = hits.indices.filter { overlay.areas[$0] > tolerance }
            func output(
                _ problem: String, _ problemZh: String, _ geometry: ErrorGeometry?, field: String? = nil,
                value: String? = nil
            ) -> GeometryOutput {
                made.output(
                    record: i, field: field, value: value,
                    ["problem": problem, "problem_zh": problemZh, "target": other],
                    geometry: geometry ?? ErrorGeometry.representativePoint(of: a), exact: geometry != nil)
            }
            if inside.isEmpty {
                return [output("lies in no \(other) feature", "不在任何 \(other) 要素内", a.polygonGeometry)]
            }
            if inside.count > 1 || overlay.outsideArea > tolerance {
                let best = inside.max { overlay.areas[$0] < overlay.areas[$1] } ?? inside[0]
                let target = hits[best]
                let rest = session.overlay(a, on: [shapes[best]])
                let names = inside.map { "\(other)#\(targets.records[hits[$0]])" }.joined(separator: ", ")
                return [
                    output(
                        "crosses the boundary of \(other)#\(targets.records[target]): an area of "
                            + "\(GeometryFormat.number(rest.outsideArea)) lies outside it (in \(inside.count > 1 ? names : "no \(other) feature"))",
                        "跨越 \(other)#\(targets.records[target]) 的边界：有面积 \(GeometryFormat.number(rest.outsideArea)) 位于其外",
                        GeometryFormat.combined(rest.outside))
                ]
            }
            let target = hits[inside[0]]
            var found: [GeometryOutput] = []
            for (position, pair) in match.enumerated() {
                let own = i < ownValues.count ? ownValues[i][position] : nil
                let theirs = target < targetValues.count ? targetValues[target][position] : nil
                guard own != theirs, let own, known[position].contains(own) else { continue }
                found.append(
                    output(
                        "\(pair.field) '\(own)' differs from the \(pair.target) '\(theirs ?? "")' of "
                            + "\(other)#\(targets.records[target]), which contains it",
                        "\(pair.field) '\(own)' 与所在的 \(other)#\(targets.records[target]) 的 \(pair.target) '\(theirs ?? "")' 不一致",
                        nil, field: pair.field, value: own))
            }
            return found
        }
    }
}
