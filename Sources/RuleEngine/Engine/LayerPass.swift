import Dispatch
import Foundation

extension Engine {
    /// Records between two progress calls.
    public static let progressInterval = 1000
    /// Records per chunk of record checks.
    static let evaluationChunk = 2048
    /// Groups of record checks run side by side: two per core, so that the threads share out unequal
    /// groups, the cross-layer bookkeeping and the chunk's geometry slices evenly.
    static let evaluationSlices = max(1, min(2 * ProcessInfo.processInfo.activeProcessorCount, 8))
    /// Slices of a chunk's per-record geometry checks, run beside the record checks.
    static let geometrySlices = 8

    /// Drives every rule of one layer through its records.
    func run(
        _ rules: [Rule], over layer: any Layer, spec: LayerSpec, into tally: inout Tally, cross: inout CrossLayerRun,
        shapes: inout GeometryRun, decodingEveryField: Bool, progress: (String, Int, Int) -> Void
    ) {
        var running: [RunningCheck] = []
        for rule in rules {
            do {
                running.append(RunningCheck(rule: rule, check: try rule.check.makeCheck(rule: rule)))
            } catch {
                tally.error(rule.id)
            }
        }
        let schema = layer.schema
        let keyColumn = spec.key.flatMap { schema.index(of: $0) }
        // binding to the schema notes the fields and whether shapes are read (see ReadUsage)
        let usage = ReadUsage()
        ReadUsage.$current.withValue(usage) {
            cross.begin(layer: spec.name, schema: schema)
            shapes.begin(layer: layer, spec: spec, into: &tally)
            for index in running.indices {
                running[index].begin(schema, records: layer.recordCount)
            }
        }
        var lazyShapes = LazyShapes(layer: layer)
        for index in running.indices {
            flush(&running[index], layer: layer, record: nil, keyColumn: nil, shapes: &lazyShapes, into: &tally)
        }
        var columns: [Bool]? = nil
        if !decodingEveryField {
            var mask = usage.mask(count: schema.fields.count)
            if let keyColumn { mask[keyColumn] = true }
            columns = mask
        }
        // without a scanned extent the shapes are read for the layer's extent in the report
        let readsShapes =
            schema.geometryType != nil && (usage.shapes || shapes.readsShapes || layer.scannedExtent == nil)
        lazyShapes.readsShapes = readsShapes
        // the reader's scan already went over every vertex: its extent is the layer's, read shapes or not
        let scannedExtent = schema.geometryType != nil ? layer.scannedExtent.flatMap(Envelope.init(box:)) : nil
        if let scannedExtent { tally.setExtent(layer, scannedExtent) }
        var count = 0
        // Record checks run on chunks of records, their checks split into groups that run on all cores
        // (each check sees every record, in order, on one thread); the cross-layer bookkeeping and the
        // chunk's per-record geometry checks run beside them, all as tasks of one `perform`. Geometry results
        // and defects are then flushed on this thread, check by check, in record order.
        let groups = CheckGroup.split(
            running.indices.filter { running[$0].applies && !running[$0].isSchemaLevel }, of: running,
            into: Self.evaluationSlices)
        let crossBox = UncheckedBox(cross)
        cross = CrossLayerRun(rules: [])
        let observesCross = crossBox.value.observes(spec.name)
        let keyName = keyColumn.map { schema.fields[$0].name }
        var chunk: [Record] = []
        chunk.reserveCapacity(Self.evaluationChunk)
        func evaluate() {
            guard !chunk.isEmpty else { return }
            let records = chunk
            let geometry = shapes.takeChunk(slices: Self.geometrySlices)
            // the longest task first: the cross-layer bookkeeping, then the check groups, then geometry slices
            let crossTasks = observesCross ? 1 : 0
            let tasks = crossTasks + groups.count + (geometry?.sliceCount ?? 0)
            let (layerName, layerFile, instanceName) = (spec.name, layer.file, layer.name)
            let work: @Sendable (Int) -> Void = { task in
                if task >= crossTasks + groups.count {
                    geometry?.run(slice: task - crossTasks - groups.count)
                } else if task >= crossTasks {
                    groups[task - crossTasks].inspect(records)
                } else {
                    for record in records {
                        let key = keyColumn.flatMap { column in
                            record[column].map { FeatureKey(field: keyName ?? "", value: $0) }
                        }
                        crossBox.value.observe(
                            layer: layerName, record: record,
                            location: Location(file: layerFile, layer: instanceName, record: record.number), key: key)
                    }
                }
            }
            if tasks > 1 {
                EngineThreads.perform(iterations: tasks, work)
            } else if tasks == 1 {
                work(0)
            }
            if let geometry { shapes.commit(geometry, into: &tally) }
            for group in groups {
                for found in group.found {
                    group.checks[found.check].defects = found.defects
                    flush(
                        &group.checks[found.check], layer: layer, record: records[found.position],
                        keyColumn: keyColumn, shapes: &lazyShapes, into: &tally)
                }
                group.found.removeAll(keepingCapacity: true)
            }
            chunk.removeAll(keepingCapacity: true)
        }
        // a reader thread decodes the next records while this one checks the last ones
        let pipe = RecordPipe(layer.records(columns: columns, shapes: readsShapes), chunk: Self.evaluationChunk)
        while let results = pipe.next() {
            for result in results {
                let record: Record
                switch result {
                case .failure(let problem):
                    tally.record(problem.finding)
                    continue
                case .success(let decoded):
                    record = decoded
                }
                count += 1
                if scannedExtent == nil, let geometry = record.geometry { tally.extend(layer, by: geometry) }
                if count % Self.progressInterval == 0 { progress(layer.name, count, layer.recordCount) }
                for problem in record.problems {
                    tally.record(problem)
                }
                shapes.observe(
                    record,
                    key: keyColumn.flatMap { column in
                        record[column].map { FeatureKey(field: schema.fields[column].name, value: $0) }
                    }, into: &tally)
                chunk.append(record)
                if chunk.count >= Self.evaluationChunk { evaluate() }
            }
        }
        evaluate()
        cross = crossBox.value
        for group in groups {
            for (position, index) in group.indices.enumerated() { running[index] = group.checks[position] }
        }
        progress(layer.name, count, layer.recordCount)
        shapes.end(layer: layer, into: &tally)
        for index in running.indices {
            running[index].end()
            flush(&running[index], layer: layer, record: nil, keyColumn: nil, shapes: &lazyShapes, into: &tally)
            let rule = running[index].rule
            if !running[index].applies {
                tally.notApplicable(rule.id)
            } else {
                tally.checked(
                    rule.id, running[index].isSchemaLevel ? 1 : running[index].check.checkedCount ?? count)
            }
        }
    }

