import Dispatch
import Foundation

/// Runs a standard's rules over a submission: one streaming pass per layer drives every check.
public struct Engine: Sendable {
    /// The standard as loaded, every rule included (deselected ones are reported as skipped).
    public var standard: Standard
    public var selection: RuleSelection
    /// How the standard was chosen: `given`, or `detected` with a reason.
    public var choice: (how: String, reason: String?)
    /// Computational geometry for the `geometry:` and `crs:` rules (GEOS and PROJ, from Formats);
    /// without it those rules are reported as not evaluated.
    public var geometry: (any GeometryOperations)?
    /// Evaluates XPath rules; without one, they are reported as not applicable.
    public var xpathEvaluator: (any XPathEvaluator)?
    /// Transforms extents to longitude/latitude for metadata extent rules; without one they are not applicable.
    public var geographic: (any GeographicTransformer)?
    /// The dataset the submission updates (`--base`): its layers are `base.<LAYER>` to the cross-layer
    /// rules. Without it, the rules that name a base layer are not applicable.
    public var base: Submission?

    public init(standard: Standard, selection: RuleSelection = .init(), choice: (String, String?) = ("given", nil)) {
        var rules = standard.rules
        for index in rules.indices {
            if let level = selection.severity[rules[index].id], let severity = Severity(rawValue: level) {
                rules[index].severity = severity
            }
        }
        self.standard = standard.replacing(rules: rules)
        self.selection = selection
        self.choice = choice
    }

    /// Checks a submission and builds the report. Findings and rules come out sorted, so the same
    /// input gives the same report.
    ///
    /// `maxFindingsPerRule` caps the JSON report's sample (0: no cap); `progress` is called with the
    /// layer name and the records read so far, every `progressInterval` records and at the end of a layer.
    public func check(
        _ submission: Submission, tool: ConformanceReport.Tool, failOn: String, maxFindingsPerRule: Int = 0,
        progress: (_ layer: String, _ records: Int, _ total: Int) -> Void = { _, _, _ in }
    ) -> ConformanceReport {
        var tally = Tally(rules: standard.rules)
        let skipped = Set(standard.rules.map(\.id).filter(selection.skips))
        for id in skipped { tally.skip(id) }
        let standard = self.standard.replacing(rules: self.standard.rules.filter { !skipped.contains($0.id) })

        for finding in submission.findings {
            tally.record(finding)
        }
        for rule in standard.rules {
            if case .format = rule.check { tally.checked(rule.id, submission.layers.count) }
        }

        // these format rules judge every field's bytes, so with any of them on every field is decoded
        let decodesEveryField = standard.rules.contains { rule in
            if case .format(let defect) = rule.check {
                return [.textUndecodable, .numberUnparsable, .dateInvalid].contains(defect)
            }
            return false
        }
        var matched = Set<String>()
        let datasets = Datasets(submission.layers, described: standard.layers.map(\.name))
        var crosses = datasets.keys.map { _ in CrossLayerRun(rules: standard.rules.filter { $0.check.isCrossLayer }) }
        // without a geometry service the geometry and CRS rules cannot be evaluated: said, not skipped
        let geometryRules = standard.rules.filter { $0.check.isGeometry }
        if geometry == nil { for rule in geometryRules { tally.error(rule.id) } }
        var shapes = datasets.keys.map { _ in
            GeometryRun(rules: geometry == nil ? [] : geometryRules, operations: geometry)
        }
        // the base is read first, so a value repeated in the submission is reported there, not in the base
        let basePresent = base.map { feedBase($0, into: &crosses, standard: standard, tally: &tally) } ?? []
        for spec in standard.layers {
            let rules = standard.rules.filter {
                $0.layer == spec.name && !$0.check.isCrossLayer && !$0.check.isGeometry
            }
            let instances = datasets.instances(of: spec.name)
            guard !instances.isEmpty else {
                for rule in rules {
                    if case .layerMissing = rule.check {
                        tally.checked(rule.id, 1)
                        tally.add(
                            rule, Defect(["layer": spec.name, "title": spec.title.en, "title_zh": spec.title.zh]),
                            at: Location(file: ".", layer: spec.name), key: nil)
                    } else {
                        tally.notApplicable(rule.id)
                    }
                }
                continue
            }
            for rule in rules where rule.check.isLayerMissing {
                tally.checked(rule.id, 1)
            }
            // every instance of the layer, in file order: each file's records are checked and located in it
            for layer in instances {
                matched.insert(layer.name)
                let dataset = datasets.index(of: layer)
                run(
                    rules.filter { !$0.check.isLayerMissing }, over: layer, spec: spec, into: &tally,
                    cross: &crosses[dataset], shapes: &shapes[dataset], decodingEveryField: decodesEveryField,
                    progress: progress)
            }
        }
        for index in datasets.keys.indices {
            let present = datasets.present(in: index).union(basePresent)
            shapes[index].finish(presentLayers: present, into: &tally)
            crosses[index].finish(presentLayers: present, into: &tally)
        }

        for layer in submission.layers where !matched.contains(layer.name) {
            readFormatProblems(of: layer, into: &tally)
        }
        runDocumentRules(standard.rules, over: submission, into: &tally)

        if let unknownRule = standard.rules.first(where: { $0.id == "layer-unknown" }) {
            tally.checked(unknownRule.id, submission.layers.count)
            for layer in submission.layers where !matched.contains(layer.name) {
                tally.add(
                    unknownRule, Defect(["layer": layer.name]), at: Location(file: layer.file, layer: layer.name),
                    key: nil)
            }
        }

        // a rule that compares the submission's layers with the base's cannot be evaluated without --base:
        // when its own layers are here, the run is not a pass (NOT CHECKED); otherwise it does not apply
        let baseRules = base == nil ? standard.rules.filter(BaseLayers.needed) : []
        for rule in baseRules {
            let own = ([rule.layer].compactMap { $0 } + CrossLayerRun.involvedLayers(rule)).filter {
                !$0.isEmpty && !BaseLayers.names($0)
            }
            if !own.isEmpty, own.allSatisfy(matched.contains) { tally.error(rule.id) }
        }
        checkCoverage(of: submission, standard: standard, matched: matched, into: &tally)

        var report = tally.report(
            standard: standard, submission: submission, tool: tool,
            options: .init(
                failOn: failOn, maxFindingsPerRule: maxFindingsPerRule, rules: selection.isEmpty ? nil : selection),
            choice: choice,
            layerMatch: { name in standard.layers.first { $0.name.uppercased() == name.uppercased() }?.name })
        if !baseRules.isEmpty { report.rulesNeedingBase = baseRules.count }
        return report
    }

