import Dispatch
import Synchronization

extension GeometryRun: GeometryContext {
    /// Judges the rules that compare records, once every layer has been read: overlaps, neighbours
    /// and gaps within a layer, containment in another layer.
    func finish(presentLayers: Set<String>, into tally: inout Tally) {
        for (index, rule) in rules.enumerated() {
            guard let layer = rule.layer else { continue }
            guard presentLayers.contains(layer) else {
                tally.notApplicable(rule.id)
                continue
            }
            guard case .geometry(let geometry) = rule.check, let check = geometry.check as? any ComparingGeometryCheck
            else { continue }
            if let other = check.otherLayer, !presentLayers.contains(other) {
                tally.notApplicable(rule.id)
                continue
            }
            guard let operations, let source = keptLayer(layer), let data = keptData(layer) else {
                if operations == nil { tally.error(rule.id) } else { tally.notApplicable(rule.id) }
                continue
            }
            let comparison = Comparison(
                rule: index, ruleID: rule.id, data: data, source: source, operations: operations, run: self)
            guard let outputs = check.compare(comparison) else { continue }
            tally.checked(rule.id, data.records.count)
            for output in outputs {
                tally.add(
                    rule, Defect(record: output.record, field: output.field, value: output.value, output.values),
                    at: Location(file: source.file, layer: layer, record: output.record, field: output.field),
                    key: output.key, geometry: output.geometry, exact: output.exact)
            }
        }
    }

    /// Shapes read by position, the oldest dropped first beyond `capacity`.
    struct ShapeCache {
        let capacity: Int
        private var shapes: [Int: Geometry] = [:]
        /// The interior filter's edges of the shapes kept, built when first asked for (nil: not a polygon).
        private var edges: [Int: InteriorFilter.Edges?] = [:]
        private var order: [Int] = []
        private var head = 0

        init(capacity: Int) {
            self.capacity = capacity
        }

        mutating func shape(_ position: Int, record: Int, from reader: inout any ShapeReader) -> Geometry? {
            if let found = shapes[position] { return found }
            guard let shape = reader.shape(record: record) else { return nil }
            if order.count < capacity {
                order.append(position)
            } else {
                shapes[order[head]] = nil
                edges[order[head]] = nil
                order[head] = position
                head = (head + 1) % capacity
            }
            shapes[position] = shape
            return shape
        }

        /// The edges of a shape `shape(_:record:from:)` has just returned.
        mutating func edges(_ position: Int) -> InteriorFilter.Edges? {
            if let found = edges[position] { return found }
            let built = shapes[position].flatMap(InteriorFilter.Edges.init)
            edges[position] = .some(built)
            return built
        }
    }

    /// One geometry of several polygons.
    static func combined(_ parts: [ErrorGeometry]) -> ErrorGeometry? { GeometryFormat.combined(parts) }

    /// Every pair of records whose envelopes meet (each pair once, i < j) and that `candidates` keeps,
    /// judged by `judge` in parallel over slices of i; results come back in record order. Shapes are
    /// read only for the pairs kept.
    func pairs(
        _ data: Kept, _ source: any Layer, _ operations: any GeometryOperations,
        candidates keep: @escaping @Sendable (Int, Int) -> Bool = { _, _ in true },
        skippingDisjointInteriors: Bool = false,
        judge: @escaping @Sendable (any GeometrySession, TargetShape, TargetShape, Int, Int) -> Output?
    ) -> [Output] {
        let index = EnvelopeIndex(data.envelopes)
        let count = data.records.count
        let sliceCount = max(1, min(Self.slices, count / 64))
        let results = Mutex<[[Output]]>(Array(repeating: [], count: sliceCount))
        EngineThreads.perform(iterations: sliceCount) { slice in
            let session = operations.makeSession()
            var reader = source.shapeReader()
            // neighbours have nearby record numbers in most layers: keep the last shapes read
            var cache = ShapeCache(capacity: 4096)
            var local: [Output] = []
            for i in (count * slice / sliceCount)..<(count * (slice + 1) / sliceCount) {
                let box = data.envelopes[i]
                guard box.minX <= box.maxX else { continue }
                let candidates = index.query(box).filter { $0 > i && keep(i, $0) }
                guard !candidates.isEmpty, let a = cache.shape(i, record: data.records[i], from: &reader) else {
                    continue
                }
                for j in candidates {
                    guard let b = cache.shape(j, record: data.records[j], from: &reader) else { continue }
                    if skippingDisjointInteriors, let first = cache.edges(i), let second = cache.edges(j),
                        InteriorFilter.interiorsDisjoint(first, second)
                    {
                        continue
                    }
                    if let output = judge(
                        session, TargetShape(id: "#\(i)", geometry: a), TargetShape(id: "#\(j)", geometry: b), i, j)
                    {
                        local.append(output)
                    }
                }
            }
            results.withLock { $0[slice] = local }
        }
        return results.withLock { $0 }.flatMap { $0 }
    }

    /// Each record laid over the records of another layer whose envelopes meet its own.
    func overlays(
        _ data: Kept, _ source: any Layer, _ targets: Kept, _ targetSource: any Layer,
        _ operations: any GeometryOperations,
        judge: @escaping @Sendable (any GeometrySession, Geometry, Int, [Int], [TargetShape], Overlay) -> [Output]
    ) -> [Output] {
        let index = EnvelopeIndex(targets.envelopes)
        let count = data.records.count
        let sliceCount = max(1, min(Self.slices, count / 64))
        let results = Mutex<[[Output]]>(Array(repeating: [], count: sliceCount))
        EngineThreads.perform(iterations: sliceCount) { slice in
            let session = operations.makeSession()
            var reader = source.shapeReader()
            var targetReader = targetSource.shapeReader()
            var cache: [Int: Geometry] = [:]
            var local: [Output] = []
            for i in (count * slice / sliceCount)..<(count * (slice + 1) / sliceCount) {
                let box = data.envelopes[i]
                guard box.minX <= box.maxX, let a = reader.shape(record: data.records[i]) else { continue }
                let hits = index.query(box)
                var shapes: [TargetShape] = []
                var kept: [Int] = []
                for hit in hits {
                    if cache[hit] == nil { cache[hit] = targetReader.shape(record: targets.records[hit]) }
                    guard let shape = cache[hit] else { continue }
                    shapes.append(TargetShape(id: "\(targetSource.name)#\(targets.records[hit])", geometry: shape))
                    kept.append(hit)
                }
                let overlay = session.overlay(a, on: shapes)
                local += judge(session, a, i, kept, shapes, overlay)
            }
            results.withLock { $0[slice] = local }
        }
        return results.withLock { $0 }.flatMap { $0 }
    }
}
