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
    var targets: [String: (geometry: OpaquePointer, prepared: OpaquePointer, area: Double)] = [:]
    /// Large targets clipped to grid windows (see `window(around:)`); nil when the clip failed.
    var pieces: [WindowKey: Piece] = [:]
    /// The interior filter's edges of the targets of `overlay`, by id (nil: not a polygon).
    var targetEdges: [String: InteriorFilter.Edges?] = [:]
    var pieceOrder: [WindowKey] = []
    let pieceLimit = 8192
    var projections: [Int: Projection] = [:]
    /// Converted shapes of `relation(of:and:)` by id, the oldest destroyed first beyond `ownLimit`.
    var own: [String: OpaquePointer] = [:]
    var ownOrder: [String] = []
    let ownLimit = 2048

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
    func ring(_ geometry: Geometry, part: Int) -> OpaquePointer? {
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

    func points(_ ring: OpaquePointer) -> [[Double]] {
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

    func area(_ geometry: OpaquePointer) -> Double {
        var value = 0.0
        GEOSArea_r(handle, geometry, &value)
        return value
    }

    // MARK: GeometrySession

    func validity(of geometry: Geometry) -> GeometryValidity {
        // most parcels: one ring, plainly valid without building it in GEOS
        geometry.isPlainlyValidRing ? .valid : libraryValidity(of: geometry)
    }

    /// GEOS's verdict, with its reason and place.
    func libraryValidity(of geometry: Geometry) -> GeometryValidity {
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

    func kept(_ shape: TargetShape) -> OpaquePointer? {
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

    func relation(_ first: OpaquePointer, _ second: OpaquePointer) -> ShapeRelation {
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

    func projection(_ epsg: Int) -> Projection? {
        if let found = projections[epsg] { return found }
        guard let made = Projection(epsg: epsg) else { return nil }
        projections[epsg] = made
        return made
    }
}
