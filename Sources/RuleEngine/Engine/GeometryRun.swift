import Dispatch
import Foundation
import Synchronization

/// Evaluates the `geometry:` and `crs:` rules.
///
/// Shapes are read once, in the layer's pass: per-record checks run on chunks of records, one chunk
/// slice per core, each slice with its own `GeometrySession`, and their defects are merged in record
/// order. For the checks that compare records (overlaps, neighbours, gaps, containment in another
/// layer) the pass keeps only each record's envelope, key and the few values those rules compare; after
/// the last layer an STR-tree over the envelopes finds candidate pairs, whose shapes are read again by
/// record number.
struct GeometryRun {
    /// Records per chunk of per-record work.
    static let chunkSize = 4096
    /// Parallel slices of a chunk.
    static let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    /// A record waiting for its per-record checks.
    struct Item: Sendable {
        var record: Int
        var geometry: Geometry?
        var key: FeatureKey?
        /// Per check (by position in `perRecord`), the value of its `recordedField`, when numeric; empty
        /// when no check records one.
        var recorded: [Double?]
    }

    typealias Output = GeometryOutput
    typealias Kept = KeptRecords

    let rules: [Rule]
    let operations: (any GeometryOperations)?
    private(set) var kept: [String: Kept] = [:]
    private(set) var layerFiles: [String: any Layer] = [:]

    func keptData(_ layer: String) -> Kept? { kept[layer] }
    func keptLayer(_ layer: String) -> (any Layer)? { layerFiles[layer] }
    /// The dataset the submission updates (`Engine.base`), for the kinds that compare with it.
    var base: Submission?
    func baseLayer(_ layer: String) -> (any Layer)? {
        base?.layers.filter { $0.name == layer }.min { $0.file < $1.file }
    }

    // state of the layer being read
    private var layerName = ""
    private var layerFile = ""
    private var perRecord: [(index: Int, check: any PerRecordGeometryCheck)] = []
    /// Per check of `perRecord`, the column of its `recordedField`; empty when none has one.
    private var recordedColumns: [Int?] = []
    private var keptColumns: [String: [Int?]] = [:]
    private var keepsEnvelopes = false
    private var needsValidity = false
    private var hasShapes = false
    private var epsg: Int?
    private var chunk: [Item] = []
    /// The per-record checks' sessions, one per slice, kept for the whole run.
    private var sessions: SessionPool?
    private var extent: Envelope?
    private var checkedRecords = 0
    private var hasCRSRules = false
    private var hashedRules: Set<String> = []

    init(rules: [Rule], operations: (any GeometryOperations)?) {
        self.rules = rules
        self.operations = operations
    }

    /// The rules of `layer` that compare its records after the pass, or read it as their other layer.
    private func comparing(_ layer: String) -> [Rule] {
        rules.filter { rule in
            guard case .geometry(let geometry) = rule.check else { return false }
            return (rule.layer == layer && !geometry.isPerRecord) || geometry.otherLayer == layer
        }
    }

    /// Whether a comparison reads `layer` (a layer of a supplied dataset, `gtdc.DLTB`, is read only then).
    func compares(_ layer: String) -> Bool { !comparing(layer).isEmpty }

    /// Prepares the pass over one layer.
    mutating func begin(layer: any Layer, spec: LayerSpec, into tally: inout Tally) {
        layerName = spec.name
        layerFile = layer.file
        layerFiles[spec.name] = layer
        chunk = []
        extent = nil
        checkedRecords = 0
        hasShapes = layer.schema.geometryType != nil
        epsg = layer.crs?.epsg
        perRecord = []
        recordedColumns = []
        keptColumns = [:]
        // thresholds in metres mean nothing in degrees: a geographic CRS is the CRS rules' finding
        let geographic =
            layer.crs.map { crs in
                crs.epsg.flatMap { operations?.crsDetails(epsg: $0)?.isGeographic }
                    ?? crs.wkt.uppercased().hasPrefix("GEOG")
            } ?? false
        for (index, rule) in rules.enumerated() where rule.layer == spec.name {
            guard case .geometry(let geometry) = rule.check, let check = geometry.check as? any PerRecordGeometryCheck
            else { continue }
            if geographic, check.isMetric {
                tally.notApplicable(rule.id)
                continue
            }
            if operations == nil, check.needsLibrary {
                tally.error(rule.id)
                continue
            }
            if check.needsEPSG, epsg == nil {
                // without an identified CRS there is no ellipsoid; prj-missing/crs rules say why
                tally.notApplicable(rule.id)
                continue
            }
            perRecord.append((index, check))
        }
        if perRecord.contains(where: { $0.check.recordedField != nil }) {
            recordedColumns = perRecord.map { $0.check.recordedField.flatMap { layer.schema.index(of: $0) } }
        }
        let comparisons = comparing(spec.name)
        keepsEnvelopes = !comparisons.isEmpty && hasShapes
        for rule in comparisons {
            guard case .geometry(let geometry) = rule.check, let check = geometry.check as? any ComparingGeometryCheck
            else { continue }
            let own = rule.layer == spec.name
            if own, check.hashesKeptValues { hashedRules.insert(rule.id) }
            keptColumns[rule.id] = check.keptFields(ownLayer: own).map { layer.schema.index(of: $0) }
        }
        if keepsEnvelopes { kept[spec.name] = Kept() }
        hasCRSRules = rules.contains { rule in
            if case .crs = rule.check { return rule.layer == spec.name }
            return false
        }
        needsValidity = operations != nil && hasShapes && (!perRecord.isEmpty || keepsEnvelopes)
    }

