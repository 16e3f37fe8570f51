import Foundation
import RuleEngine

/// The submission's shapes and codes that the HTML report draws and tabulates, read once after the
/// check by `ReportGeometry.collect(_:report:)`, so that the writers never read files themselves.
///
/// - `outlines`: each layer's outlines for the overview map, projected to whole pixels of an
///   800-pixel-wide map and simplified to the pixel (repeated pixels dropped, steps written relative;
///   a ring that shrinks
///   below three distinct pixels is not drawn but counted). All outline paths together stay within
///   `outlineByteBudget` bytes, smaller layers (the township and village outlines) first; a layer
///   that does not fit in what is left is not drawn at all (rather than a band of it in file
///   order), and the map's caption says so. A county of a million parcels therefore renders in a
///   browser: its township and village outlines are drawn, its parcels are counted.
/// - `features`: the feature of each mapped finding and its neighbours within a margin (every layer
///   with shapes in the same CRS extent: parcels, villages, townships), for the per-finding maps.
/// - `places`: the township (乡镇, first 9 digits) and village (first 12 digits) of the feature of
///   every located finding, from its ZLDWDM or XZQDM.
/// - `areas`: the area tables (面积汇总) the parcels imply and the areas the XZQ and CJDCQ declare.
public struct ReportGeometry: Sendable {
    /// One feature as drawn.
    public struct Feature: Sendable, Hashable {
        public var layer: String
        public var file: String
        public var record: Int
        /// The key value (BSM), shown on hover.
        public var key: String?
        public var kind: GeometryKind
        /// Parts as interleaved x/y pairs.
        public var parts: [[Double]]
        public var envelope: Envelope
    }

    /// One layer's overview outlines, as SVG path data in pixels (y down).
    public struct Outline: Sendable, Hashable {
        public var layer: String
        public var file: String
        /// The map's ground extent `[minX, minY, maxX, maxY]` and its size in pixels.
        public var extent: [Double]
        public var width: Int
        public var height: Int
        public var path: String
        public var drawn: Int
        /// Features smaller than a pixel, not drawn.
        public var belowPixel: Int
        /// Features left out because the outline budget was spent.
        public var leftOut: Int
    }

    /// Where a finding's feature is: township (9 digits) and village (12 digits) codes.
    public struct Place: Sendable, Hashable {
        public var township: String
        public var village: String?
    }

    /// Area tables: per township, the summed parcel area by land-use class; and the declared areas.
    public struct Areas: Sendable, Hashable {
        /// township → DLBM (second-level class, as written) → area.
        public var byClass: [String: [String: Double]] = [:]
        /// township → parcel area in all.
        public var byTownship: [String: Double] = [:]
        /// village (the first 12 digits of the parcels' ZLDWDM) → parcel area in all.
        public var byVillage: [String: Double] = [:]
        /// XZQDM (township, 9 digits) → DCMJ declared by XZQ.
        public var declaredTownship: [String: Double] = [:]
        /// village (the first 12 digits of ZLDWDM) → DCMJ declared by CJDCQ.
        public var declaredVillage: [String: Double] = [:]
        /// The field the parcel areas were summed from (TBMJ, else TBDLMJ).
        public var areaField: String?
        public var isEmpty: Bool { byTownship.isEmpty && declaredTownship.isEmpty && declaredVillage.isEmpty }
    }

    public var outlines: [Outline] = []
    public var features: [Feature] = []
    /// Per finding fingerprint: indices into `features`, the finding's own feature first when known.
    public var near: [String: [Int]] = [:]
    /// Per finding fingerprint.
    public var places: [String: Place] = [:]
    public var areas = Areas()

    /// Overview outline bytes for the whole report.
    public static let outlineByteBudget = 2_000_000
    /// The overview map's width in pixels.
    public static let overviewWidth = 800.0
    /// Findings per rule that get a map of their own (the others are listed without one).
    public static let mapsPerRule = 12
    /// Neighbours drawn per layer around one finding, nearest first.
    public static let neighboursPerLayer = 60
    /// Features of a finer layer (parcels around a village's finding) drawn when all of them within
    /// the margin are at most this many; else none.
    public static let detailPerLayer = 400