    /// Says when nothing of the standard could be read: an empty submission (`submission-empty`), or no
    /// member read as a layer, table or document of the standard (`submission-no-data`). Either makes
    /// the verdict NOT CHECKED.
    private func checkCoverage(
        of submission: Submission, standard: Standard, matched: Set<String>, into tally: inout Tally
    ) {
        func rule(_ defect: FormatDefect) -> Rule? { standard.rules.first { $0.id == defect.rawValue } }
        // a reader that said why nothing was read has said it; "no file" would be wrong then
        let readerSaid = submission.findings.contains { FormatDefect.coverageChecks.contains($0.defect.rawValue) }
        if let empty = rule(.submissionEmpty) {
            tally.checked(empty.id, 1)
            if submission.files.isEmpty && submission.layers.isEmpty && !readerSaid {
                tally.add(empty, Defect(), at: Location(file: "."), key: nil)
                return
            }
        }
        guard let noData = rule(.submissionNoData) else { return }
        tally.checked(noData.id, 1)
        let documents = Self.documents(of: submission)
        let documentRules =
            !standard.documentSchemas.isEmpty
            || standard.rules.contains { rule in
                switch rule.check {
                case .xpath, .metadata: true
                default: false
                }
            }
        // a standard of documents alone (XSD validation, message packs) is not applied by reading a layer
        let layersRead =
            standard.layers.isEmpty
            ? standard.documentSchemas.isEmpty && !submission.layers.isEmpty : !matched.isEmpty
        let documentsRead = !documents.isEmpty && (standard.layers.isEmpty || documentRules)
        guard !layersRead && !documentsRead else { return }
        let reason: String
        if !submission.layers.isEmpty {
            let names = Array(Set(submission.layers.map(\.name))).sorted()
            reason =
                "its layers \(names.joined(separator: ", ")) are none of the standard's "
                + "(\(standard.layers.map(\.name).joined(separator: ", ")))"
        } else if submission.files.isEmpty {
            reason = "no file could be read"
        } else {
            reason = "none of its \(submission.files.count) files is a layer, table or document StdCheck reads"
        }
        tally.add(
            noData, Defect(["standard": standard.reference, "reason": reason]), at: Location(file: "."), key: nil)
    }

