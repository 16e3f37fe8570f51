extension Geometry {
    /// The most vertices a ring may have for `isPlainlyValidRing` to judge it; larger ones go to the library.
    /// The sweep compares every two edges whose x ranges meet, so a hostile ring (a comb whose teeth all
    /// span the same x) costs the square of its size: this bound keeps that under a GEOS check's cost.
    public static let plainRingLimit = 256

    /// True when the shape is one polygon ring that is valid beyond doubt: every coordinate finite, closed,
    /// at least three distinct vertices, and no two edges meeting except consecutive ones at their shared
    /// vertex. Every orientation it relies on is decided with a margin of 10⁻¹² of the terms, thousands of
    /// times the rounding error, so a ring it accepts is valid in exact arithmetic too (and for GEOS, whose
    /// orientation is exact). False says nothing: a ring with holes or several parts, a ring too large, any
    /// edge that touches another or runs (nearly) along it, and every invalid ring are left to the geometry
    /// library, which also gives the reason and place. Repeated consecutive vertices are allowed, as GEOS
    /// allows them.
    ///
    /// Most parcels of a land survey are single rings of a few dozen vertices: for them this sweep costs a
    /// fraction of building the GEOS geometry and running its validity check.
    public var isPlainlyValidRing: Bool {
        guard kind == .polygon, partStarts.count == 1, partStarts[0] == 0 else { return false }
        let count = vertexCount
        guard count >= 4, count <= Self.plainRingLimit else { return false }
        return xy.withUnsafeBufferPointer { xy in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 4 * count) { edges in
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { order in
                    PlainRing(edges: edges, order: order).judge(xy)
                }
            }
        }
    }
}

/// The sweep behind `Geometry.isPlainlyValidRing`, over borrowed buffers (nothing allocated on the heap).
private struct PlainRing {
    /// Each edge's start and end, x0 y0 x1 y1, after repeated consecutive vertices are dropped.
    let edges: UnsafeMutableBufferPointer<Double>
    /// The edges in the order of their smallest x.
    let order: UnsafeMutableBufferPointer<Int32>

    /// The relative margin an orientation must clear to count as decided.
    static let margin = 1e-12

    func judge(_ xy: UnsafeBufferPointer<Double>) -> Bool {
        let count = xy.count / 2
        for value in xy where !value.isFinite { return false }
        guard xy[0] == xy[2 * count - 2], xy[1] == xy[2 * count - 1] else { return false }
        // the edges between distinct consecutive vertices; the last one ends at the first vertex again
        var total = 0
        var (x, y) = (xy[0], xy[1])
        for index in 1..<count {
            let (nextX, nextY) = (xy[2 * index], xy[2 * index + 1])
            if nextX == x && nextY == y { continue }
            edges[4 * total] = x
            edges[4 * total + 1] = y
            edges[4 * total + 2] = nextX
            edges[4 * total + 3] = nextY
            total += 1
            (x, y) = (nextX, nextY)
        }
        // at least three distinct vertices
        guard total >= 3 else { return false }
        sortByLeft(total)
        for position in 0..<total {
            let edge = Int(order[position])
            let (ax, ay, bx, by) = ends(edge)
            let right = max(ax, bx)
            let low = min(ay, by)
            let high = max(ay, by)
            for next in (position + 1)..<total {
                let other = Int(order[next])
                let (cx, cy, dx, dy) = ends(other)
                if min(cx, dx) > right { break }
                if max(cy, dy) < low || min(cy, dy) > high { continue }
                let first = min(edge, other)
                let second = max(edge, other)
                if second == first + 1 {
                    // consecutive: the second starts where the first ends
                    let (px, py, qx, qy) = ends(first)
                    let (_, _, rx, ry) = ends(second)
                    guard Self.meetOnlyAtVertex(px, py, qx, qy, rx, ry) else { return false }
                } else if first == 0 && second == total - 1 {
                    // the closing edge ends where the first starts
                    let (px, py, _, _) = ends(second)
                    let (qx, qy, rx, ry) = ends(first)
                    guard Self.meetOnlyAtVertex(px, py, qx, qy, rx, ry) else { return false }
                } else {
                    guard Self.plainlyApart(ax, ay, bx, by, cx, cy, dx, dy) else { return false }
                }
            }
        }
        return true
    }

    /// Orders the first `total` edges by their smallest x.
    func sortByLeft(_ total: Int) {
        for edge in 0..<total { order[edge] = Int32(edge) }
        guard total > 64 else {
            // insertion sort: on rings this small the standard library's sort through a closure costs more
            // than the whole sweep
            for edge in 1..<total {
                let moved = order[edge]
                let key = left(moved)
                var slot = edge
                while slot > 0 && left(order[slot - 1]) > key {
                    order[slot] = order[slot - 1]
                    slot -= 1
                }
                order[slot] = moved
            }
            return
        }
        var sorted = UnsafeMutableBufferPointer(rebasing: order[0..<total])
        sorted.sort { left($0) < left($1) }
    }

    func ends(_ edge: Int) -> (Double, Double, Double, Double) {
        (edges[4 * edge], edges[4 * edge + 1], edges[4 * edge + 2], edges[4 * edge + 3])
    }

    func left(_ edge: Int32) -> Double {
        min(edges[4 * Int(edge)], edges[4 * Int(edge) + 2])
    }

    /// The side of c relative to the line a→b: 1 left, -1 right, nil when too close to call.
    static func side(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double) -> Int? {
        let left = (bx - ax) * (cy - ay)
        let right = (by - ay) * (cx - ax)
        let determinant = left - right
        let bound = margin * (abs(left) + abs(right))
        if determinant > bound { return 1 }
        if determinant < -bound { return -1 }
        return nil
    }

    /// Edges p→q and q→r meet only at q: they turn by a decided angle, or they run on in (nearly) the same
    /// direction (a vertex on a straight boundary). A turn back along the edge (a spike) is not plain.
    static func meetOnlyAtVertex(
        _ px: Double, _ py: Double, _ qx: Double, _ qy: Double, _ rx: Double, _ ry: Double
    ) -> Bool {
        if side(px, py, qx, qy, rx, ry) != nil { return true }
        let (ux, uy, vx, vy) = (px - qx, py - qy, rx - qx, ry - qy)
        let dot = ux * vx + uy * vy
        // the angle at q is beyond 120°: p and r lie on opposite sides of q
        return dot < 0 && 4 * dot * dot > (ux * ux + uy * uy) * (vx * vx + vy * vy)
    }

    /// Edges a→b and c→d share no point: c and d lie strictly on one side of the line through a and b, or
    /// a and b strictly on one side of the line through c and d (either alone keeps the edges apart, so an
    /// edge that ends on the other's line, as at a vertex on a straight boundary, is still decided).
    static func plainlyApart(
        _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double, _ dx: Double, _ dy: Double
    ) -> Bool {
        if let c = side(ax, ay, bx, by, cx, cy), let d = side(ax, ay, bx, by, dx, dy), c == d { return true }
        if let a = side(cx, cy, dx, dy, ax, ay), let b = side(cx, cy, dx, dy, bx, by), a == b { return true }
        return false
    }
}