    /// Whether the layer begun last needs its records' shapes in the pass.
    var readsShapes: Bool { needsValidity || !perRecord.isEmpty || keepsEnvelopes || hasCRSRules }

    /// FNV-1a over the values, each preceded by a marker byte (blank or not), so ("ab", "c") ≠ ("a", "bc");
    /// 0 when every value is blank.
    static func hash(_ values: [String?]) -> UInt64 {
        guard values.contains(where: { $0 != nil }) else { return 0 }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for value in values {
            mix(value == nil ? 0 : 1)
            for byte in (value ?? "").utf8 { mix(byte) }
            mix(0xFF)
        }
        return hash == 0 ? 1 : hash
    }

    /// Takes one record of the layer being read.
    mutating func observe(_ record: Record, key: FeatureKey?, into tally: inout Tally) {
        guard needsValidity || !perRecord.isEmpty || keepsEnvelopes || hasCRSRules else { return }
        if let box = record.geometry?.envelope { extent = extent.map { $0.union(box) } ?? box }
        guard needsValidity || !perRecord.isEmpty || keepsEnvelopes else { return }
        if keepsEnvelopes {
            for (id, columns) in keptColumns {
                let values = columns.map { $0.flatMap { record[$0] } }
                if hashedRules.contains(id) {
                    kept[layerName]?.hashes[id, default: []].append(Self.hash(values))
                } else {
                    kept[layerName]?.values[id, default: []].append(values)
                }
            }
        }
        let recorded = recordedColumns.map { column in column.flatMap { record[$0] }.flatMap(Double.init) }
        chunk.append(Item(record: record.number, geometry: record.geometry, key: key, recorded: recorded))
        if chunk.count >= Self.chunkSize { flush(into: &tally) }
    }

    /// Runs the per-record checks of the buffered chunk, in parallel, and records the results in order.
    private mutating func flush(into tally: inout Tally) {
        guard let job = takeChunk(slices: Self.slices) else { return }
        EngineThreads.perform(iterations: job.sliceCount) { job.run(slice: $0) }
        commit(job, into: &tally)
    }

    /// The buffered chunk's per-record checks as a job in up to `slices` slices, which the caller runs on
    /// any threads (beside other work) before handing it to `commit`; nil when nothing is buffered.
    mutating func takeChunk(slices: Int) -> ShapeChunk? {
        guard !chunk.isEmpty else { return nil }
        defer { chunk.removeAll(keepingCapacity: true) }
        if sessions == nil, let operations {
            sessions = SessionPool(operations: operations, count: max(slices, Self.slices))
        }
        return ShapeChunk(
            items: chunk, checks: perRecord.map(\.check), sessions: sessions, validity: needsValidity,
            hasShapes: hasShapes, epsg: epsg, slices: slices)
    }

