/// An axis-aligned bounding box in CRS units.
public struct Envelope: Hashable, Sendable {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    /// True when the boxes share at least one point (touching boxes intersect).
    public func intersects(_ other: Envelope) -> Bool {
        minX <= other.maxX && other.minX <= maxX && minY <= other.maxY && other.minY <= maxY
    }

    /// The smallest box holding both.
    public func union(_ other: Envelope) -> Envelope {
        Envelope(
            minX: min(minX, other.minX), minY: min(minY, other.minY), maxX: max(maxX, other.maxX),
            maxY: max(maxY, other.maxY))
    }

    /// From `[min x, min y, max x, max y]`, the form of the reports and of `Layer.scannedExtent`.
    public init?(box: [Double]) {
        guard box.count == 4 else { return nil }
        self.init(minX: box[0], minY: box[1], maxX: box[2], maxY: box[3])
    }

    /// `[min x, min y, max x, max y]`.
    public var box: [Double] { [minX, minY, maxX, maxY] }

    public var centerX: Double { (minX + maxX) / 2 }
    public var centerY: Double { (minY + maxY) / 2 }
}

extension Geometry {
    /// The bounding box of every vertex; nil for an empty shape.
    public var envelope: Envelope? {
        guard vertexCount > 0 else { return nil }
        var box = Envelope(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)
        var index = 0
        while index + 1 < xy.count {
            box.minX = min(box.minX, xy[index])
            box.minY = min(box.minY, xy[index + 1])
            box.maxX = max(box.maxX, xy[index])
            box.maxY = max(box.maxY, xy[index + 1])
            index += 2
        }
        return box
    }

    /// Twice the signed area of part `index` (shoelace): negative when wound clockwise, as the
    /// shapefile specification wants outer rings, positive when counter-clockwise.
    public func signedArea2(ofPart index: Int) -> Double {
        let range = partRange(index)
        guard range.count > 2 else { return 0 }
        var twice = 0.0
        for vertex in range {
            let next = vertex + 1 < range.upperBound ? vertex + 1 : range.lowerBound
            twice += xy[2 * vertex] * xy[2 * next + 1] - xy[2 * next] * xy[2 * vertex + 1]
        }
        return twice
    }

    /// Whether (x, y) lies inside part `index`, read as a closed ring (even-odd; points on the ring
    /// may go either way).
    public func part(_ index: Int, contains x: Double, _ y: Double) -> Bool {
        let range = partRange(index)
        var inside = false
        for vertex in range {
            let next = vertex + 1 < range.upperBound ? vertex + 1 : range.lowerBound
            let (x1, y1, x2, y2) = (xy[2 * vertex], xy[2 * vertex + 1], xy[2 * next], xy[2 * next + 1])
            if (y1 > y) != (y2 > y), x < x1 + (y - y1) / (y2 - y1) * (x2 - x1) { inside.toggle() }
        }
        return inside
    }

    /// The polygons a polygon shape stands for, each as part indices with its shell first.
    ///
    /// A counter-clockwise ring inside several shells belongs to the smallest of them (an island in a
    /// lake in an island).
    ///
    /// Follows GDAL's shapefile driver, so that validity agrees with GDAL-based tools: one ring is one
    /// polygon whatever its winding; a clockwise first ring followed only by counter-clockwise rings is
    /// one polygon with those holes, wherever they lie (a hole outside its shell stays invalid); otherwise
    /// clockwise rings are shells, each counter-clockwise ring is a hole of the first shell that contains
    /// its first vertex, and a counter-clockwise ring inside no shell becomes a shell of its own.
    public var polygons: [[Int]] {
        guard kind == .polygon, partCount > 0 else { return [] }
        let parts = (0..<partCount).filter { partRange($0).count > 0 }
        guard parts.count > 1 else { return parts.isEmpty ? [] : [parts] }
        let clockwise = parts.map { signedArea2(ofPart: $0) < 0 }
        if clockwise[0], !clockwise.dropFirst().contains(true) { return [parts] }
        var result: [[Int]] = parts.indices.filter { clockwise[$0] }.map { [parts[$0]] }
        for (position, part) in parts.enumerated() where !clockwise[position] {
            let first = partRange(part).lowerBound
            let (x, y) = (xy[2 * first], xy[2 * first + 1])
            let containing = result.indices.filter { self.part(result[$0][0], contains: x, y) }
            if let shell = containing.min(by: {
                abs(signedArea2(ofPart: result[$0][0])) < abs(signedArea2(ofPart: result[$1][0]))
            }) {
                result[shell].append(part)
            } else {
                result.append([part])
            }
        }
        return result
    }

    /// The area of the polygons as organized by `polygons` (shells minus holes), in squared CRS units.
    public var organizedArea: Double {
        polygons.reduce(0) { total, polygon in
            total + abs(signedArea2(ofPart: polygon[0])) / 2
                - polygon.dropFirst().reduce(0) { $0 + abs(signedArea2(ofPart: $1)) / 2 }
        }
    }
}
