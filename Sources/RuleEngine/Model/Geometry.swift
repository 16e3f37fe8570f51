/// The kind of a shape, after the shapefile specification's shape types.
public enum GeometryKind: String, Sendable, Codable, CaseIterable {
    case point
    case multipoint
    case line
    case polygon
    case multipatch

    /// The kind of a shapefile shape type code (0 null, 1/11/21 point, 3/13/23 arc, 5/15/25 polygon,
    /// 8/18/28 multipoint, 31 multipatch); nil for a null shape or an unknown code.
    public init?(shapeType: Int) {
        switch shapeType {
        case 1, 11, 21: self = .point
        case 3, 13, 23: self = .line
        case 5, 15, 25: self = .polygon
        case 8, 18, 28: self = .multipoint
        case 31: self = .multipatch
        default: return nil
        }
    }
}

/// A feature's shape in a compact buffer: parts as start offsets into interleaved x/y pairs.
///
/// Z and M values, when the file has them, are kept in arrays parallel to the vertices.
public struct Geometry: Hashable, Sendable {
    /// The shapefile shape type code (5 polygon, 15 polygon Z, …).
    public var shapeType: Int
    /// 0-based index of each part's first vertex.
    public var partStarts: [Int]
    /// x0, y0, x1, y1, … for every vertex of every part.
    public var xy: [Double]
    public var z: [Double]?
    public var m: [Double]?

    public init(shapeType: Int, partStarts: [Int], xy: [Double], z: [Double]? = nil, m: [Double]? = nil) {
        self.shapeType = shapeType
        self.partStarts = partStarts
        self.xy = xy
        self.z = z
        self.m = m
    }

    public var kind: GeometryKind? { GeometryKind(shapeType: shapeType) }
    public var vertexCount: Int { xy.count / 2 }
    public var partCount: Int { partStarts.count }

    /// The vertex range of part `index`.
    public func partRange(_ index: Int) -> Range<Int> {
        let end = index + 1 < partStarts.count ? partStarts[index + 1] : vertexCount
        return partStarts[index]..<end
    }
}

extension Geometry {
    /// Planar area in squared CRS units: the shoelace sum over every ring, holes (wound opposite to
    /// their shell, as the shapefile specification requires) subtracting. 0 for points and lines.
    public var planarArea: Double {
        guard kind == .polygon else { return 0 }
        var twice = 0.0
        for part in 0..<partCount {
            let range = partRange(part)
            guard range.count > 2 else { continue }
            for index in range.lowerBound..<(range.upperBound - 1) {
                twice += xy[2 * index] * xy[2 * index + 3] - xy[2 * index + 2] * xy[2 * index + 1]
            }
        }
        return abs(twice) / 2
    }

    /// The summed length of every ring or line, in CRS units.
    public var length: Double {
        var total = 0.0
        for part in 0..<partCount {
            let range = partRange(part)
            guard range.count > 1 else { continue }
            for index in range.lowerBound..<(range.upperBound - 1) {
                let dx = xy[2 * index + 2] - xy[2 * index]
                let dy = xy[2 * index + 3] - xy[2 * index + 1]
                total += (dx * dx + dy * dy).squareRoot()
            }
        }
        return total
    }
}
