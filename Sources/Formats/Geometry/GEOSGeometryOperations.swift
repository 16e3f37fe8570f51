import CGEOS
import CProj
import Foundation
import RuleEngine

/// The rule engine's computational geometry, done with GEOS (reentrant API) and PROJ.
///
/// Each session owns one GEOS context and one PROJ context, so sessions run on separate threads.
public struct GEOSGeometryOperations: GeometryOperations {
    public init() {}

    public func makeSession() -> any GeometrySession { GEOSSession() }

    public func crsDetails(epsg: Int) -> CRSDetails? {
        guard let context = proj_context_create() else { return nil }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, "EPSG:\(epsg)") else { return nil }
        defer { proj_destroy(crs) }
        let type = proj_get_type(crs)
        var details = CRSDetails(
            name: proj_get_name(crs).map { String(cString: $0) } ?? "EPSG:\(epsg)",
            isGeographic: type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS)
        var west = 0.0
        var south = 0.0
        var east = 0.0
        var north = 0.0
        if proj_get_area_of_use(context, crs, &west, &south, &east, &north, nil) != 0, west > -1000 {
            details.areaOfUse = [west, south, east, north]
        }
        if let operation = proj_crs_get_coordoperation(context, crs) {
            defer { proj_destroy(operation) }
            func parameter(_ name: String) -> Double? {
                let index = proj_coordoperation_get_param_index(context, operation, name)
                guard index >= 0 else { return nil }
                var value = 0.0
                guard
                    proj_coordoperation_get_param(
                        context, operation, index, nil, nil, nil, &value, nil, nil, nil, nil, nil, nil) != 0
                else { return nil }
                return value
            }
            details.falseEasting = parameter("False easting")
            details.centralMeridian = parameter("Longitude of natural origin")
        }
        return details
    }
}

/// Collects the last message GEOS reports through its error handler.
final class GEOSMessages {
    var last = ""
}

/// One thread's GEOS and PROJ contexts, with the shapes of other layers it has converted.
final class GEOSSession: GeometrySession {
    let handle: GEOSContextHandle_t
    let messages = GEOSMessages()
    private var targets: [String: (geometry: OpaquePointer, prepared: OpaquePointer, area: Double)] = [:]
    /// Large targets clipped to grid windows (see `window(around:)`); nil when the clip failed.
    private var pieces: [WindowKey: Piece] = [:]
    private var pieceOrder: [WindowKey] = []
    private let pieceLimit = 8192
    private var projections: [Int: Projection] = [:]
    /// Converted shapes of `relation(of:and:)` by id, the oldest destroyed first beyond `ownLimit`.
    private var own: [String: OpaquePointer] = [:]
    private var ownOrder: [String] = []
    private let ownLimit = 2048

    init() {
        handle = GEOS_init_r()
        GEOSContext_setErrorMessageHandler_r(
            handle,
            { message, userData in
                guard let message, let userData else { return }
                Unmanaged<GEOSMessages>.fromOpaque(userData).takeUnretainedValue().last = String(cString: message)
            }, Unmanaged.passUnretained(messages).toOpaque())
    }

    deinit {
        for target in targets.values {
            GEOSPreparedGeom_destroy_r(handle, target.prepared)
            GEOSGeom_destroy_r(handle, target.geometry)
        }
        for geometry in own.values { GEOSGeom_destroy_r(handle, geometry) }
        for case let piece? in pieces.values.map(\.geometry) { GEOSGeom_destroy_r(handle, piece) }
        GEOS_finish_r(handle)
    }

    // MARK: conversion

    /// A GEOS ring from one part; nil (with GEOS's message) when GEOS refuses it.
    private func ring(_ geometry: Geometry, part: Int) -> OpaquePointer? {
        let range = geometry.partRange(part)
        let sequence = geometry.xy.withUnsafeBufferPointer { buffer in
            GEOSCoordSeq_copyFromBuffer_r(handle, buffer.baseAddress! + 2 * range.lowerBound, UInt32(range.count), 0, 0)
        }
        guard let sequence else { return nil }
        return GEOSGeom_createLinearRing_r(handle, sequence)
    }

