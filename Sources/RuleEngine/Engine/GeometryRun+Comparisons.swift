import Dispatch
import Synchronization

extension GeometryRun: GeometryContext {
    /// Judges the rules that compare records, once every layer has been read: overlaps, neighbours
    /// and gaps within a layer, containment in another layer. Rules that do not keep every core busy by
    /// themselves (`runsBesideOthers`: the gap union, …) start beside the others, so both cores stay busy;
    /// the tally is then told of every rule in rule order, as if they had run one after another.
    func finish(presentLayers: Set<String>, into tally: inout Tally) {
        let steps = rules.indices.map { step(for: $0, presentLayers: presentLayers) }
        let planned = steps.indices.compactMap { index -> (Int, any ComparingGeometryCheck, Comparison)? in
            guard case .compare(let check, let comparison) = steps[index] else { return nil }
            return (index, check, comparison)
        }
        let alone = planned.filter { $0.1.runsBesideOthers }
        let together = planned.filter { !$0.1.runsBesideOthers }
        // lane 0 runs the rules that use every core themselves, one after another; each further lane one
        // rule that runs beside them
        let lanes = (together.isEmpty ? 0 : 1) + alone.count
        let found = Mutex<[Int: [Output]?]>([:])
        EngineThreads.perform(iterations: lanes) { lane in
            let work = together.isEmpty ? [alone[lane]] : lane == 0 ? together : [alone[lane - 1]]
            for (index, check, comparison) in work {
                let outputs = check.compare(comparison)
                found.withLock { $0[index] = .some(outputs) }
            }
        }
        let outputs = found.withLock { $0 }
        for (index, rule) in rules.enumerated() {
            switch steps[index] {
            case .none: continue
            case .notApplicable: tally.notApplicable(rule.id)
            case .error: tally.error(rule.id)
            case .compare(_, let comparison):
                guard let layer = rule.layer, let ruleOutputs = outputs[index] ?? nil else { continue }
                tally.checked(rule.id, comparison.data.records.count)
                for output in ruleOutputs {
                    tally.add(
                        rule, Defect(record: output.record, field: output.field, value: output.value, output.values),
                        at: Location(
                            file: comparison.source.file, layer: layer, record: output.record, field: output.field),
                        key: output.key, geometry: output.geometry, exact: output.exact)
                }
            }
        }
    }

    var threadCount: Int { EngineThreads.limit }

    func perform(iterations: Int, _ body: (Int) -> Void) { EngineThreads.perform(iterations: iterations, body) }

    /// What `finish` does with a rule.
    enum FinishStep {
        case none
        case notApplicable
        case error
        case compare(any ComparingGeometryCheck, Comparison)
    }

    private func step(for index: Int, presentLayers: Set<String>) -> FinishStep {
        let rule = rules[index]
        guard let layer = rule.layer else { return .none }
        guard presentLayers.contains(layer) else { return .notApplicable }
        guard case .geometry(let geometry) = rule.check, let check = geometry.check as? any ComparingGeometryCheck
        else { return .none }
        if let other = check.otherLayer, !presentLayers.contains(other) { return .notApplicable }
        guard let operations, let source = keptLayer(layer), let data = keptData(layer) else {
            return operations == nil ? .error : .notApplicable
        }
        return .compare(
            check,
            Comparison(rule: index, ruleID: rule.id, data: data, source: source, operations: operations, run: self))
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