    /// Runs the package-layout rules over the member list and the XPath rules over each matching XML member.
    private func runDocumentRules(_ rules: [Rule], over submission: Submission, into tally: inout Tally) {
        for rule in rules {
            switch rule.check {
            case .package(let layout):
                tally.checked(rule.id, max(submission.files.count, 1))
                for (location, defect) in layout.defects(in: submission.files.map(\.path)) {
                    var stamped = defect
                    stamped.values["value"] = defect.value
                    tally.add(rule, stamped, at: location, key: nil)
                }
            case .xpath(let xpath):
                let documents = Self.documents(of: submission).filter { xpath.applies(to: $0) }
                guard let evaluator = xpathEvaluator, case let root = submission.root, !documents.isEmpty else {
                    tally.notApplicable(rule.id)
                    continue
                }
                var contexts = 0
                for file in documents {
                    let outcome = evaluator.evaluate(xpath, in: .path(root + "/" + file))
                    if outcome.error != nil { continue }
                    contexts += outcome.contexts
                    for failure in outcome.failures {
                        tally.add(
                            rule,
                            Defect(
                                value: failure.value,
                                [
                                    "xpath": failure.xpath, "assert": xpath.assert, "context": xpath.context,
                                    "value": failure.value,
                                ]),
                            at: Location(file: file, line: failure.line, xpath: failure.xpath), key: nil)
                    }
                }
                tally.checked(rule.id, contexts)
            case .metadata(let metadata):
                runMetadataRule(rule, metadata, over: submission, into: &tally)
            default:
                continue
            }
        }
    }

    /// Compares each matching metadata document's declared value with the data.
    ///
    /// With several instances of the rule's layer (two coordinate files in one package), what is per
    /// file is compared per instance: the value of an expression (the reference system of each file's
    /// header) and the extent (each file's points must lie in the declared box); those findings carry
    /// the instance's file as their key. The record count is the package's: the sum over the instances.
    /// A file name matches when it is the name of any instance.
    private func runMetadataRule(
        _ rule: Rule, _ metadata: MetadataRule, over submission: Submission, into tally: inout Tally
    ) {
        let documents = Self.documents(of: submission).filter { metadata.applies(to: $0) }
        let instances = submission.layers.filter { $0.name == metadata.layer }.sorted { $0.file < $1.file }
        guard let evaluator = xpathEvaluator, case let root = submission.root, !instances.isEmpty else {
            tally.notApplicable(rule.id)
            return
        }
        /// Names the instance in findings, when there is more than one to tell apart.
        func key(_ layer: any Layer) -> FeatureKey? {
            instances.count > 1 ? FeatureKey(field: "file", value: layer.file) : nil
        }
        var checked = 0
        if case .extent = metadata.expected {
            for layer in instances {
                guard let geographic, let epsg = layer.crs?.epsg, let box = metadata.projectedBox(of: layer),
                    let data = geographic.geographicBox(epsg: epsg, box: box)
                else { continue }
                for file in documents {
                    guard let declared = metadata.declaredBox(in: .path(root + "/" + file), evaluator: evaluator)
                    else { continue }
                    checked += 1
                    if !metadata.extentFits(declared: declared.box, data: data) {
                        let shown = { (box: [Double]) in box.map { ValueRange.format($0) }.joined(separator: ", ") }
                        let value = shown(declared.box)
                        tally.add(
                            rule,
                            Defect(
                                value: value,
                                [
                                    "value": value, "actual": shown([data[0], data[2], data[1], data[3]]),
                                    "expected": metadata.expectedText, "xpath": declared.xpath,
                                ]), at: Location(file: file, line: declared.line, xpath: declared.xpath),
                            key: key(layer))
                    }
                }
            }
            if checked == 0 { tally.notApplicable(rule.id) } else { tally.checked(rule.id, checked) }
            return
        }
        // the data side: per instance for an expression, once for the package otherwise
        var sides: [(actual: String, key: FeatureKey?, accepted: [String])] = []
        switch metadata.expected {
        case .recordCount:
            let counts = instances.compactMap { metadata.actual(in: $0).flatMap { Int($0) } }
            let total = String(counts.reduce(0, +))
            sides = [(total, nil, [total])]
        case .fileName:
            let names = instances.compactMap { metadata.actual(in: $0) }
            if !names.isEmpty { sides = [(names.joined(separator: ", "), nil, names)] }
        default:
            for layer in instances {
                if let actual = metadata.actual(in: layer) { sides.append((actual, key(layer), [actual])) }
            }
        }
        for file in documents {
            guard
                let declared = evaluator.value(
                    of: metadata.value, namespaces: metadata.namespaces, in: .path(root + "/" + file))
            else { continue }
            let text = declared.text.trimmingWhitespace()
            for side in sides {
                checked += 1
                if !side.accepted.contains(where: { MetadataRule.same(text, $0) }) {
                    tally.add(
                        rule,
                        Defect(
                            value: text,
                            [
                                "value": text, "actual": side.actual, "expected": metadata.expectedText,
                                "xpath": declared.xpath,
                            ]),
                        at: Location(file: file, line: declared.line, xpath: declared.xpath), key: side.key)
                }
            }
        }
        if checked == 0 { tally.notApplicable(rule.id) } else { tally.checked(rule.id, checked) }
    }