    /// Records a run chunk's results in record order: its findings, and the envelopes the comparisons keep.
    mutating func commit(_ job: ShapeChunk, into tally: inout Tally) {
        var position = 0
        for entry in job.merged() {
            if let output = entry.0 {
                var mapped = output
                mapped.rule = perRecord[output.rule].index
                add(mapped, file: layerFile, layer: layerName, into: &tally)
            } else {
                let item = job.items[position]
                position += 1
                checkedRecords += 1
                if keepsEnvelopes {
                    // invalid shapes are the validity rule's; comparisons skip them (they stay in place
                    // so the kept values keep their positions)
                    let box =
                        entry.1 ? item.geometry?.envelope : nil
                    kept[layerName]?.records.append(item.record)
                    kept[layerName]?.envelopes.append(
                        box ?? Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity))
                    kept[layerName]?.keys.append(item.key)
                }
            }
        }
    }

    private func add(_ output: Output, file: String, layer: String, into tally: inout Tally) {
        let rule = rules[output.rule]
        tally.add(
            rule,
            Defect(record: output.record, field: output.field, value: output.value, output.values),
            at: Location(file: file, layer: layer, record: output.record, field: output.field), key: output.key,
            geometry: output.geometry, exact: output.exact)
    }

    /// Ends the layer's pass: the last chunk, the counts, and the CRS rules (which need the extent).
    mutating func end(layer: any Layer, into tally: inout Tally) {
        flush(into: &tally)
        for (index, _) in perRecord { tally.checked(rules[index].id, checkedRecords) }
        let crsRules = rules.enumerated().filter { rule in
            if case .crs = rule.element.check, rule.element.layer == layerName { return true }
            return false
        }
        if !crsRules.isEmpty { judgeCRS(crsRules, layer: layer, into: &tally) }
    }

    // MARK: per record

    /// Every per-record check of one record; also says whether the shape counts as valid for comparisons.
    static func inspect(
        _ item: Item, checks: [any PerRecordGeometryCheck], session: (any GeometrySession)?, validity: Bool,
        hasShapes: Bool, epsg: Int?
    ) -> ([Output], Bool) {
        var outputs: [Output] = []
        func report(_ check: Int, _ defect: GeometryDefect) {
            outputs.append(
                Output(
                    rule: check, record: item.record, field: defect.field, value: defect.value, values: defect.values,
                    geometry: defect.geometry ?? item.geometry.flatMap(ErrorGeometry.representativePoint(of:)),
                    exact: defect.exact && defect.geometry != nil, key: item.key))
        }
        guard let geometry = item.geometry, geometry.vertexCount > 0, geometry.partCount > 0 else {
            if hasShapes {
                for (index, check) in checks.enumerated() {
                    if let defect = check.inspectMissing(null: item.geometry == nil) {
                        report(index, defect)
                        break
                    }
                }
            }
            return (outputs, false)
        }
        var invalidity: (problem: GeometryProblem, reason: String, x: Double?, y: Double?)?
        if validity, geometry.kind == .polygon, let session,
            case .invalid(let problem, let reason, let x, let y) = session.validity(of: geometry)
        {
            invalidity = (problem, reason, x, y)
        }
        var shape = ShapeUnderCheck(
            geometry: geometry, valid: invalidity == nil, invalidity: invalidity, recorded: nil, session: session,
            epsg: epsg)
        func run(_ index: Int) {
            if !item.recorded.isEmpty { shape.recorded = item.recorded[index] }
            if let defect = checks[index].inspect(shape) { report(index, defect) }
        }
        // the validity the pass computed first, then the checks of the shape's form in the rules' order
        if invalidity != nil, let index = checks.firstIndex(where: \.reportsValidity) { run(index) }
        for index in checks.indices where !checks[index].reportsValidity { run(index) }
        return (outputs, shape.valid)
    }

    static func format(_ value: Double, places: Int = 2) -> String { GeometryFormat.number(value, places: places) }

    // MARK: CRS

    /// Judges the layer's CRS in stages (the `CRSCheck` kinds in their order); the first stage that fails
    /// is reported, later ones are not applicable.
    private func judgeCRS(_ crsRules: [(offset: Int, element: Rule)], layer: any Layer, into tally: inout Tally) {
        let prj = layer.file.count > 4 ? String(layer.file.dropLast(4)) + ".prj" : layer.file
        guard let crs = layer.crs, hasShapes else {
            // no .prj, or one PROJ cannot parse: prj-missing / prj-unreadable report it
            for (_, rule) in crsRules { tally.notApplicable(rule.id) }
            return
        }
        let details = crs.epsg.flatMap { operations?.crsDetails(epsg: $0) }
        let upper = crs.wkt.uppercased()
        let under = CRSUnderCheck(
            crs: crs, details: details, name: crs.name ?? details?.name ?? "?",
            isGeographic: details?.isGeographic
                ?? (upper.hasPrefix("GEOGCS") || upper.hasPrefix("GEOGCRS") || upper.hasPrefix("GEODCRS")),
            box: extent, operations: operations)
        let configured = crsRules.compactMap { rule -> (any CRSCheck)? in
            if case .crs(let crsRule) = rule.element.check { return crsRule.check }
            return nil
        }
        /// One stage, with the layer's first rule of its kind.
        func judge<Kind: CRSCheck>(_ kind: Kind.Type) -> CRSFailure? {
            Kind.judge(under, configured: configured.lazy.compactMap { $0 as? Kind }.first)
        }
        var failure: (stage: Int, found: CRSFailure)?
        for kind in CheckRegistry.crsChecks {
            if let found = judge(kind) {
                failure = (kind.stage, found)
                break
            }
        }
        for (index, rule) in crsRules {
            guard case .crs(let crsRule) = rule.check else { continue }
            if let failure, crsRule.stage > failure.stage {
                tally.notApplicable(rule.id)
                continue
            }
            tally.checked(rule.id, 1)
            guard let failure, failure.stage == crsRule.stage else { continue }
            add(
                Output(
                    rule: index, record: nil, field: nil, value: crs.epsg.map { "EPSG:\($0)" },
                    values: failure.found.values, geometry: failure.found.geometry,
                    exact: failure.found.geometry != nil, key: nil),
                file: prj, layer: layerName, into: &tally)
        }
    }
}
