import Foundation
import RuleEngine

/// What every layer of one VCT file shares: the mapped bytes, the head's facts and the lines by BSM.
final class VCTSource: Sendable {
    let bytes: VCTBytes
    let file: String
    let legacy: Bool
    let separator: UInt8
    let encoding: TextEncoding
    let encodingInfo: EncodingInfo
    let crs: CRSInfo?
    let arcs: VCTArcs

    init(
        bytes: VCTBytes, file: String, legacy: Bool, separator: UInt8, encoding: TextEncoding,
        encodingInfo: EncodingInfo, crs: CRSInfo?, arcs: VCTArcs
    ) {
        self.bytes = bytes
        self.file = file
        self.legacy = legacy
        self.separator = separator
        self.encoding = encoding
        self.encodingInfo = encodingInfo
        self.crs = crs
        self.arcs = arcs
    }

    /// The line record with `bsm` decoded to its points (segments joined), or nil when unreadable.
    func arcPoints(_ index: Int) -> [Double]? {
        var cursor = VCTCursor(bytes: bytes, from: arcs.offset[index])
        guard let first = cursor.nextNonEmpty() else { return nil }
        var parser = VCTRecordParser(bytes: bytes, legacy: legacy, cursor: cursor, decode: true)
        guard let line = try? parser.line(first) else { return nil }
        var xy: [Double] = []
        for part in line.parts {
            var start = 0
            if xy.count >= 2, part.count >= 2, xy[xy.count - 2] == part[0], xy[xy.count - 1] == part[1] { start = 2 }
            xy += part[start...]
        }
        return xy
    }
}

/// One attribute table of a VCT file, with its features (when it has geometry).
struct VCTLayer: Layer {
    let source: VCTSource
    let plan: VCTLayerPlan.Joined
    /// The layer's position among the file's layers (the owner of its boundary lines).
    let index: Int

    var name: String { plan.name }
    var file: String { source.file }
    var format: String { VCTReader.format }
    var schema: LayerSchema {
        LayerSchema(fields: plan.fields, geometryType: plan.kind?.schemaName, typeNames: VCTFieldType.names)
    }
    var recordCount: Int { plan.featureOffsets.count + plan.looseRows.count }
    /// The file: its layers belong together, apart from those of any other file.
    var dataset: String { source.file }
    var encoding: EncodingInfo? { source.encodingInfo }
    /// The head's CRS; nil for a table without geometry.
    var crs: CRSInfo? { plan.kind == nil ? nil : source.crs }

    func records() -> any Sequence<Result<Record, ReadProblem>> {
        VCTRecords(layer: self, columns: nil, shapes: true)
    }

    func records(columns: [Bool]?, shapes: Bool) -> any Sequence<Result<Record, ReadProblem>> {
        VCTRecords(layer: self, columns: columns, shapes: shapes)
    }

    func shapeReader() -> any ShapeReader { VCTShapeReader(layer: self) }

    /// The feature at `position` (0-based among the layer's features) parsed, with its shape and the
    /// findings the shape gave (rings, line references).
    func feature(at position: Int) -> Result<(VCTRecordParser.Feature, Geometry?, [FormatFinding]), ReadProblem> {
        let location = Location(file: file, layer: name, record: position + 1)
        let bytes = source.bytes
        var cursor = VCTCursor(bytes: bytes, from: plan.featureOffsets[position])
        guard let first = cursor.nextNonEmpty() else {
            return .failure(ReadProblem(at: location, "the record is gone", defect: .vctRecordMalformed))
        }
        var parser = VCTRecordParser(bytes: bytes, legacy: source.legacy, cursor: cursor, decode: true)
        let feature: VCTRecordParser.Feature
        do throws(VCTRecordParser.Failure) {
            switch plan.kind {
            case .point?: feature = try parser.point(first)
            case .line?: feature = try parser.line(first)
            case .polygon?: feature = try parser.polygon(first)
            default: feature = try parser.annotation(first)
            }
        } catch {
            return .failure(
                ReadProblem(at: location, "line \(error.line): \(error.reason)", defect: .vctRecordMalformed))
        }
        var problems: [FormatFinding] = []
        let geometry: Geometry?
        switch plan.kind {
        case .point?, .annotation?:
            let xy = feature.parts.first ?? []
            geometry =
                xy.count == 2
                ? Geometry(shapeType: 1, partStarts: [0], xy: xy)
                : xy.isEmpty ? nil : Geometry(shapeType: 8, partStarts: [0], xy: xy)
        case .line?:
            geometry = Self.geometry(shapeType: 3, parts: feature.parts.filter { !$0.isEmpty })
        default:
            var rings: [[Double]]
            if feature.indirect {
                rings = assemble(feature, location: location, problems: &problems)
            } else {
                rings = feature.parts.filter { $0.count >= 2 }
                for (number, ring) in rings.enumerated()
                where ring.count < 8 || ring[0] != ring[ring.count - 2] || ring[1] != ring[ring.count - 1] {
                    problems.append(
                        FormatFinding(
                            .vctRingNotClosed, at: location, value: String(feature.bsm),
                            [
                                "bsm": String(feature.bsm), "ring": String(number + 1), "line": "-",
                                "reason": "its last point is not its first",
                            ]))
                }
            }
            rings = rings.map { ring in
                guard ring.count >= 2, ring[0] != ring[ring.count - 2] || ring[1] != ring[ring.count - 1] else {
                    return ring
                }
                return ring + ring[0...1]
            }
            geometry = Self.geometry(shapeType: 5, parts: Self.oriented(rings.filter { $0.count >= 8 }))
        }
        return .success((feature, geometry, problems))
    }