    /// The members read as XML documents: those the reader lists, else every `.xml` member.
    static func documents(of submission: Submission) -> [String] {
        submission.documents ?? submission.files.map(\.path).filter { $0.lowercased().hasSuffix(".xml") }
    }

    /// Drives every rule of one layer through its records.
    /// Records between two progress calls.
    public static let progressInterval = 1000
    /// Records per chunk of record checks.
    static let evaluationChunk = 2048
    /// Groups of record checks run side by side: one per core.
    static let evaluationSlices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    private func run(
        _ rules: [Rule], over layer: any Layer, spec: LayerSpec, into tally: inout Tally, cross: inout CrossLayerRun,
        shapes: inout GeometryRun, decodingEveryField: Bool, progress: (String, Int, Int) -> Void
    ) {
        var running: [RunningCheck] = []
        for rule in rules {
            do {
                running.append(RunningCheck(rule: rule, check: try rule.check.makeCheck(rule: rule, layer: spec)))
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
                running[index].begin(schema)
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
        let scannedExtent = schema.geometryType != nil ? layer.scannedExtent : nil
        if let scannedExtent { tally.setExtent(layer, scannedExtent) }
        var count = 0
        // Record checks run on chunks of records, their checks split into groups that run on all cores
        // (each check sees every record, in order, on one thread); the cross-layer bookkeeping runs beside
        // them. Defects are then flushed on this thread, check by check, in record order.
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
            let tasks = groups.count + (observesCross ? 1 : 0)
            let (layerName, layerFile, instanceName) = (spec.name, layer.file, layer.name)
            let work: @Sendable (Int) -> Void = { task in
                if task < groups.count {
                    groups[task].inspect(records)
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
                DispatchQueue.concurrentPerform(iterations: tasks, execute: work)
            } else if tasks == 1 {
                work(0)
            }
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
    private func readFormatProblems(of layer: any Layer, into tally: inout Tally) {
        for result in layer.records() {
            switch result {
            case .failure(let problem):
                tally.record(problem.finding)
            case .success(let record):
                for problem in record.problems { tally.record(problem) }
            }
        }
    }

    private func flush(
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

/// Records read ahead on a thread of their own, handed over in chunks: decoding the next chunk overlaps
/// checking the last one. At most `depth` chunks wait, so memory stays bounded.
final class RecordPipe: @unchecked Sendable {
    private let lock = NSLock()
    private var ready: [[Result<Record, ReadProblem>]] = []
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore

    init(_ records: any Sequence<Result<Record, ReadProblem>>, chunk: Int, depth: Int = 2) {
        free = DispatchSemaphore(value: depth)
        let source = UncheckedBox(records)
        let thread = Thread { [self] in
            var iterator = source.value.makeIterator()
            var batch: [Result<Record, ReadProblem>] = []
            batch.reserveCapacity(chunk)
            while let result = iterator.next() {
                batch.append(result)
                if batch.count >= chunk {
                    put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { put(batch) }
            // the end: one more signal with nothing behind it
            filled.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    private func put(_ batch: [Result<Record, ReadProblem>]) {
        free.wait()
        lock.withLock { ready.append(batch) }
        filled.signal()
    }

    /// The next chunk in file order; nil after the last.
    func next() -> [Result<Record, ReadProblem>]? {
        filled.wait()
        let batch: [Result<Record, ReadProblem>]? = lock.withLock { ready.isEmpty ? nil : ready.removeFirst() }
        if batch != nil { free.signal() }
        return batch
    }
}

/// A value the engine hands to one concurrent task at a time (a task never shares it with another).
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Record checks evaluated together on one thread, with the defects they found in the current chunk.
final class CheckGroup: @unchecked Sendable {
    /// Positions of the checks in the engine's list.
    let indices: [Int]
    var checks: [RunningCheck]
    /// Defects per check (position in `checks`) and record (position in the chunk), in record order.
    var found: [(check: Int, position: Int, defects: [Defect])] = []

    init(indices: [Int], checks: [RunningCheck]) {
        self.indices = indices
        self.checks = checks
    }

    /// Deals the checks round-robin into at most `count` groups (none when there is no check).
    static func split(_ indices: [Int], of running: [RunningCheck], into count: Int) -> [CheckGroup] {
        let groups = min(count, indices.count)
        guard groups > 0 else { return [] }
        return (0..<groups).map { group in
            let mine = stride(from: group, to: indices.count, by: groups).map { indices[$0] }
            return CheckGroup(indices: mine, checks: mine.map { running[$0] })
        }
    }

    /// Each check over every record of the chunk, check by check.
    func inspect(_ records: [Record]) {
        // records are borrowed from the buffer, not copied (a copy retains every array a record holds)
        records.withUnsafeBufferPointer { buffer in
            for check in checks.indices {
                for position in buffer.indices {
                    checks[check].inspect(buffer[position])
                    if !checks[check].defects.isEmpty {
                        found.append((check, position, checks[check].defects))
                        checks[check].defects.removeAll(keepingCapacity: true)
                    }
                }
            }
        }
    }
}

/// A rule's check with its own defect buffer, so the two are disjoint stored properties.
struct RunningCheck {
    let rule: Rule
    var check: any Check
    var defects: [Defect] = []
    var applies = true

    init(rule: Rule, check: any Check) {
        self.rule = rule
        self.check = check
    }

    var isSchemaLevel: Bool { rule.check.isSchemaLevel }

    mutating func begin(_ schema: LayerSchema) { applies = check.begin(schema, into: &defects) }
    mutating func inspect(_ record: Record) { check.inspect(record, into: &defects) }
    mutating func end() { if applies { check.end(into: &defects) } }
}

extension RuleCheck {
    var isLayerMissing: Bool {
        if case .layerMissing = self { return true }
        return false
    }

    /// Rules decided by the schema alone, counted as one check per layer.
    var isSchemaLevel: Bool {
        switch self {
        case .layerMissing, .layerUnknown, .geometryType, .fieldMissing, .fieldUnexpected, .fieldType, .fieldWidth,
            .format:
            true
        case .valueMissing, .codeUnknown, .pattern, .range, .unique, .nameMatchesCode, .assertion, .reference,
            .uniqueAcross, .aggregate, .geometry, .crs, .xpath, .package, .metadata:
            false
        }
    }

    /// Rules evaluated by `GeometryRun`: geometry and CRS checks.
    var isGeometry: Bool {
        switch self {
        case .geometry, .crs: true
        default: false
        }
    }

    /// Rules the engine evaluates across layers, after every layer's pass.
    var isCrossLayer: Bool {
        switch self {
        case .reference, .uniqueAcross, .aggregate: true
        default: false
        }
    }

    /// A fresh check for one layer.
    func makeCheck(rule: Rule, layer: LayerSpec) throws -> any Check {
        let field = rule.field ?? ""
        switch self {
        case .format, .layerMissing, .layerUnknown, .reference, .uniqueAcross, .aggregate, .geometry, .crs, .xpath,
            .package, .metadata:
            preconditionFailure("the engine raises \(rule.id) itself; it has no per-layer check")
        case .assertion(let assertion): return ExpressionCheck(rule: assertion, field: rule.field)
        case .geometryType(let kind): return GeometryTypeCheck(expected: kind)
        case .fieldMissing:
            return FieldMissingCheck(
                field: field, title: layer.field(field)?.title ?? LocalizedText(zh: field, en: field))
        case .fieldUnexpected(let expected):
            return FieldUnexpectedCheck(expected: Set(expected.map { $0.uppercased() }))
        case .fieldType(let type): return FieldTypeCheck(field: field, expected: type)
        case .fieldWidth(let width, let decimals):
            return FieldWidthCheck(field: field, width: width, decimals: decimals)
        case .valueMissing: return ValueMissingCheck(field: field)
        case .codeUnknown(let list): return CodeUnknownCheck(field: field, list: list)
        case .pattern(let pattern): return try PatternCheck(field: field, pattern: pattern)
        case .range(let range): return RangeCheck(field: field, range: range)
        case .unique: return UniqueValueCheck(field: field)
        case .nameMatchesCode(let codeField, let list):
            return NameMatchesCodeCheck(field: field, codeField: codeField, list: list)
        }
    }
}