    /// A GEOS polygon or multipolygon organized as `Geometry.polygons`; nil with GEOS's message when a
    /// ring cannot be built (too few points, not closed).
    func make(_ geometry: Geometry) -> OpaquePointer? {
        var built: [OpaquePointer?] = []
        for polygon in geometry.polygons {
            guard let shell = ring(geometry, part: polygon[0]) else {
                built.forEach { GEOSGeom_destroy_r(handle, $0) }
                return nil
            }
            var holes: [OpaquePointer?] = []
            for part in polygon.dropFirst() {
                guard let hole = ring(geometry, part: part) else {
                    GEOSGeom_destroy_r(handle, shell)
                    holes.forEach { GEOSGeom_destroy_r(handle, $0) }
                    built.forEach { GEOSGeom_destroy_r(handle, $0) }
                    return nil
                }
                holes.append(hole)
            }
            let made = holes.withUnsafeMutableBufferPointer { buffer in
                GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
            }
            built.append(made)
        }
        if built.count == 1 { return built[0] }
        return built.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(
                handle, Int32(GEOS_MULTIPOLYGON.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
    }

    /// The polygons of a GEOS geometry (of any type) as error geometries; lines and points are dropped.
    func polygons(of geometry: OpaquePointer) -> [ErrorGeometry] {
        let type = GEOSGeomTypeId_r(handle, geometry)
        if type == Int32(GEOS_POLYGON.rawValue) {
            guard GEOSisEmpty_r(handle, geometry) == 0 else { return [] }
            var rings: [[[Double]]] = []
            if let exterior = GEOSGetExteriorRing_r(handle, geometry) { rings.append(points(exterior)) }
            for index in 0..<max(0, GEOSGetNumInteriorRings_r(handle, geometry)) {
                if let interior = GEOSGetInteriorRingN_r(handle, geometry, index) { rings.append(points(interior)) }
            }
            return [.polygon(rings)]
        }
        guard type == Int32(GEOS_MULTIPOLYGON.rawValue) || type == Int32(GEOS_GEOMETRYCOLLECTION.rawValue) else {
            return []
        }
        var result: [ErrorGeometry] = []
        for index in 0..<max(0, GEOSGetNumGeometries_r(handle, geometry)) {
            if let part = GEOSGetGeometryN_r(handle, geometry, index) { result += polygons(of: part) }
        }
        return result
    }

    private func points(_ ring: OpaquePointer) -> [[Double]] {
        guard let sequence = GEOSGeom_getCoordSeq_r(handle, ring) else { return [] }
        var size: UInt32 = 0
        GEOSCoordSeq_getSize_r(handle, sequence, &size)
        var result: [[Double]] = []
        for index in 0..<size {
            var x = 0.0
            var y = 0.0
            GEOSCoordSeq_getXY_r(handle, sequence, index, &x, &y)
            result.append([(x * 1000).rounded() / 1000, (y * 1000).rounded() / 1000])
        }
        return result
    }

    private func area(_ geometry: OpaquePointer) -> Double {
        var value = 0.0
        GEOSArea_r(handle, geometry, &value)
        return value
    }

    // MARK: GeometrySession

    func validity(of geometry: Geometry) -> GeometryValidity {
        messages.last = ""
        guard let made = make(geometry) else {
            let reason = messages.last.isEmpty ? "the shape cannot be built" : messages.last
            let problem: GeometryProblem =
                reason.contains("closed")
                ? .ringNotClosed : reason.contains("number of points") ? .tooFewPoints : .other
            let first = geometry.vertexCount > 0 ? (geometry.xy[0], geometry.xy[1]) : nil
            return .invalid(problem, reason: Self.shortReason(reason), x: first?.0, y: first?.1)
        }
        defer { GEOSGeom_destroy_r(handle, made) }
        var reason: UnsafeMutablePointer<CChar>?
        var location: OpaquePointer?
        let result = GEOSisValidDetail_r(handle, made, 0, &reason, &location)
        defer {
            if let reason { GEOSFree_r(handle, reason) }
            if let location { GEOSGeom_destroy_r(handle, location) }
        }
        if result == 1 { return .valid }
        let text = reason.map { String(cString: $0) } ?? (messages.last.isEmpty ? "GEOS failed" : messages.last)
        var x: Double?
        var y: Double?
        if let location {
            var value = 0.0
            if GEOSGeomGetX_r(handle, location, &value) == 1 { x = value }
            if GEOSGeomGetY_r(handle, location, &value) == 1 { y = value }
        }
        return .invalid(
            GeometryProblem(reason: text), reason: text + (x.map { " at or near (\($0) \(y ?? 0))" } ?? ""), x: x, y: y)
    }

    /// GEOS's exception text without its class name (`IllegalArgumentException: …`).
    static func shortReason(_ text: String) -> String {
        guard let colon = text.range(of: "Exception: ") else { return text }
        return String(text[colon.upperBound...])
    }

    func relation(of a: Geometry, and b: Geometry) -> ShapeRelation {
        guard let first = make(a) else { return ShapeRelation(matrix: "FFFFFFFFF") }
        defer { GEOSGeom_destroy_r(handle, first) }
        guard let second = make(b) else { return ShapeRelation(matrix: "FFFFFFFFF") }
        defer { GEOSGeom_destroy_r(handle, second) }
        return relation(first, second)
    }

    func relation(of a: TargetShape, and b: TargetShape) -> ShapeRelation {
        guard let first = kept(a), let second = kept(b) else { return ShapeRelation(matrix: "FFFFFFFFF") }
        return relation(first, second)
    }

    private func kept(_ shape: TargetShape) -> OpaquePointer? {
        if let found = own[shape.id] { return found }
        guard let made = make(shape.geometry) else { return nil }
        if ownOrder.count >= ownLimit {
            // drop the oldest half at once, so eviction stays cheap
            for id in ownOrder.prefix(ownLimit / 2) {
                if let old = own.removeValue(forKey: id) { GEOSGeom_destroy_r(handle, old) }
            }
            ownOrder.removeFirst(ownLimit / 2)
        }
        own[shape.id] = made
        ownOrder.append(shape.id)
        return made
    }

    private func relation(_ first: OpaquePointer, _ second: OpaquePointer) -> ShapeRelation {
        guard let matrix = GEOSRelate_r(handle, first, second) else { return ShapeRelation(matrix: "FFFFFFFFF") }
        var relation = ShapeRelation(matrix: String(cString: matrix))
        GEOSFree_r(handle, matrix)
        if relation.interiorsOverlap, let overlap = GEOSIntersection_r(handle, first, second) {
            defer { GEOSGeom_destroy_r(handle, overlap) }
            relation.overlap = polygons(of: overlap)
            relation.overlapArea = area(overlap)
        }
        return relation
    }

    /// Overlays a shape on large targets (villages, the county) without paying for the targets' size: a
    /// shape strictly inside a target is settled by the prepared target; otherwise the target is first
    /// clipped to the shape's envelope grown by a margin, so GEOS's overlay and relate see a few dozen
    /// vertices instead of a whole village boundary (a feature on its village's boundary made GEOS fall
    /// back to a full relate over the village). Clipping is exact: the shape lies strictly inside the
    /// rectangle, and the clip only adds vertices on the rectangle's sides.
    /// A square window of a power-of-two grid that holds `box` with a wide margin: side 2^k ≥ 4 × the
    /// box's size, the window the grid cell of the box's centre grown by half a side each way. Features of
    /// similar size near each other share windows, so a large target is clipped once per window instead
    /// of once per feature. nil for an empty box.
    private func window(around box: Envelope) -> Window? {
        let size = max(box.maxX - box.minX, box.maxY - box.minY)
        guard size > 0, size.isFinite else { return nil }
        let level = Int((4 * size).exponent) + 1
        let side = Double(sign: .plus, exponent: level, significand: 1)
        let column = ((box.minX + box.maxX) / 2 / side).rounded(.down)
        let row = ((box.minY + box.maxY) / 2 / side).rounded(.down)
        guard abs(column) < 1e15, abs(row) < 1e15 else { return nil }
        return Window(level: level, column: Int(column), row: Int(row))
    }

    /// A target clipped to a window, with its edges for the interior filter, kept for the next features
    /// in that window.
    private func piece(of target: String, _ geometry: OpaquePointer, in window: Window) -> Piece? {
        let key = WindowKey(target: target, window: window)
        if let found = pieces[key] { return found }
        let side = Double(sign: .plus, exponent: window.level, significand: 1)
        let (x, y) = (Double(window.column) * side, Double(window.row) * side)
        let clipped = GEOSClipByRect_r(handle, geometry, x - side / 2, y - side / 2, x + 1.5 * side, y + 1.5 * side)
        var piece = Piece(geometry: clipped, edges: nil)
        if let clipped {
            let rings = polygons(of: clipped).flatMap { polygon -> [[[[Double]]]] in
                switch polygon {
                case .polygon(let rings): [rings]
                case .multiPolygon(let more): more
                default: []
                }
            }
            piece.edges = InteriorFilter.edges(ofPolygons: rings)
        }
        pieces[key] = piece
        pieceOrder.append(key)
        return piece
    }

    /// Drops the oldest half of the kept pieces once there are too many (between overlays, never during one).
    private func trimPieces() {
        guard pieceOrder.count > pieceLimit else { return }
        let dropped = pieceOrder.prefix(pieceLimit / 2)
        for key in dropped {
            if let piece = pieces.removeValue(forKey: key)?.geometry { GEOSGeom_destroy_r(handle, piece) }
        }
        pieceOrder.removeFirst(dropped.count)
    }

    func overlay(_ shape: Geometry, on targets: [TargetShape]) -> Overlay {
        trimPieces()
        guard let made = make(shape), let box = shape.envelope else {
            return Overlay(areas: targets.map { _ in 0 }, outsideArea: 0, outside: [])
        }
        defer { GEOSGeom_destroy_r(handle, made) }
        let total = area(made)
        let margin = max(1, 0.01 * max(box.maxX - box.minX, box.maxY - box.minY))
        var shapeEdges: InteriorFilter.Edges??
        func edges() -> InteriorFilter.Edges? {
            if shapeEdges == nil { shapeEdges = .some(InteriorFilter.Edges(shape)) }
            return shapeEdges ?? nil
        }
        var areas: [Double] = []
        var inside: [OpaquePointer] = []
        defer { inside.forEach { GEOSGeom_destroy_r(handle, $0) } }
        var covered = false
        for target in targets {
            guard let converted = converted(target), GEOSPreparedIntersects_r(handle, converted.prepared, made) == 1
            else {
                areas.append(0)
                continue
            }
            if GEOSPreparedContainsProperly_r(handle, converted.prepared, made) == 1 {
                areas.append(total)
                covered = true
                continue
            }
            let window = window(around: box)
            let local: OpaquePointer?
            let owned: Bool
            if let window, let piece = piece(of: target.id, converted.geometry, in: window),
                let geometry = piece.geometry
            {
                // settled without GEOS when sure: inside the piece (touching its boundary), or only touching it
                if let pieceEdges = piece.edges, let shapeEdges = edges() {
                    if InteriorFilter.covered(shapeEdges, by: pieceEdges) {
                        areas.append(total)
                        covered = true
                        continue
                    }
                    if InteriorFilter.interiorsDisjoint(shapeEdges, pieceEdges) {
                        areas.append(0)
                        continue
                    }
                }
                (local, owned) = (geometry, false)
            } else {
                local = GEOSClipByRect_r(
                    handle, converted.geometry, box.minX - margin, box.minY - margin, box.maxX + margin,
                    box.maxY + margin)
                owned = true
            }
            guard let local else {
                areas.append(0)
                continue
            }
            if GEOSCovers_r(handle, local, made) == 1 {
                if owned { GEOSGeom_destroy_r(handle, local) }
                areas.append(total)
                covered = true
            } else if let part = GEOSIntersection_r(handle, made, local) {
                areas.append(area(part))
                GEOSGeom_destroy_r(handle, part)
                inside.append(owned ? local : GEOSGeom_clone_r(handle, local))
            } else {
                if owned { GEOSGeom_destroy_r(handle, local) }
                areas.append(0)
            }
        }
        if covered || targets.isEmpty && total == 0 { return Overlay(areas: areas, outsideArea: 0, outside: []) }
        var rest = GEOSGeom_clone_r(handle, made)
        for target in inside {
            guard let current = rest, let next = GEOSDifference_r(handle, current, target) else { break }
            GEOSGeom_destroy_r(handle, current)
            rest = next
        }
        guard let rest else { return Overlay(areas: areas, outsideArea: 0, outside: []) }
        defer { GEOSGeom_destroy_r(handle, rest) }
        return Overlay(areas: areas, outsideArea: area(rest), outside: polygons(of: rest))
    }

    private func converted(_ target: TargetShape) -> (geometry: OpaquePointer, prepared: OpaquePointer, area: Double)? {
        if let found = targets[target.id] { return found }
        guard let made = make(target.geometry) else { return nil }
        guard let prepared = GEOSPrepare_r(handle, made) else {
            GEOSGeom_destroy_r(handle, made)
            return nil
        }
        let entry = (made, prepared, area(made))
        targets[target.id] = entry
        return entry
    }

    func holes(inUnionOfGrid side: Int, shapes: (Int) -> [Geometry]) -> [ErrorGeometry] {
        var size = 1
        while size < side { size *= 2 }
        // a quadtree over the grid: each tile united alone, then four neighbours' unions at a time
        func unite(_ row: Int, _ column: Int, _ size: Int) -> OpaquePointer? {
            guard row < side, column < side else { return nil }
            if size == 1 {
                guard let collection = collection(of: shapes(row * side + column)) else { return nil }
                defer { GEOSGeom_destroy_r(handle, collection) }
                return union(collection)
            }
            let half = size / 2
            var parts: [OpaquePointer?] = [
                unite(row, column, half), unite(row, column + half, half), unite(row + half, column, half),
                unite(row + half, column + half, half),
            ].filter { $0 != nil }
            if parts.count <= 1 { return parts.first ?? nil }
            let all = parts.withUnsafeMutableBufferPointer { buffer in
                GEOSGeom_createCollection_r(
                    handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), buffer.baseAddress, UInt32(buffer.count))
            }
            guard let all else {
                parts.forEach { GEOSGeom_destroy_r(handle, $0!) }
                return nil
            }
            defer { GEOSGeom_destroy_r(handle, all) }
            return union(all)
        }
        guard let united = unite(0, 0, size) else { return [] }
        defer { GEOSGeom_destroy_r(handle, united) }
        var holes: [ErrorGeometry] = []
        for polygon in polygons(of: united) {
            guard case .polygon(let rings) = polygon else { continue }
            holes += rings.dropFirst().map { ErrorGeometry.polygon([$0]) }
        }
        return holes
    }

    /// The union of a collection: the coverage union when it holds, else the general one.
    private func union(_ collection: OpaquePointer) -> OpaquePointer? {
        coverageUnion(collection) ?? GEOSUnaryUnion_r(handle, collection)
    }

    /// Whether the shapes' union is taken by the linear coverage union (for tests).
    func unionIsByCoverage(_ shapes: [Geometry]) -> Bool {
        guard let collection = collection(of: shapes) else { return false }
        defer { GEOSGeom_destroy_r(handle, collection) }
        guard let union = coverageUnion(collection) else { return false }
        GEOSGeom_destroy_r(handle, union)
        return true
    }

    /// A GEOS geometry collection owning the shapes that convert; nil when none does.
    private func collection(of shapes: [Geometry]) -> OpaquePointer? {
        var made: [OpaquePointer?] = shapes.compactMap { make($0) }
        guard !made.isEmpty else { return nil }
        let collection = made.withUnsafeMutableBufferPointer { buffer -> OpaquePointer? in
            GEOSGeom_createCollection_r(
                handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        if collection == nil { made.forEach { GEOSGeom_destroy_r(handle, $0!) } }
        return collection
    }

    /// The union of shapes that form a coverage (edges shared exactly, no overlap), in linear time:
    /// GEOS cancels the edges two shapes share instead of overlaying them. Its answer is used only when
    /// it is valid and its area equals the sum of the shapes' areas; overlaps, duplicates or edges that
    /// do not match make it nil, and the caller falls back to the general (much slower) union.
    private func coverageUnion(_ collection: OpaquePointer) -> OpaquePointer? {
        var parts = 0.0
        for index in 0..<GEOSGetNumGeometries_r(handle, collection) {
            if let part = GEOSGetGeometryN_r(handle, collection, index) { parts += area(part) }
        }
        guard let union = GEOSCoverageUnion_r(handle, collection) else { return nil }
        let consistent = abs(area(union) - parts) <= 1e-9 * max(1, parts)
        guard consistent, GEOSisValid_r(handle, union) == 1 else {
            GEOSGeom_destroy_r(handle, union)
            return nil
        }
        return union
    }

    func ellipsoidalArea(of geometry: Geometry, epsg: Int) -> Double? {
        guard let projection = projection(epsg) else { return nil }
        var total = 0.0
        for polygon in geometry.polygons {
            for (position, part) in polygon.enumerated() {
                guard let area = projection.ellipsoidalArea(geometry.xy, geometry.partRange(part)) else { return nil }
                total += position == 0 ? area : -area
            }
        }
        return total
    }

    func geographic(x: Double, y: Double, epsg: Int) -> (longitude: Double, latitude: Double)? {
        projection(epsg)?.geographic(x: x, y: y)
    }

    private func projection(_ epsg: Int) -> Projection? {
        if let found = projections[epsg] { return found }
        guard let made = Projection(epsg: epsg) else { return nil }
        projections[epsg] = made
        return made
    }
}

/// The inverse of a projected CRS to its own geographic CRS (longitude, latitude), with that CRS's ellipsoid.
final class Projection {
    let context: OpaquePointer
    let transform: OpaquePointer
    /// The ellipsoid's semi-major axis and first eccentricity squared.
    let semiMajor: Double
    let eccentricity2: Double
    /// q at the pole (the authalic latitude's normaliser).
    let polarQ: Double

    init?(epsg: Int) {
        guard let context = proj_context_create() else { return nil }
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, "EPSG:\(epsg)"), let base = proj_crs_get_geodetic_crs(context, crs) else {
            proj_context_destroy(context)
            return nil
        }
        defer {
            proj_destroy(crs)
            proj_destroy(base)
        }
        var semiMajor = 0.0
        var inverseFlattening = 0.0
        guard let ellipsoid = proj_get_ellipsoid(context, base) else {
            proj_context_destroy(context)
            return nil
        }
        proj_ellipsoid_get_parameters(context, ellipsoid, &semiMajor, nil, nil, &inverseFlattening)
        proj_destroy(ellipsoid)
        guard let raw = proj_create_crs_to_crs_from_pj(context, crs, base, nil, nil),
            let normalized = proj_normalize_for_visualization(context, raw)
        else {
            proj_context_destroy(context)
            return nil
        }
        proj_destroy(raw)
        self.context = context
        transform = normalized
        self.semiMajor = semiMajor
        let flattening = inverseFlattening == 0 ? 0 : 1 / inverseFlattening
        eccentricity2 = flattening * (2 - flattening)
        polarQ = Self.q(sinLatitude: 1, eccentricity2: eccentricity2)
    }

    /// Snyder's q(φ) (Map Projections: A Working Manual, eq. 3-12): the authalic latitude β of φ has
    /// sin β = q(φ) / q(90°).
    static func q(sinLatitude s: Double, eccentricity2 e2: Double) -> Double {
        guard e2 > 0 else { return 2 * s }
        let e = e2.squareRoot()
        let first: Double = s / (1 - e2 * s * s)
        let second: Double = log((1 - e * s) / (1 + e * s)) / (2 * e)
        return (1 - e2) * (first - second)
    }

    /// The area on the ellipsoid of one ring of projected coordinates (`xy[2i]`, `xy[2i+1]` for `range`),
    /// its vertices inverse-projected by PROJ in one call. The ellipsoid's area element is that of the
    /// authalic sphere (radius² = a²·q_p/2) in longitude and sin β, so each edge, taken straight in
    /// longitude and latitude as the 三调 trapezoid method takes it, contributes Δλ times the mean of
    /// sin β along it (Simpson's rule: under 1e-9 of the area for edges of a kilometre). nil when a
    /// vertex does not transform.
    func ellipsoidalArea(_ xy: [Double], _ range: Range<Int>) -> Double? {
        var count = range.count
        guard count >= 3 else { return 0 }
        if xy[2 * range.lowerBound] == xy[2 * (range.upperBound - 1)]
            && xy[2 * range.lowerBound + 1] == xy[2 * (range.upperBound - 1) + 1]
        {
            count -= 1
        }
        var longitudes = (0..<count).map { xy[2 * (range.lowerBound + $0)] }
        var latitudes = (0..<count).map { xy[2 * (range.lowerBound + $0) + 1] }
        let stride = MemoryLayout<Double>.stride
        let done = proj_trans_generic(
            transform, PJ_FWD, &longitudes, stride, count, &latitudes, stride, count, nil, 0, 0, nil, 0, 0)
        guard done == count else { return nil }
        let radians = Double.pi / 180
        var sines = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let (longitude, latitude) = (longitudes[index], latitudes[index])
            guard longitude.isFinite, latitude.isFinite, abs(longitude) < 1e6, abs(latitude) <= 90 else { return nil }
            sines[index] = sinAuthalic(latitude * radians)
        }
        // Simpson's rule along each edge (sin β at both ends and the middle latitude), with sin β less its
        // value at the first vertex: the sum over a closed ring is unchanged and its terms stay small
        let reference = sines[0]
        var sixfold = 0.0
        for index in 0..<count {
            let next = (index + 1) % count
            let middle = sinAuthalic((latitudes[index] + latitudes[next]) / 2 * radians)
            sixfold +=
                (longitudes[next] - longitudes[index]) * radians
                * (sines[index] + 4 * middle + sines[next] - 6 * reference)
        }
        return abs(sixfold) / 6 * semiMajor * semiMajor * polarQ / 2
    }

    /// sin β, the authalic latitude's sine, of a latitude in radians.
    private func sinAuthalic(_ latitude: Double) -> Double {
        Self.q(sinLatitude: sin(latitude), eccentricity2: eccentricity2) / polarQ
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    func geographic(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let output = proj_trans(transform, PJ_FWD, proj_coord(x, y, 0, 0))
        guard output.xy.x.isFinite, output.xy.y.isFinite, abs(output.xy.x) < 1e6 else { return nil }
        return (output.xy.x, output.xy.y)
    }
}

/// A square of the power-of-two grid of side 2^level.
struct Window: Hashable {
    var level: Int
    var column: Int
    var row: Int
}

/// A target's piece in a window.
struct WindowKey: Hashable {
    var target: String
    var window: Window
}

/// A target clipped to a window (nil when GEOS could not clip it) and the piece's edges.
struct Piece {
    var geometry: OpaquePointer?
    var edges: InteriorFilter.Edges?
}