    /// Reads a layer no field table describes, for the damage its reader finds in the records.
    func readFormatProblems(of layer: any Layer, into tally: inout Tally) {
        for result in layer.records() {
            switch result {
            case .failure(let problem):
                tally.record(problem.finding)
            case .success(let record):
                for problem in record.problems { tally.record(problem) }
            }
        }
    }

    func flush(
        _ running: inout RunningCheck, layer: any Layer, record: Record?, keyColumn: Int?, shapes: inout LazyShapes,
        into tally: inout Tally
    ) {
        for defect in running.defects {
            let location = Location(file: layer.file, layer: layer.name, record: defect.record, field: defect.field)
            var key: FeatureKey?
            var geometry: ErrorGeometry?
            if let record, defect.record == record.number {
                if let keyColumn, let value = record[keyColumn] {
                    key = FeatureKey(field: layer.schema.fields[keyColumn].name, value: value)
                }
                geometry = (record.geometry ?? shapes.shape(record: record.number))
                    .flatMap(ErrorGeometry.representativePoint(of:))
            }
            tally.add(running.rule, defect, at: location, key: key, geometry: geometry)
        }
        running.defects.removeAll(keepingCapacity: true)
    }
}

/// The shapes of a layer read without them, read again one by one for the few records with findings.
struct LazyShapes {
    let layer: any Layer
    var readsShapes = true
    private var reader: (any ShapeReader)?

    init(layer: any Layer) { self.layer = layer }

    /// The record's shape when the pass did not read shapes; nil when it did (the record has it).
    mutating func shape(record: Int) -> Geometry? {
        guard !readsShapes, layer.schema.geometryType != nil else { return nil }
        if reader == nil { reader = layer.shapeReader() }
        return reader?.shape(record: record)
    }
}
