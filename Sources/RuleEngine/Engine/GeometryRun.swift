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
        /// Per area-matches rule (by position in `perRecord`), the recorded area, when numeric.
        var recorded: [Double?]
    }

    /// What a per-record check or a comparison found.
    struct Output: Sendable {
        var rule: Int
        var record: Int?
        var field: String?
        var value: String?
        var values: [String: String]
        var geometry: ErrorGeometry?
        /// Whether `geometry` is the check's own error geometry (it then joins the fingerprint).
        var exact: Bool
        var key: FeatureKey?
    }

    /// What the pass keeps per record of a layer that later comparisons read.
    struct Kept: Sendable {
        var records: [Int] = []
        var envelopes: [Envelope] = []
        var keys: [FeatureKey?] = []
        /// Per record, the values a containment rule matches, by rule id.
        var values: [String: [[String?]]] = [:]
        /// Per record, a 64-bit FNV-1a hash of the values a neighbour rule compares (0: all blank), by rule id:
        /// eight bytes a record instead of the texts.
        var hashes: [String: [UInt64]] = [:]
    }

    let rules: [Rule]
    let operations: (any GeometryOperations)?
    private(set) var kept: [String: Kept] = [:]
    private(set) var layerFiles: [String: any Layer] = [:]

    func keptData(_ layer: String) -> Kept? { kept[layer] }
    func keptLayer(_ layer: String) -> (any Layer)? { layerFiles[layer] }

    // state of the layer being read
    private var layerName = ""
    private var layerFile = ""
    private var perRecord: [(index: Int, rule: GeometryRule)] = []
    private var areaColumns: [Int?] = []
    private var keptColumns: [String: [Int?]] = [:]
    private var keepsEnvelopes = false
    private var needsValidity = false
    private var hasShapes = false
    private var epsg: Int?
    private var chunk: [Item] = []
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
        areaColumns = []
        keptColumns = [:]
        // thresholds in metres mean nothing in degrees: a geographic CRS is the CRS rules' finding
        let geographic =
            layer.crs.map { crs in
                crs.epsg.flatMap { operations?.crsDetails(epsg: $0)?.isGeographic }
                    ?? crs.wkt.uppercased().hasPrefix("GEOG")
            } ?? false
        for (index, rule) in rules.enumerated() where rule.layer == spec.name {
            guard case .geometry(let geometry) = rule.check, geometry.isPerRecord else { continue }
            if geographic, geometry.isMetric {
                tally.notApplicable(rule.id)
                continue
            }
            if operations == nil, Self.needsLibrary(geometry) {
                tally.error(rule.id)
                continue
            }
            if case .areaMatches(let field, let method, _) = geometry.kind {
                if method == .ellipsoidal, epsg == nil {
                    // without an identified CRS there is no ellipsoid; prj-missing/crs rules say why
                    tally.notApplicable(rule.id)
                    continue
                }
                areaColumns.append(layer.schema.index(of: field))
            }
            perRecord.append((index, geometry))
        }
        let comparisons = comparing(spec.name)
        keepsEnvelopes = !comparisons.isEmpty && hasShapes
        for rule in comparisons {
            guard case .geometry(let geometry) = rule.check else { continue }
            var fields: [String] = []
            switch geometry.kind {
            case .neighboursDiffer(let names) where rule.layer == spec.name:
                fields = names
                hashedRules.insert(rule.id)
            case .insideOne(_, let match, _): fields = match.map { rule.layer == spec.name ? $0.field : $0.target }
            default: break
            }
            keptColumns[rule.id] = fields.map { layer.schema.index(of: $0) }
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
        for value in values {
            for byte in [UInt8(value == nil ? 0 : 1)] + Array((value ?? "").utf8) + [0xFF] {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return hash == 0 ? 1 : hash
    }

    static func needsLibrary(_ rule: GeometryRule) -> Bool {
        switch rule.kind {
        case .valid, .noOverlap, .noGap, .neighboursDiffer, .within, .disjoint, .insideOne: true
        case .areaMatches(_, let method, _): method == .ellipsoidal
        default: false
        }
    }

    /// Takes one record of the layer being read.
    mutating func observe(_ record: Record, key: FeatureKey?, into tally: inout Tally) {
        guard needsValidity || !perRecord.isEmpty || keepsEnvelopes || hasCRSRules else { return }
        if let box = record.geometry?.envelope {
            extent =
                extent.map {
                    Envelope(
                        minX: min($0.minX, box.minX), minY: min($0.minY, box.minY), maxX: max($0.maxX, box.maxX),
                        maxY: max($0.maxY, box.maxY))
                } ?? box
        }
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
        let recorded = areaColumns.map { column in column.flatMap { record[$0] }.flatMap(Double.init) }
        chunk.append(Item(record: record.number, geometry: record.geometry, key: key, recorded: recorded))
        if chunk.count >= Self.chunkSize { flush(into: &tally) }
    }

    /// Runs the per-record checks of the buffered chunk, in parallel, and records the results in order.
    private mutating func flush(into tally: inout Tally) {
        guard !chunk.isEmpty else { return }
        let items = chunk
        chunk.removeAll(keepingCapacity: true)
        let checks = perRecord.map(\.rule)
        let operations = self.operations
        let validity = needsValidity
        let epsg = self.epsg
        let shapes = hasShapes
        let sliceCount = min(Self.slices, max(1, items.count / 256))
        let results = Mutex<[[(Output?, Bool)]]>(Array(repeating: [], count: sliceCount))
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            let session = operations?.makeSession()
            let lower = items.count * slice / sliceCount
            let upper = items.count * (slice + 1) / sliceCount
            var local: [(Output?, Bool)] = []
            for item in items[lower..<upper] {
                let (outputs, valid) = Self.inspect(
                    item, checks: checks, session: session, validity: validity, hasShapes: shapes, epsg: epsg)
                local.append((nil, valid))
                for output in outputs { local.append((output, valid)) }
            }
            results.withLock { $0[slice] = local }
        }
        let merged = results.withLock { $0 }.flatMap { $0 }
        var position = 0
        for entry in merged {
            if let output = entry.0 {
                var mapped = output
                mapped.rule = perRecord[output.rule].index
                add(mapped, file: layerFile, layer: layerName, into: &tally)
            } else {
                let item = items[position]
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
        _ item: Item, checks: [GeometryRule], session: (any GeometrySession)?, validity: Bool, hasShapes: Bool,
        epsg: Int?
    ) -> ([Output], Bool) {
        var outputs: [Output] = []
        func report(
            _ check: Int, field: String? = nil, value: String? = nil, _ values: [String: String],
            _ geometry: ErrorGeometry?, exact: Bool = true
        ) {
            outputs.append(
                Output(
                    rule: check, record: item.record, field: field, value: value, values: values,
                    geometry: geometry ?? item.geometry.flatMap(ErrorGeometry.representativePoint(of:)),
                    exact: exact && geometry != nil, key: item.key))
        }
        guard let geometry = item.geometry, geometry.vertexCount > 0, geometry.partCount > 0 else {
            if hasShapes, let check = checks.firstIndex(where: { if case .notEmpty = $0.kind { true } else { false } })
            {
                let null = item.geometry == nil
                report(check, ["what": null ? "null" : "empty", "what_zh": null ? "空（NULL）" : "空几何"], nil)
            }
            return (outputs, false)
        }
        let isPolygon = geometry.kind == .polygon
        var valid = true
        if validity, isPolygon, let session {
            if case .invalid(let problem, let reason, let x, let y) = session.validity(of: geometry) {
                valid = false
                if let check = checks.firstIndex(where: { if case .valid = $0.kind { true } else { false } }) {
                    let place = x.flatMap { x in y.map { ErrorGeometry.point(x: x, y: $0) } }
                    report(
                        check, ["reason": reason, "problem": problem.rawValue],
                        place ?? ErrorGeometry.representativePoint(of: geometry), exact: place != nil)
                }
            }
        }
        for (index, check) in checks.enumerated() {
            switch check.kind {
            case .valid, .notEmpty:
                continue
            case .noDuplicateVertex:
                if let (ring, vertex) = firstDuplicate(in: geometry) {
                    let at = geometry.partRange(ring).lowerBound + vertex - 1
                    report(
                        index, ["ring": "\(ring + 1)", "vertex": "\(vertex)"],
                        .point(x: geometry.xy[2 * at], y: geometry.xy[2 * at + 1]))
                }
            case .minSegment(let minimum) where valid:
                if let (ring, vertex, length) = firstShortSegment(in: geometry, under: minimum) {
                    let at = geometry.partRange(ring).lowerBound + vertex - 1
                    report(
                        index,
                        [
                            "ring": "\(ring + 1)", "vertex": "\(vertex)", "length": format(length),
                            "min": format(minimum),
                        ],
                        .lineString([
                            [geometry.xy[2 * at - 2], geometry.xy[2 * at - 1]],
                            [geometry.xy[2 * at], geometry.xy[2 * at + 1]],
                        ]))
                }
            case .noSpike(let maxAngle) where valid:
                if let (ring, vertex, angle) = firstSpike(in: geometry, under: maxAngle) {
                    let at = geometry.partRange(ring).lowerBound + vertex - 1
                    report(
                        index,
                        [
                            "ring": "\(ring + 1)", "vertex": "\(vertex)", "angle": format(angle, places: 3),
                            "max": format(maxAngle, places: 3),
                        ],
                        .point(x: geometry.xy[2 * at], y: geometry.xy[2 * at + 1]))
                }
            case .orientation where valid && isPolygon:
                if let (ring, isShell) = firstMiswound(in: geometry) {
                    report(
                        index,
                        [
                            "ring": "\(ring + 1)", "role": isShell ? "outer ring" : "hole",
                            "role_zh": isShell ? "外环" : "内环", "winding": isShell ? "counter-clockwise" : "clockwise",
                            "winding_zh": isShell ? "逆时针" : "顺时针",
                        ], .lineString(geometry.partRange(ring).map { [geometry.xy[2 * $0], geometry.xy[2 * $0 + 1]] }))
                }
            case .noHole where valid && isPolygon:
                let holes = geometry.polygons.flatMap { $0.dropFirst() }
                if let first = holes.first {
                    // the first hole as error geometry; the count in the message
                    report(
                        index, ["holes": "\(holes.count)"],
                        .lineString(geometry.partRange(first).map { [geometry.xy[2 * $0], geometry.xy[2 * $0 + 1]] }))
                }
            case .singlePart where valid && isPolygon:
                let parts = geometry.polygons.count
                if parts > 1 { report(index, ["parts": "\(parts)"], polygonGeometry(geometry)) }
            case .minArea(let minimum) where valid && isPolygon:
                let area = geometry.organizedArea
                if area < minimum {
                    report(index, ["area": format(area), "min": format(minimum)], polygonGeometry(geometry))
                }
            case .minThinness(let minimum) where valid && isPolygon:
                let perimeter = geometry.length
                guard perimeter > 0 else { continue }
                let thinness = 4 * Double.pi * geometry.organizedArea / (perimeter * perimeter)
                if thinness < minimum {
                    report(
                        index, ["thinness": format(thinness, places: 4), "min": format(minimum, places: 4)],
                        polygonGeometry(geometry))
                }
            case .areaMatches(let field, let method, let tolerance) where valid && isPolygon:
                let slot = checks[..<index].filter { if case .areaMatches = $0.kind { true } else { false } }.count
                guard let recorded = item.recorded[slot] else { continue }
                let area: Double? =
                    switch method {
                    case .planar: geometry.organizedArea
                    case .ellipsoidal: epsg.flatMap { session?.ellipsoidalArea(of: geometry, epsg: $0) }
                    }
                guard let area else { continue }
                let difference = recorded - area
                if abs(difference) > tolerance + 1e-9 {
                    report(
                        index, field: field, value: format(recorded),
                        [
                            "field": field, "value": format(recorded), "area": format(area),
                            "difference": format(difference), "tolerance": format(tolerance),
                            "method": method.rawValue, "method_zh": method == .planar ? "平面" : "椭球",
                        ], nil, exact: false)
                }
            default:
                continue
            }
        }
        return (outputs, valid)
    }

    /// The polygons of a shape as an error geometry.
    static func polygonGeometry(_ geometry: Geometry) -> ErrorGeometry {
        let polygons = geometry.polygons.map { parts in
            parts.map { part in geometry.partRange(part).map { [geometry.xy[2 * $0], geometry.xy[2 * $0 + 1]] } }
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }

    /// The first vertex (0-based part, 1-based vertex) equal to the one before it.
    static func firstDuplicate(in geometry: Geometry) -> (Int, Int)? {
        let xy = geometry.xy
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            for vertex in range.dropFirst()
            where xy[2 * vertex] == xy[2 * vertex - 2] && xy[2 * vertex + 1] == xy[2 * vertex - 1] {
                return (part, vertex - range.lowerBound + 1)
            }
        }
        return nil
    }

    /// The first segment shorter than `minimum` but not of zero length (that is a repeated vertex).
    static func firstShortSegment(in geometry: Geometry, under minimum: Double) -> (Int, Int, Double)? {
        let xy = geometry.xy
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            for vertex in range.dropFirst() {
                let dx = xy[2 * vertex] - xy[2 * vertex - 2]
                let dy = xy[2 * vertex + 1] - xy[2 * vertex - 1]
                let length = (dx * dx + dy * dy).squareRoot()
                if length > 0, length < minimum { return (part, vertex - range.lowerBound + 1, length) }
            }
        }
        return nil
    }

    /// The first vertex of a ring where the boundary turns back at an angle under `maxAngle` degrees.
    /// Repeated vertices are skipped, so a spike is found across them.
    static func firstSpike(in geometry: Geometry, under maxAngle: Double) -> (Int, Int, Double)? {
        let xy = geometry.xy
        let isRing = geometry.kind == .polygon
        for part in 0..<geometry.partCount {
            let range = geometry.partRange(part)
            var points: [(x: Double, y: Double, vertex: Int)] = []
            for vertex in range {
                let point = (xy[2 * vertex], xy[2 * vertex + 1], vertex - range.lowerBound + 1)
                if let last = points.last, last.x == point.0, last.y == point.1 { continue }
                points.append(point)
            }
            if isRing, points.count > 1, points[0].x == points[points.count - 1].x,
                points[0].y == points[points.count - 1].y
            {
                points.removeLast()
            }
            guard points.count >= 3 else { continue }
            let count = points.count
            for index in (isRing ? 0..<count : 1..<(count - 1)) {
                let previous = points[(index + count - 1) % count]
                let next = points[(index + 1) % count]
                let current = points[index]
                let (ax, ay) = (previous.x - current.x, previous.y - current.y)
                let (bx, by) = (next.x - current.x, next.y - current.y)
                let angle = abs(atan2(ax * by - ay * bx, ax * bx + ay * by)) * 180 / Double.pi
                if angle < maxAngle { return (part, current.vertex, angle) }
            }
        }
        return nil
    }

    /// The first ring wound against the specification: (0-based part, whether it is a shell).
    static func firstMiswound(in geometry: Geometry) -> (Int, Bool)? {
        for polygon in geometry.polygons {
            if geometry.signedArea2(ofPart: polygon[0]) > 0 { return (polygon[0], true) }
            for hole in polygon.dropFirst() where geometry.signedArea2(ofPart: hole) < 0 { return (hole, false) }
        }
        return nil
    }

    static func format(_ value: Double, places: Int = 2) -> String {
        let text = String(format: "%.\(places)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    // MARK: CRS

    /// Judges the layer's CRS in stages; the first stage that fails is reported, later ones are not applicable.
    private func judgeCRS(_ crsRules: [(offset: Int, element: Rule)], layer: any Layer, into tally: inout Tally) {
        let prj = layer.file.count > 4 ? String(layer.file.dropLast(4)) + ".prj" : layer.file
        guard let crs = layer.crs, hasShapes else {
            // no .prj, or one PROJ cannot parse: prj-missing / prj-unreadable report it
            for (_, rule) in crsRules { tally.notApplicable(rule.id) }
            return
        }
        let details = crs.epsg.flatMap { operations?.crsDetails(epsg: $0) }
        let name = crs.name ?? details?.name ?? "?"
        let upper = crs.wkt.uppercased()
        let geographic =
            details?.isGeographic
            ?? (upper.hasPrefix("GEOGCS") || upper.hasPrefix("GEOGCRS") || upper.hasPrefix("GEODCRS"))
        var failure: (stage: Int, values: [String: String], geometry: ErrorGeometry?)?
        func extentText(_ lower: Double, _ upper: Double) -> String { "\(Self.format(lower))–\(Self.format(upper))" }
        let box = extent
        let boxGeometry = box.map { box in
            ErrorGeometry.polygon([
                [
                    [box.minX, box.minY], [box.minX, box.maxY], [box.maxX, box.maxY], [box.maxX, box.minY],
                    [box.minX, box.minY],
                ]
            ])
        }
        let accepted = crsRules.compactMap { rule -> [Int]? in
            if case .crs(let crsRule) = rule.element.check, case .accepted(let codes) = crsRule.kind { return codes }
            return nil
        }.first
        if geographic {
            failure = (0, ["crs": name], nil)
        } else if let accepted, crs.epsg.map({ !accepted.contains($0) }) ?? true {
            failure = (1, ["crs": name, "epsg": crs.epsg.map { "EPSG:\($0)" } ?? "not identified"], nil)
        } else if let details, let falseEasting = details.falseEasting, let box {
            func eastingLike(_ value: Double) -> Bool { abs(value - falseEasting) < 1_000_000 }
            let xEasting = eastingLike(box.minX) && eastingLike(box.maxX)
            let yEasting = eastingLike(box.minY) && eastingLike(box.maxY)
            if !xEasting, yEasting {
                failure = (2, ["x": extentText(box.minX, box.maxX), "y": extentText(box.minY, box.maxY)], boxGeometry)
            } else if let problem = zoneProblem(
                box, falseEasting: falseEasting, centralMeridian: details.centralMeridian)
            {
                failure = (3, problem, boxGeometry)
            } else if let area = details.areaOfUse, let epsg = crs.epsg, let session = operations?.makeSession() {
                let corners = [(box.minX, box.minY), (box.minX, box.maxY), (box.maxX, box.minY), (box.maxX, box.maxY)]
                let outside = corners.contains { corner in
                    guard let point = session.geographic(x: corner.0, y: corner.1, epsg: epsg) else { return true }
                    return point.longitude < area[0] - 0.01 || point.latitude < area[1] - 0.01
                        || point.longitude > area[2] + 0.01 || point.latitude > area[3] + 0.01
                }
                if outside {
                    failure = (
                        4,
                        [
                            "extent": "x \(extentText(box.minX, box.maxX)), y \(extentText(box.minY, box.maxY))",
                            "area": "\(area[0])°–\(area[2])°E, \(area[1])°–\(area[3])°N",
                        ], boxGeometry
                    )
                }
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
                    rule: index, record: nil, field: nil, value: crs.epsg.map { "EPSG:\($0)" }, values: failure.values,
                    geometry: failure.geometry, exact: failure.geometry != nil, key: nil),
                file: prj, layer: layerName, into: &tally)
        }
    }

    /// Why the extent does not fit the zone the CRS declares, or nil when it does.
    func zoneProblem(_ box: Envelope, falseEasting: Double, centralMeridian: Double?) -> [String: String]? {
        // Int(exactly:) so that a coordinate or false easting too large for an Int cannot trap
        let zone = Int(exactly: (falseEasting / 1_000_000).rounded(.down)) ?? 0
        if zone > 0, let low = Int(exactly: (box.minX / 1_000_000).rounded(.down)),
            let high = Int(exactly: (box.maxX / 1_000_000).rounded(.down))
        {
            let prefixes = Set([low, high])
            if prefixes != [zone] {
                let found = prefixes.sorted().map(String.init).joined(separator: ", ")
                return [
                    "problem": "x carries the zone prefix \(found), but the CRS declares zone \(zone)",
                    "problem_zh": "X 坐标带号为 \(found)，坐标系声明为第 \(zone) 带",
                ]
            }
            if let centralMeridian, abs(centralMeridian - Double(3 * zone)) > 1e-6,
                abs(centralMeridian - Double(6 * zone - 3)) > 1e-6
            {
                return [
                    "problem":
                        "the CRS declares zone \(zone) but central meridian \(Self.format(centralMeridian, places: 1))°",
                    "problem_zh": "坐标系为第 \(zone) 带，中央经线却为 \(Self.format(centralMeridian, places: 1))°",
                ]
            }
        } else if abs(box.minX - falseEasting) > 500_000 || abs(box.maxX - falseEasting) > 500_000 {
            return [
                "problem":
                    "x spans \(Self.format(box.minX))–\(Self.format(box.maxX)), too far from the false easting \(Self.format(falseEasting))",
                "problem_zh":
                    "X 坐标 \(Self.format(box.minX))–\(Self.format(box.maxX)) 远离东偏移 \(Self.format(falseEasting))",
            ]
        }
        return nil
    }
}