    public init() {}

    /// A pixel or cell number: rounded (or `down`/`up` to a whole number), kept within ±10⁹ so that
    /// no coordinate, however wild, traps the conversion; NaN is 0.
    static func pixel(_ value: Double, up: Bool = false, down: Bool = false) -> Int {
        guard !value.isNaN else { return 0 }
        let whole = up ? value.rounded(.up) : down ? value.rounded(.down) : value.rounded()
        return Int(min(max(whole, -1e9), 1e9))
    }

    /// The findings of the report's sample that get a map: the first `mapsPerRule` of each rule that
    /// have a place (an error geometry) or a feature (a record of a layer: an aggregate or cross-layer
    /// finding on a township or village is drawn as that feature with the features inside it).
    public static func mapped(_ report: ConformanceReport) -> [Finding] {
        var count: [String: Int] = [:]
        return report.sample.filter { finding in
            guard finding.geometry != nil || (finding.location.layer != nil && finding.location.record != nil)
            else { return false }
            count[finding.rule, default: 0] += 1
            return count[finding.rule]! <= mapsPerRule
        }
    }

    /// Reads the submission's shapes again (one streaming pass per layer with shapes, then the
    /// neighbours by record) and gathers what the report draws.
    public static func collect(_ submission: Submission, report: ConformanceReport) -> ReportGeometry {
        var result = ReportGeometry()
        func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }
        let mapped = mapped(report)
        // the findings each layer instance holds, by the stem of their file
        var byStem: [String: [Finding]] = [:]
        for finding in report.findings where finding.location.layer != nil {
            byStem[stem(finding.location.file), default: []].append(finding)
        }
        let layers = submission.layers.enumerated().sorted { a, b in
            a.element.recordCount != b.element.recordCount
                ? a.element.recordCount < b.element.recordCount : a.offset < b.offset
        }.map(\.element)

