import CGEOS
import Foundation
import RuleEngine
import Synchronization

/// Unions and the holes in them, by coverage union tile by tile where that is exact.
extension GEOSSession {
    func holes(inUnionOfGrid side: Int, shapes: (Int) -> [Geometry]) -> [ErrorGeometry] {
        withoutActuallyEscaping(shapes) { shapes in
            holes(inUnionOfGrid: side, workers: 1, perform: { _, body in body(0) }, tiles: { shapes })
        }
    }

    /// The quadtree of unions level by level, each level's unions shared out among `workers` (each with
    /// a GEOS context of its own) by `perform`: the tiles first, then four neighbours' unions at a time.
    /// Every union has the same inputs in the same order as one thread would give it, so the holes are
    /// the same whatever the number of workers.
    func holes(
        inUnionOfGrid side: Int, workers: Int, perform: @escaping (Int, (Int) -> Void) -> Void,
        tiles makeShapes: @escaping () -> (Int) -> [Geometry]
    ) -> [ErrorGeometry] {
        var size = 1
        while size < side { size *= 2 }
        let workers = max(1, workers)
        // the worker sessions live until the end, so no union outlives the context that made it
        let sessions = (0..<workers).map { $0 == 0 ? self : GEOSSession() }
        let readers = UnsafeMutableBufferPointer<((Int) -> [Geometry])?>.allocate(capacity: workers)
        readers.initialize(repeating: nil)
        defer {
            readers.deinitialize()
            readers.deallocate()
        }
        // level 0: grid size × size of tile unions (nil outside the side × side grid or empty)
        var width = size
        var level = UnsafeMutableBufferPointer<OpaquePointer?>.allocate(capacity: width * width)
        level.initialize(repeating: nil)
        func build(_ count: Int, _ node: @escaping (GEOSSession, Int, Int) -> OpaquePointer?) {
            let next = Counter()
            let made = level
            perform(workers) { worker in
                while true {
                    let index = next.value.add(1, ordering: .relaxed).oldValue
                    if index >= count { return }
                    made[index] = node(sessions[worker], worker, index)
                }
            }
        }
        build(width * width) { session, worker, index in
            let (row, column) = (index / width, index % width)
            guard row < side, column < side else { return nil }
            if readers[worker] == nil { readers[worker] = makeShapes() }
            guard let shapes = readers[worker], let collection = session.collection(of: shapes(row * side + column))
            else { return nil }
            defer { GEOSGeom_destroy_r(session.handle, collection) }
            return session.union(collection)
        }
        while width > 1 {
            let children = level
            let half = width
            width /= 2
            level = .allocate(capacity: width * width)
            level.initialize(repeating: nil)
            build(width * width) { session, _, index in
                let (row, column) = (2 * (index / width), 2 * (index % width))
                var parts: [OpaquePointer?] = [
                    children[row * half + column], children[row * half + column + 1],
                    children[(row + 1) * half + column], children[(row + 1) * half + column + 1],
                ].filter { $0 != nil }
                if parts.count <= 1 { return parts.first ?? nil }
                let all = parts.withUnsafeMutableBufferPointer { buffer in
                    GEOSGeom_createCollection_r(
                        session.handle, Int32(GEOS_GEOMETRYCOLLECTION.rawValue), buffer.baseAddress,
                        UInt32(buffer.count))
                }
                guard let all else {
                    parts.forEach { GEOSGeom_destroy_r(session.handle, $0!) }
                    return nil
                }
                defer { GEOSGeom_destroy_r(session.handle, all) }
                return session.union(all)
            }
            children.deallocate()
        }
        let united = level[0]
        level.deallocate()
        guard let united else { return [] }
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

/// A shared counter handing out the nodes of a level.
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
