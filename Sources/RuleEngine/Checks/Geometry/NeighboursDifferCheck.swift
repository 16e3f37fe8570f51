/// `neighbours-differ`: neighbours sharing an edge must differ in at least one of `fields`.
struct NeighboursDifferCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "neighbours-differ",
        summary: LocalizedText(
            zh: "相邻多边形属性完全相同，应当合并", en: "Adjacent polygons have identical attributes and should be one."),
        message: LocalizedText(
            zh: "与相邻记录 {other} 的 {fields} 相同", en: "shares {fields} with its neighbour record {other}"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("fields", "[field]", "the fields of which at least one must differ")])

    var fields: [String]

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        var fields: [String] = []
        for name in try parameters.map.strings("fields") ?? [] { fields.append(try parameters.field(name)) }
        guard !fields.isEmpty else { throw RulePackError(.missingKey("fields"), at: parameters.map.location) }
        return Self(fields: fields)
    }

    var parameterText: String { "fields " + fields.joined(separator: ", ") }
    func keptFields(ownLayer: Bool) -> [String] { ownLayer ? fields : [] }
    var hashesKeptValues: Bool { true }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let made = comparison.outputs
        let hashes = comparison.data.hashes[comparison.ruleID] ?? []
        let fields = fields
        // only neighbours with the same values are read and compared
        let same: @Sendable (Int, Int) -> Bool = { i, j in
            i < hashes.count && j < hashes.count && hashes[i] == hashes[j] && hashes[i] != 0
        }
        return comparison.run.pairs(
            comparison.data, comparison.source, comparison.operations, candidates: same,
            skippingDisjointInteriors: false
        ) {
            session, a, b, i, j in
            guard i < hashes.count, j < hashes.count, hashes[i] == hashes[j], hashes[i] != 0 else { return nil }
            let relation = session.relation(of: a, and: b)
            guard relation.shareBoundaryLine, !relation.interiorsOverlap else { return nil }
            return made.output(
                record: i, ["other": "\(made.data.records[j])", "fields": fields.joined(separator: ", ")],
                geometry: ErrorGeometry.representativePoint(of: a.geometry), exact: false)
        }
    }
}