        struct Indexed {
            var layer: any Layer
            var boxes: [Double]  // 4 per record, NaN for none
            var grid: [[Int32]]
            var cells: Int
            var extent: [Double]
        }
        var indexed: [Indexed] = []
        var budget = outlineByteBudget
        for layer in layers {
            let fields = layer.schema.fields.map { $0.name.uppercased() }
            func column(_ names: [String]) -> Int? { names.lazy.compactMap { fields.firstIndex(of: $0) }.first }
            let keyColumn = column(["BSM"])
            let codeColumn = column(["ZLDWDM", "XZQDM"])
            let classColumn = column(["DLBM"])
            let areaColumn = column(["TBMJ", "TBDLMJ"])
            let declaredColumn = column(["DCMJ"])
            let upperName = layer.name.uppercased()
            if areaColumn != nil, classColumn != nil, result.areas.areaField == nil {
                result.areas.areaField = fields[areaColumn!]
            }
            var wanted = [Bool](repeating: false, count: fields.count)
            for index in [keyColumn, codeColumn, classColumn, areaColumn, declaredColumn].compactMap({ $0 }) {
                wanted[index] = true
            }
            let held = byStem[stem(layer.file)] ?? []
            var recordsWanted: [Int: [Finding]] = [:]
            for finding in held {
                if let record = finding.location.record { recordsWanted[record, default: []].append(finding) }
            }
            let hasShapes = layer.schema.geometryType != nil
            let summary = report.layers.first { $0.name == layer.name && $0.file == layer.file }
            let extent = summary?.extent ?? layer.scannedExtent
            var projection: (scale: Double, width: Int, height: Int)?
            if hasShapes, let extent, extent.count == 4 {
                let spanX = max(extent[2] - extent[0], 1e-9)
                let spanY = max(extent[3] - extent[1], 1e-9)
                var scale = overviewWidth / spanX
                if spanY * scale > overviewWidth { scale = overviewWidth / spanY }
                projection = (scale, pixel(spanX * scale, up: true), max(pixel(spanY * scale, up: true), 1))
            }
            var path: [UInt8] = []
            var drawn = 0
            var belowPixel = 0
            var leftOut = 0
            var overflowed = false
            var boxes = [Double](repeating: .nan, count: hasShapes ? layer.recordCount * 4 : 0)
            for case .success(let record) in layer.records(columns: wanted, shapes: hasShapes) {
                let code = codeColumn.flatMap { record[$0] }?.trimmingCharacters(in: .whitespaces)
                if let findings = recordsWanted[record.number], let code, code.count >= 9,
                    code.allSatisfy(\.isASCII)
                {
                    let place = Place(
                        township: String(code.prefix(9)), village: code.count >= 12 ? String(code.prefix(12)) : nil)
                    for finding in findings { result.places[finding.fingerprint] = place }
                }
                if let code, code.count >= 9, code.allSatisfy(\.isASCII) {
                    let township = String(code.prefix(9))
                    if let classColumn, let areaColumn, let area = record[areaColumn].flatMap({ Double($0) }) {
                        let dlbm = record[classColumn]?.trimmingCharacters(in: .whitespaces) ?? ""
                        result.areas.byClass[township, default: [:]][dlbm, default: 0] += area
                        result.areas.byTownship[township, default: 0] += area
                        result.areas.byVillage[String(code.prefix(12)), default: 0] += area
                    } else if let declaredColumn, let area = record[declaredColumn].flatMap({ Double($0) }) {
                        if upperName == "XZQ" { result.areas.declaredTownship[township, default: 0] += area }
                        if upperName == "CJDCQ" {
                            result.areas.declaredVillage[String(code.prefix(12)), default: 0] += area
                        }
                    }
                }
                // a shape with a coordinate that is not a number (NaN, ±∞) is the readers' finding; not drawn
                guard let geometry = record.geometry, let box = geometry.envelope,
                    box.minX.isFinite, box.minY.isFinite, box.maxX.isFinite, box.maxY.isFinite
                else { continue }
                let slot = (record.number - 1) * 4
                if slot >= 0, slot + 3 < boxes.count {
                    boxes[slot] = box.minX
                    boxes[slot + 1] = box.minY
                    boxes[slot + 2] = box.maxX
                    boxes[slot + 3] = box.maxY
                }
                guard let projection, let extent else { continue }
                if overflowed {
                    leftOut += 1
                    continue
                }
                var piece: [UInt8] = []
                var any = false
                for part in 0..<geometry.partCount {
                    var last: (Int, Int)?
                    var pixels: [(Int, Int)] = []
                    for vertex in geometry.partRange(part) {
                        let px = pixel((geometry.xy[2 * vertex] - extent[0]) * projection.scale)
                        let py = pixel((extent[3] - geometry.xy[2 * vertex + 1]) * projection.scale)
                        if let last, last == (px, py) { continue }
                        last = (px, py)
                        pixels.append((px, py))
                    }
                    if let first = pixels.first, pixels.count > 1, pixels.last! == first { pixels.removeLast() }
                    let closed = geometry.kind == .polygon || geometry.kind == .multipatch
                    guard pixels.count >= (closed ? 3 : 2) else { continue }
                    any = true
                    // absolute first vertex, then relative steps (`l`), a minus sign doubling as separator
                    piece += Array("M\(pixels[0].0) \(pixels[0].1)l".utf8)
                    var previous = pixels[0]
                    for (index, pixel) in pixels.dropFirst().enumerated() {
                        let (dx, dy) = (pixel.0 - previous.0, pixel.1 - previous.1)
                        if index > 0, dx >= 0 { piece.append(UInt8(ascii: " ")) }
                        piece += Array(String(dx).utf8)
                        if dy >= 0 { piece.append(UInt8(ascii: " ")) }
                        piece += Array(String(dy).utf8)
                        previous = pixel
                    }
                    if closed { piece.append(UInt8(ascii: "Z")) }
                }
                if any, path.count + piece.count > budget {
                    // the layer does not fit: none of it is drawn rather than a band of it in file order
                    overflowed = true
                    leftOut += drawn + 1
                    drawn = 0
                    path = []
                } else if any {
                    path += piece
                    drawn += 1
                } else {
                    belowPixel += 1
                }
            }
            budget -= path.count
            if let projection, let extent {
                result.outlines.append(
                    Outline(
                        layer: layer.name, file: layer.file, extent: extent, width: projection.width,
                        height: projection.height, path: String(decoding: path, as: UTF8.self), drawn: drawn,
                        belowPixel: belowPixel, leftOut: leftOut))
            }
            if hasShapes, let extent, extent.count == 4 {
                // a uniform grid over the extent: each record listed in the cells its box touches
                let cells = max(1, min(256, Int(Double(layer.recordCount).squareRoot() / 2)))
                var grid = [[Int32]](repeating: [], count: cells * cells)
                let spanX = max(extent[2] - extent[0], 1e-9)
                let spanY = max(extent[3] - extent[1], 1e-9)
                func cell(_ value: Double, _ low: Double, _ span: Double) -> Int {
                    min(cells - 1, max(0, pixel((value - low) / span * Double(cells), up: false, down: true)))
                }
                for record in 0..<(boxes.count / 4) where !boxes[record * 4].isNaN {
                    let x0 = cell(boxes[record * 4], extent[0], spanX)
                    let x1 = cell(boxes[record * 4 + 2], extent[0], spanX)
                    let y0 = cell(boxes[record * 4 + 1], extent[1], spanY)
                    let y1 = cell(boxes[record * 4 + 3], extent[1], spanY)
                    for y in y0...y1 { for x in x0...x1 { grid[y * cells + x].append(Int32(record + 1)) } }
                }
                indexed.append(Indexed(layer: layer, boxes: boxes, grid: grid, cells: cells, extent: extent))
            }
        }

