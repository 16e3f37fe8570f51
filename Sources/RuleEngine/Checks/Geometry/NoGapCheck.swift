/// `no-gap`: a hole of more than `tolerance` m² in the union of a layer's polygons, each reported at the
/// first record whose envelope meets it.
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

    /// Features per tile of the gap rule's union (a defect in a tile sends only that tile, and the few
    /// merges above it, to the general union).
    static let tileSize = 1_000

    /// Runs in a lane of its own, beside the comparisons that use every core.
    var runsBesideOthers: Bool { true }

    /// The holes of the layer's union, each reported at the first record whose envelope meets it.
    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let (data, source, operations, rule) = (
            comparison.data, comparison.source, comparison.operations, comparison.rule
        )
        // the union is taken tile by tile (features by the centre of their envelope on a square grid),
        // then tiles four by four, so that memory holds one tile's shapes, not the layer's
        let present = data.envelopes.indices.filter { data.envelopes[$0].minX.isFinite }
        let side = max(1, Int((Double(present.count) / Double(Self.tileSize)).squareRoot().rounded(.up)))
        var tiles = Array(repeating: [Int](), count: side * side)
        if let first = present.first {
            var box = data.envelopes[first]
            for position in present { box = box.union(data.envelopes[position]) }
            let width = max(box.maxX - box.minX, .leastNonzeroMagnitude)
            let height = max(box.maxY - box.minY, .leastNonzeroMagnitude)
            for position in present {
                let e = data.envelopes[position]
                let x = ((e.minX + e.maxX) / 2 - box.minX) / width
                let y = ((e.minY + e.maxY) / 2 - box.minY) / height
                let column = min(side - 1, max(0, Int(x * Double(side))))
                let row = min(side - 1, max(0, Int(y * Double(side))))
                tiles[row * side + column].append(position)
            }
        }
        let session = operations.makeSession()
        let index = EnvelopeIndex(data.envelopes)
        var outputs: [GeometryOutput] = []
        // the unions of each level run on every core; each thread reads its tiles' shapes itself
        let run = comparison.run
        let holes = session.holes(
            inUnionOfGrid: side, workers: run.threadCount,
            perform: { workers, body in run.perform(iterations: workers, body) },
            tiles: {
                var reader = source.shapeReader()
                return { tile in tiles[tile].compactMap { reader.shape(record: data.records[$0]) } }
            })
        for hole in holes {
            guard case .polygon(let rings) = hole, let ring = rings.first else { continue }
            var twice = 0.0
            for (a, b) in zip(ring, ring.dropFirst()) { twice += a[0] * b[1] - b[0] * a[1] }
            let area = abs(twice) / 2
            guard area > tolerance else { continue }
            let xs = ring.map { $0[0] }
            let ys = ring.map { $0[1] }
            let box = Envelope(minX: xs.min()!, minY: ys.min()!, maxX: xs.max()!, maxY: ys.max()!)
            let first = index.query(box).first
            outputs.append(
                GeometryOutput(
                    rule: rule, record: first.map { data.records[$0] }, field: nil, value: nil,
                    values: ["area": GeometryFormat.number(area)], geometry: hole, exact: true,
                    key: first.flatMap { data.keys[$0] }))
        }
        return outputs
    }
}