    /// Rings from the signed line references: `0` separates rings; without any `0`, a ring ends where
    /// it returns to its first point. A reference to no line, to a line of another layer, or a ring
    /// whose lines do not meet or do not return to its start is a finding with the line's BSM.
    func assemble(_ feature: VCTRecordParser.Feature, location: Location, problems: inout [FormatFinding]) -> [[Double]]
    {
        let arcs = source.arcs
        let separated = feature.references.contains(0)
        var rings: [[Double]] = []
        var ring: [Double] = []
        var broken = false
        var lastLine: Int64 = 0
        func close() {
            guard !ring.isEmpty else { return }
            let closed = ring.count >= 8 && ring[0] == ring[ring.count - 2] && ring[1] == ring[ring.count - 1]
            if !closed && !broken {
                problems.append(
                    FormatFinding(
                        .vctRingNotClosed, at: location, value: String(lastLine),
                        [
                            "bsm": String(feature.bsm), "ring": String(rings.count + 1), "line": String(lastLine),
                            "reason": "after line \(lastLine) the ring does not return to its first point",
                        ]))
            }
            rings.append(ring)
            ring = []
            broken = false
        }
        var missing = false
        for reference in feature.references {
            if reference == 0 {
                close()
                continue
            }
            let bsm = abs(reference)
            guard let arc = arcs.find(bsm) else {
                problems.append(
                    FormatFinding(
                        .vctLineMissing, at: location, value: String(bsm),
                        ["bsm": String(feature.bsm), "line": String(bsm)]))
                missing = true
                broken = true
                continue
            }
            let owner = arcs.owner[arc]
            if owner == VCTArcs.foreign || (owner >= 0 && Int(owner) != index) {
                problems.append(
                    FormatFinding(
                        .vctLineOfOtherLayer, at: location, value: String(bsm),
                        [
                            "bsm": String(feature.bsm), "line": String(bsm),
                            "other": owner >= 0
                                ? "a boundary line of another polygon layer" : "coded as a point or annotation layer",
                        ]))
            }
            guard var points = source.arcPoints(arc), points.count >= 4 else {
                problems.append(
                    FormatFinding(
                        .vctLineMissing, at: location, value: String(bsm),
                        ["bsm": String(feature.bsm), "line": String(bsm)]))
                broken = true
                continue
            }
            if reference < 0 { points = Self.reversed(points) }
            if ring.isEmpty {
                ring = points
            } else {
                if ring[ring.count - 2] == points[0] && ring[ring.count - 1] == points[1] {
                    ring += points[2...]
                } else {
                    if !broken {
                        problems.append(
                            FormatFinding(
                                .vctRingNotClosed, at: location, value: String(bsm),
                                [
                                    "bsm": String(feature.bsm), "ring": String(rings.count + 1), "line": String(bsm),
                                    "reason": "line \(bsm) does not start where line \(lastLine) ends",
                                ]))
                    }
                    broken = true
                    ring += points
                }
            }
            lastLine = bsm
            if !separated, ring.count >= 8, ring[0] == ring[ring.count - 2], ring[1] == ring[ring.count - 1] { close() }
        }
        close()
        _ = missing
        return rings
    }

    static func reversed(_ xy: [Double]) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(xy.count)
        var index = xy.count - 2
        while index >= 0 {
            result.append(xy[index])
            result.append(xy[index + 1])
            index -= 2
        }
        return result
    }

    /// Twice the signed area of a closed ring (positive counter-clockwise).
    static func signedArea2(_ ring: [Double]) -> Double {
        var twice = 0.0
        var index = 0
        while index + 3 < ring.count {
            twice += ring[index] * ring[index + 3] - ring[index + 2] * ring[index + 1]
            index += 2
        }
        return twice
    }

    /// Shells clockwise and holes counter-clockwise (the shapefile convention the engine reads), the
    /// larger rings first: a ring inside an odd number of larger rings is a hole.
    static func oriented(_ rings: [[Double]]) -> [[Double]] {
        let order = rings.indices.sorted { abs(signedArea2(rings[$0])) > abs(signedArea2(rings[$1])) }
        var result: [[Double]] = []
        for (rank, position) in order.enumerated() {
            let ring = rings[position]
            var depth = 0
            for larger in order[..<rank] where contains(rings[larger], ring[0], ring[1]) { depth += 1 }
            let clockwise = signedArea2(ring) < 0
            let hole = depth % 2 == 1
            result.append(clockwise == !hole ? ring : reversed(ring))
        }
        return result
    }

    static func contains(_ ring: [Double], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var index = 0
        while index + 3 < ring.count {
            let (x1, y1, x2, y2) = (ring[index], ring[index + 1], ring[index + 2], ring[index + 3])
            if (y1 > y) != (y2 > y), x < (x2 - x1) * (y - y1) / (y2 - y1) + x1 { inside.toggle() }
            index += 2
        }
        return inside
    }

    static func geometry(shapeType: Int, parts: [[Double]]) -> Geometry? {
        guard !parts.isEmpty else { return nil }
        var starts: [Int] = []
        var xy: [Double] = []
        for part in parts {
            starts.append(xy.count / 2)
            xy += part
        }
        return Geometry(shapeType: shapeType, partStarts: starts, xy: xy)
    }
}
