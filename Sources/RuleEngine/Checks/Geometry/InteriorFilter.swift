/// A cheap exact test that two valid polygon shapes have disjoint interiors, so that the common case of
/// neighbours in a coverage (they share edges and nothing else) needs no call to the geometry library.
///
/// `interiorsDisjoint` answers true only when it is sure; false means "ask GEOS". The argument: if the
/// interiors of two valid polygons A and B meet, then either (1) an edge of A properly crosses an edge of
/// B, or (2) a piece of A's boundary lies strictly inside B (or the other way round), or (3) a component
/// of A's interior equals one of B's, so their boundaries coincide and run the same way around the
/// common interior. For (2): cut every edge at the other shape's vertices that lie on it; with no proper
/// crossing, each piece lies wholly inside, outside or on the other boundary, so its midpoint decides.
/// For (3) and for pieces on the other boundary: with each ring's direction normalised so that its
/// interior is on the right, a piece running the same way as the other boundary's edge has both
/// interiors on one side. Any of these, or a degenerate case, sends the pair to GEOS.
///
/// A point within `tolerance` (1e-7 CRS units) of a line counts as on it, so rounding in the midpoints
/// cannot hide a shared edge; an overlap thinner than that (far below any area tolerance) may be missed.
public enum InteriorFilter {
    /// Edges with the interior of their polygon on the right: x1, y1, x2, y2.
    public struct Edges: Sendable {
        var segments: [(Double, Double, Double, Double)] = []
        /// Each segment's length, for the tolerance scale.
        var lengths: [Double] = []
        var box: Envelope
        /// The edges by height, for shapes with many edges (nil: scan them all).
        var bands: EdgeBands?

        init(box: Envelope) {
            self.box = box
        }

        public init?(_ geometry: Geometry) {
            guard geometry.kind == .polygon, let box = geometry.envelope else { return nil }
            self.box = box
            let xy = geometry.xy
            segments.reserveCapacity(geometry.vertexCount)
            lengths.reserveCapacity(geometry.vertexCount)
            for polygon in geometry.polygons {
                for (position, part) in polygon.enumerated() {
                    let clockwise = geometry.signedArea2(ofPart: part) < 0
                    // a shell's interior is on the right when it runs clockwise, a hole's when counter-clockwise
                    let forward = (position == 0) == clockwise
                    let range = geometry.partRange(part)
                    guard range.count > 1 else { return nil }
                    for vertex in range.lowerBound..<(range.upperBound - 1) {
                        let (x1, y1, x2, y2) = (
                            xy[2 * vertex], xy[2 * vertex + 1], xy[2 * vertex + 2], xy[2 * vertex + 3]
                        )
                        if x1 == x2 && y1 == y2 { continue }
                        let segment = forward ? (x1, y1, x2, y2) : (x2, y2, x1, y1)
                        segments.append(segment)
                        lengths.append(((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)).squareRoot())
                    }
                }
            }
            bands = EdgeBands(segments: segments, box: box, tolerance: InteriorFilter.tolerance)
        }
    }

