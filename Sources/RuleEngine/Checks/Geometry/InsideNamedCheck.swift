/// `inside-named`: a point lies in the feature of another layer that its `match` fields name (a hazard
/// point in the township or village its 乡镇 and 村 columns give). The test is on the point itself
/// (the first vertex of a line or polygon), even-odd over every ring of the candidate features.
struct InsideNamedCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "inside-named",
        summary: LocalizedText(
            zh: "点不在其属性所指的另一图层要素内", en: "A point is not inside the feature of another layer it names."),
        message: LocalizedText(zh: "{problem_zh}", en: "{problem}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the layer whose features the points name"),
            CheckParameter(
                "match", "{field: field}",
                "fields of this layer and the fields of the other layer's feature they name (all must equal)"),
        ])

    var layer: String
    var match: [FieldPair]

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        let target = try parameters.otherLayer()
        guard var map = try parameters.map.mapping("match") else {
            throw RulePackError(.missingKey("match (required by check inside-named)"), at: parameters.map.location)
        }
        var pairs: [FieldPair] = []
        for original in map.keys {
            let other = try map.requireString(original)
            pairs.append(
                FieldPair(field: try parameters.field(original), target: try parameters.field(other, in: target)))
        }
        try map.finish()
        guard !pairs.isEmpty else {
            throw RulePackError(.missingKey("match (at least one field)"), at: parameters.map.location)
        }
        return Self(layer: target.name, match: pairs)
    }

    var parameterText: String {
        "layer \(layer), match " + match.map { "\($0.field) = \(layer).\($0.target)" }.joined(separator: ", ")
    }
    var otherLayer: String? { layer }
    func keptFields(ownLayer: Bool) -> [String] { match.map { ownLayer ? $0.field : $0.target } }

    /// Runs in a lane of its own, beside the comparisons that use every core.
    var runsBesideOthers: Bool { true }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        guard let target = comparison.target(layer) else { return nil }
        let (targets, targetSource) = target
        let made = comparison.outputs
        let ownValues = comparison.data.values[comparison.ruleID] ?? []
        let targetValues = targets.values[comparison.ruleID] ?? []
        let index = EnvelopeIndex(targets.envelopes)
        var reader = comparison.source.shapeReader()
        var targetReader = targetSource.shapeReader()
        var shapes: [Int: Geometry] = [:]
        func shape(_ hit: Int) -> Geometry? {
            if let found = shapes[hit] { return found }
            let read = targetReader.shape(record: targets.records[hit])
            shapes[hit] = read
            return read
        }
        func describe(_ values: [String?]) -> String {
            zip(match, values).map { "\($0.field) '\($1 ?? "")'" }.joined(separator: ", ")
        }
        func name(_ hit: Int) -> String {
            let values = hit < targetValues.count ? targetValues[hit] : []
            let named = zip(match, values).map { "\($0.target) '\($1 ?? "")'" }.joined(separator: ", ")
            return "\(layer)#\(targets.records[hit]) (\(named))"
        }
        var outputs: [GeometryOutput] = []
        for i in comparison.data.records.indices {
            let values = i < ownValues.count ? ownValues[i] : []
            // a blank name is the value-missing rule's finding
            guard values.count == match.count, values.allSatisfy({ $0 != nil }),
                let point = reader.shape(record: comparison.data.records[i]), point.vertexCount > 0
            else { continue }
            let (x, y) = (point.xy[0], point.xy[1])
            let containing = index.query(Envelope(minX: x, minY: y, maxX: x, maxY: y)).filter { hit in
                shape(hit).map { Self.contains($0, x: x, y: y) } ?? false
            }.sorted()
            if containing.contains(where: { targetValues.indices.contains($0) && targetValues[$0] == values }) {
                continue
            }
            let named = targetValues.indices.filter { targetValues[$0] == values }
            let place =
                containing.isEmpty
                ? ("it lies in no \(layer) feature", "不在任何 \(layer) 要素内")
                : (
                    "it lies in " + containing.map(name).joined(separator: ", "),
                    "实际位于 " + containing.map(name).joined(separator: "、")
                )
            let problem: (String, String) =
                named.isEmpty
                ? (
                    "\(describe(values)) names no \(layer) feature; \(place.0)",
                    "\(describe(values)) 在 \(layer) 中不存在；\(place.1)"
                )
                : (
                    "lies outside \(named.map(name).joined(separator: ", ")), which \(describe(values)) names; \(place.0)",
                    "不在 \(describe(values)) 所指的 \(named.map(name).joined(separator: "、")) 内；\(place.1)"
                )
            outputs.append(
                made.output(
                    record: i, field: match[0].field, value: values[0],
                    ["problem": problem.0, "problem_zh": problem.1, "target": layer],
                    geometry: .point(x: x, y: y), exact: false))
        }
        return outputs
    }

    /// Even-odd over every ring of every part: inside a shell and not in its holes.
    static func contains(_ shape: Geometry, x: Double, y: Double) -> Bool {
        guard shape.kind == .polygon else { return false }
        var inside = false
        for part in 0..<shape.partCount {
            let range = shape.partRange(part)
            guard range.count >= 3 else { continue }
            var j = range.upperBound - 1
            for k in range {
                let (xi, yi) = (shape.xy[2 * k], shape.xy[2 * k + 1])
                let (xj, yj) = (shape.xy[2 * j], shape.xy[2 * j + 1])
                if (yi > y) != (yj > y), x < (xj - xi) * (y - yi) / (yj - yi) + xi { inside.toggle() }
                j = k
            }
        }
        return inside
    }
}
