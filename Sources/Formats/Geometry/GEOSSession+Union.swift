import CGEOS
import Foundation
import RuleEngine

/// Unions and the holes in them, by coverage union tile by tile where that is exact.
extension GEOSSession {
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
    func union(_ collection: OpaquePointer) -> OpaquePointer? {
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
    func collection(of shapes: [Geometry]) -> OpaquePointer? {
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
    func coverageUnion(_ collection: OpaquePointer) -> OpaquePointer? {
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
}