    /// Edges of polygons given as rings of `[x, y]` points (each polygon's shell, then its holes), as
    /// GEOS returns them, whatever their winding.
    public static func edges(ofPolygons polygons: [[[[Double]]]]) -> Edges? {
        var edges = Edges(box: Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity))
        for polygon in polygons {
            for (position, ring) in polygon.enumerated() {
                guard ring.count > 1, ring.allSatisfy({ $0.count >= 2 }) else { return nil }
                var twice = 0.0
                for (p, q) in zip(ring, ring.dropFirst()) { twice += p[0] * q[1] - q[0] * p[1] }
                let forward = (position == 0) == (twice < 0)
                for (p, q) in zip(ring, ring.dropFirst()) where p[0] != q[0] || p[1] != q[1] {
                    edges.segments.append(forward ? (p[0], p[1], q[0], q[1]) : (q[0], q[1], p[0], p[1]))
                    edges.lengths.append(((q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1])).squareRoot())
                    edges.box = Envelope(
                        minX: min(edges.box.minX, p[0]), minY: min(edges.box.minY, p[1]),
                        maxX: max(edges.box.maxX, p[0]), maxY: max(edges.box.maxY, p[1]))
                }
            }
        }
        guard !edges.segments.isEmpty else { return nil }
        edges.bands = EdgeBands(segments: edges.segments, box: edges.box, tolerance: tolerance)
        return edges
    }

    static let tolerance = 1e-7

    static func orientation(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double, _ cx: Double, _ cy: Double)
        -> Double
    {
        (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    }

    /// True only when the interiors of the two shapes certainly do not meet.
    public static func interiorsDisjoint(_ a: Geometry, _ b: Geometry) -> Bool {
        guard let first = Edges(a), let second = Edges(b) else { return false }
        return interiorsDisjoint(first, second)
    }

    /// The same test on edges built once per shape.
    public static func interiorsDisjoint(_ a: Edges, _ b: Edges) -> Bool {
        guard a.box.minX <= b.box.maxX, b.box.minX <= a.box.maxX, a.box.minY <= b.box.maxY, b.box.minY <= a.box.maxY
        else { return true }
        return sure(a, b) && sure(b, a)
    }

    /// True only when `a` certainly lies within `b` (boundaries may touch): every piece of `a`'s edges
    /// lies inside `b` or along `b`'s boundary with both interiors on one side, no edges cross properly,
    /// and no piece of `b`'s edges lies strictly inside `a` (a hole of `b` within `a`).
    public static func covered(_ a: Edges, by b: Edges) -> Bool {
        guard a.box.minX >= b.box.minX - tolerance, a.box.maxX <= b.box.maxX + tolerance,
            a.box.minY >= b.box.minY - tolerance, a.box.maxY <= b.box.maxY + tolerance
        else { return false }
        return walk(a, against: b, skippingOutside: false) { $0 == .inside || $0 == .alongSame }
            && walk(b, against: a, skippingOutside: true) { $0 != .inside && $0 != .unsure }
    }

    /// No proper crossing, and no piece of `a`'s edges inside `b` or along `b`'s boundary the same way.
    private static func sure(_ a: Edges, _ b: Edges) -> Bool {
        walk(a, against: b, skippingOutside: true) { $0 == .outside || $0 == .alongOpposite }
    }

    /// Cuts each edge of `a` at `b`'s vertices on it and asks `accepts` where each piece lies against `b`;
    /// false at the first piece refused or the first proper crossing. With `skippingOutside`, edges clear of
    /// `b`'s box are taken as outside without being asked about.
    private static func walk(
        _ a: Edges, against b: Edges, skippingOutside: Bool, accepts: (Place) -> Bool
    ) -> Bool {
        var cuts: [Double] = []
        cuts.reserveCapacity(8)
        var nearby: [Int32] = []
        let grown = Envelope(
            minX: b.box.minX - tolerance, minY: b.box.minY - tolerance, maxX: b.box.maxX + tolerance,
            maxY: b.box.maxY + tolerance)
        // edges clear of b's box are skipped below: with bands, only those near its heights are looked at
        var positions: [Int32]?
        if skippingOutside, let bands = a.bands, grown.minY.isFinite, grown.maxY.isFinite {
            var near: [Int32] = []
            bands.edges(from: grown.minY, to: grown.maxY, into: &near)
            positions = near
        }
        for step in 0..<(positions?.count ?? a.segments.count) {
            let position = if let positions { Int(positions[step]) } else { step }
            let (ax1, ay1, ax2, ay2) = a.segments[position]
            let minX = min(ax1, ax2)
            let maxX = max(ax1, ax2)
            let minY = min(ay1, ay2)
            let maxY = max(ay1, ay2)
            // an edge clear of b's box can neither cross b nor lie in it
            if maxX < grown.minX || minX > grown.maxX || maxY < grown.minY || minY > grown.maxY {
                if skippingOutside { continue }
                return accepts(.outside)
            }
            // set below when b runs this very edge (exactly), the other way or the same way: every piece
            // then lies along b's boundary, and only a proper crossing by another of b's edges (b invalid)
            // could still matter
            var along: Place?
            var alongEdge = -1
            // cut points: b's vertices on this edge, as parameters along it
            cuts.removeAll(keepingCapacity: true)
            cuts.append(0)
            cuts.append(1)
            let dx = ax2 - ax1
            let dy = ay2 - ay1
            let length2 = dx * dx + dy * dy
            let length = a.lengths[position]
            // b's edges whose boxes may meet this edge's: those in its bands, or all
            let banded = minY.isFinite && maxY.isFinite ? b.bands : nil
            banded?.edges(from: minY, to: maxY, into: &nearby)
            for step in 0..<(banded == nil ? b.segments.count : nearby.count) {
                let other = if banded == nil { step } else { Int(nearby[step]) }
                let (bx1, by1, bx2, by2) = b.segments[other]
                if max(bx1, bx2) < minX || min(bx1, bx2) > maxX || max(by1, by2) < minY || min(by1, by2) > maxY {
                    continue
                }
                // the last such edge in b's order decides, whatever order the bands give them in
                if bx1 == ax2 && by1 == ay2 && bx2 == ax1 && by2 == ay1 && other > alongEdge {
                    (along, alongEdge) = (.alongOpposite, other)
                } else if bx1 == ax1 && by1 == ay1 && bx2 == ax2 && by2 == ay2 && other > alongEdge {
                    (along, alongEdge) = (.alongSame, other)
                }
                let otherLength = b.lengths[other]
                // orientations within the tolerance are taken as zero (on the line)
                func snapped(_ value: Double, _ scale: Double) -> Double { abs(value) <= tolerance * scale ? 0 : value }
                let o1 = snapped(orientation(ax1, ay1, ax2, ay2, bx1, by1), length)
                let o2 = snapped(orientation(ax1, ay1, ax2, ay2, bx2, by2), length)
                let o3 = snapped(orientation(bx1, by1, bx2, by2, ax1, ay1), otherLength)
                let o4 = snapped(orientation(bx1, by1, bx2, by2, ax2, ay2), otherLength)
                if ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0)) {
                    return false  // a proper crossing
                }
                if o1 == 0 {
                    let t = ((bx1 - ax1) * dx + (by1 - ay1) * dy) / length2
                    if t > 0 && t < 1 { cuts.append(t) }
                }
                if o2 == 0 {
                    let t = ((bx2 - ax1) * dx + (by2 - ay1) * dy) / length2
                    if t > 0 && t < 1 { cuts.append(t) }
                }
            }
            if let along {
                if !accepts(along) { return false }
                continue
            }
            cuts.sort()
            for index in 0..<(cuts.count - 1) where cuts[index + 1] > cuts[index] {
                let t = (cuts[index] + cuts[index + 1]) / 2
                let (x, y) = (ax1 + t * dx, ay1 + t * dy)
                if !accepts(classify(x, y, direction: (dx, dy), in: b)) { return false }
            }
        }
        return true
    }

    enum Place { case inside, outside, alongSame, alongOpposite, unsure }

    /// Where a point lies against `shape`: inside (even-odd), outside, or on an edge (and whether that edge
    /// runs the same way as `direction`).
    private static func classify(_ x: Double, _ y: Double, direction: (Double, Double), in shape: Edges) -> Place {
        guard x >= shape.box.minX, x <= shape.box.maxX, y >= shape.box.minY, y <= shape.box.maxY else {
            return .outside
        }
        var inside = false
        // only the edges of the point's band can hold it or cross its row; they come in ascending order
        let banded = shape.bands?.edges(at: y)
        for step in 0..<(banded?.count ?? shape.segments.count) {
            let position = if let banded { Int(banded[banded.startIndex + step]) } else { step }
            let (x1, y1, x2, y2) = shape.segments[position]
            let scale = shape.lengths[position]
            if abs(orientation(x1, y1, x2, y2, x, y)) <= tolerance * scale, x >= min(x1, x2) - tolerance,
                x <= max(x1, x2) + tolerance, y >= min(y1, y2) - tolerance, y <= max(y1, y2) + tolerance
            {
                let dot = (x2 - x1) * direction.0 + (y2 - y1) * direction.1
                return dot > 0 ? .alongSame : dot < 0 ? .alongOpposite : .unsure
            }
            if (y1 > y) != (y2 > y), x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) { inside.toggle() }
        }
        return inside ? .inside : .outside
    }
}