        // The neighbours of each mapped finding, read back by record.
        var readers: [String: any ShapeReader] = [:]
        var featureIndex: [String: Int] = [:]
        func feature(_ entry: Indexed, _ record: Int) -> Int? {
            let id = "\(entry.layer.file)#\(record)"
            if let known = featureIndex[id] { return known }
            var reader = readers[entry.layer.file] ?? entry.layer.shapeReader()
            let shape = reader.shape(record: record)
            readers[entry.layer.file] = reader
            guard let shape, let kind = shape.kind, let envelope = shape.envelope else { return nil }
            let parts = (0..<shape.partCount).map { part in
                let range = shape.partRange(part)
                return Array(shape.xy[(2 * range.lowerBound)..<(2 * range.upperBound)])
            }
            result.features.append(
                Feature(
                    layer: entry.layer.name, file: entry.layer.file, record: record, key: nil, kind: kind,
                    parts: parts, envelope: envelope))
            featureIndex[id] = result.features.count - 1
            return result.features.count - 1
        }
        for finding in mapped {
            let points = finding.geometry?.points ?? []
            var window = Envelope(
                minX: points.map { $0[0] }.min() ?? .infinity, minY: points.map { $0[1] }.min() ?? .infinity,
                maxX: points.map { $0[0] }.max() ?? -.infinity, maxY: points.map { $0[1] }.max() ?? -.infinity)
            var indices: [Int] = []
            let own = indexed.first { stem($0.layer.file) == stem(finding.location.file) }
            if let own, let record = finding.location.record, record >= 1, record * 4 <= own.boxes.count,
                !own.boxes[(record - 1) * 4].isNaN
            {
                let slot = (record - 1) * 4
                window.minX = min(window.minX, own.boxes[slot])
                window.minY = min(window.minY, own.boxes[slot + 1])
                window.maxX = max(window.maxX, own.boxes[slot + 2])
                window.maxY = max(window.maxY, own.boxes[slot + 3])
                if let index = feature(own, record) { indices.append(index) }
            }
            guard window.minX.isFinite, window.maxX.isFinite else { continue }  // neither a place nor a shape
            let size = max(window.maxX - window.minX, window.maxY - window.minY)
            let margin = max(size * 0.6, 20)
            window = Envelope(
                minX: window.minX - margin, minY: window.minY - margin, maxX: window.maxX + margin,
                maxY: window.maxY + margin)
            for entry in indexed {
                guard
                    entry.extent[0] <= window.maxX, window.minX <= entry.extent[2], entry.extent[1] <= window.maxY,
                    window.minY <= entry.extent[3]
                else { continue }
                let spanX = max(entry.extent[2] - entry.extent[0], 1e-9)
                let spanY = max(entry.extent[3] - entry.extent[1], 1e-9)
                func cell(_ value: Double, _ low: Double, _ span: Double) -> Int {
                    min(entry.cells - 1, max(0, pixel((value - low) / span * Double(entry.cells), down: true)))
                }
                var candidates = Set<Int32>()
                for y in cell(window.minY, entry.extent[1], spanY)...cell(window.maxY, entry.extent[1], spanY) {
                    for x in cell(window.minX, entry.extent[0], spanX)...cell(window.maxX, entry.extent[0], spanX) {
                        candidates.formUnion(entry.grid[y * entry.cells + x])
                    }
                }
                let hits = candidates.map(Int.init).filter { record in
                    let slot = (record - 1) * 4
                    return Envelope(
                        minX: entry.boxes[slot], minY: entry.boxes[slot + 1], maxX: entry.boxes[slot + 2],
                        maxY: entry.boxes[slot + 3]
                    ).intersects(window)
                }
                func distance(_ record: Int) -> Double {
                    let slot = (record - 1) * 4
                    let dx = (entry.boxes[slot] + entry.boxes[slot + 2]) / 2 - (window.minX + window.maxX) / 2
                    let dy = (entry.boxes[slot + 1] + entry.boxes[slot + 3]) / 2 - (window.minY + window.maxY) / 2
                    return dx * dx + dy * dy
                }
                // a layer of more features than the finding's (the parcels inside a village) is drawn
                // whole within the margin or not at all: a handful of them would misrepresent it
                if entry.layer.recordCount > (own?.layer.recordCount ?? Int.max), hits.count > detailPerLayer {
                    continue
                }
                let nearest = hits.map { ($0, distance($0)) }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
                let cap =
                    entry.layer.recordCount > (own?.layer.recordCount ?? Int.max) ? detailPerLayer : neighboursPerLayer
                for (record, _) in nearest.prefix(cap) {
                    if let index = feature(entry, record), !indices.contains(index) { indices.append(index) }
                }
            }
            result.near[finding.fingerprint] = indices
        }
        // the keys of the features drawn, for their hover titles
        var keysWanted: [String: Set<Int>] = [:]
        for feature in result.features { keysWanted[feature.file, default: []].insert(feature.record) }
        for entry in indexed {
            guard let records = keysWanted[entry.layer.file],
                let keyColumn = entry.layer.schema.fields.firstIndex(where: { $0.name.uppercased() == "BSM" })
            else { continue }
            var columns = [Bool](repeating: false, count: entry.layer.schema.fields.count)
            columns[keyColumn] = true
            var keys: [Int: String] = [:]
            for case .success(let record) in entry.layer.records(columns: columns, shapes: false)
            where records.contains(record.number) {
                keys[record.number] = record[keyColumn]
            }
            for index in result.features.indices where result.features[index].file == entry.layer.file {
                result.features[index].key = keys[result.features[index].record]
            }
        }
        return result
    }
}
