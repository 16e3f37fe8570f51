/// Where a finding is on the map, in the layer's own coordinates, encoded as a GeoJSON geometry.
///
/// A record-level finding carries a `.point` inside its feature (see
/// `ErrorGeometry.representativePoint(of:)`), unless its check gives the exact error geometry
/// (a self-intersection point, an overlap polygon, the part of a parcel outside its village).
public enum ErrorGeometry: Hashable, Sendable, Codable {
    case point(x: Double, y: Double)
    case lineString([[Double]])
    /// Rings of x/y pairs, the first the outer ring.
    case polygon([[[Double]]])
    /// Polygons, each as rings of x/y pairs (an overlap or a gap in several pieces).
    case multiPolygon([[[[Double]]]])

    private enum CodingKeys: String, CodingKey { case type, coordinates }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .point(let x, let y):
            try container.encode("Point", forKey: .type)
            try container.encode([x, y], forKey: .coordinates)
        case .lineString(let points):
            try container.encode("LineString", forKey: .type)
            try container.encode(points, forKey: .coordinates)
        case .polygon(let rings):
            try container.encode("Polygon", forKey: .type)
            try container.encode(rings, forKey: .coordinates)
        case .multiPolygon(let polygons):
            try container.encode("MultiPolygon", forKey: .type)
            try container.encode(polygons, forKey: .coordinates)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "Point":
            let pair = try container.decode([Double].self, forKey: .coordinates)
            guard pair.count >= 2 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .coordinates, in: container, debugDescription: "a point needs x and y")
            }
            self = .point(x: pair[0], y: pair[1])
        case "LineString": self = .lineString(try container.decode([[Double]].self, forKey: .coordinates))
        case "Polygon": self = .polygon(try container.decode([[[Double]]].self, forKey: .coordinates))
        case "MultiPolygon": self = .multiPolygon(try container.decode([[[[Double]]]].self, forKey: .coordinates))
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container, debugDescription: "unknown geometry type \(other)")
        }
    }

    /// Whether every coordinate is a finite number.
    public var isFinite: Bool { points.allSatisfy { $0.allSatisfy(\.isFinite) } }

    /// Every x/y pair of the geometry.
    public var points: [[Double]] {
        switch self {
        case .point(let x, let y): [[x, y]]
        case .lineString(let points): points
        case .polygon(let rings): rings.flatMap { $0 }
        case .multiPolygon(let polygons): polygons.flatMap { $0.flatMap { $0 } }
        }
    }

    /// A point that stands for a feature on a map; nil for an empty shape.
    ///
    /// - Points and multipoints: the first point.
    /// - Lines: the middle vertex of the first part.
    /// - Polygons: a point guaranteed inside the polygon (even-odd over all rings, so never in a hole):
    ///   the horizontal line through the middle of the first ring's bounding box is cut by every
    ///   ring, and the midpoint of the widest inside stretch is taken. Degenerate rings (no
    ///   stretch) fall back to the first vertex.
    public static func representativePoint(of geometry: Geometry) -> ErrorGeometry? {
        guard geometry.vertexCount > 0, geometry.partCount > 0 else { return nil }
        let xy = geometry.xy
        let first = geometry.partRange(0)
        guard !first.isEmpty else { return nil }
        switch geometry.kind {
        case .line:
            let middle = first.lowerBound + (first.count - 1) / 2
            return .point(x: xy[2 * middle], y: xy[2 * middle + 1])
        case .polygon, .multipatch:
            var minY = Double.infinity
            var maxY = -Double.infinity
            for index in first {
                minY = min(minY, xy[2 * index + 1])
                maxY = max(maxY, xy[2 * index + 1])
            }
            let y = (minY + maxY) / 2
            var crossings: [Double] = []
            for part in 0..<geometry.partCount {
                let range = geometry.partRange(part)
                guard range.count > 1 else { continue }
                for index in range {
                    let next = index + 1 < range.upperBound ? index + 1 : range.lowerBound
                    let (x1, y1, x2, y2) = (xy[2 * index], xy[2 * index + 1], xy[2 * next], xy[2 * next + 1])
                    // Half-open in y, so a vertex on the line is counted once.
                    if (y1 <= y && y < y2) || (y2 <= y && y < y1) {
                        crossings.append(x1 + (y - y1) / (y2 - y1) * (x2 - x1))
                    }
                }
            }
            crossings.sort()
            var best: (x: Double, width: Double)?
            var index = 0
            while index + 1 < crossings.count {
                let width = crossings[index + 1] - crossings[index]
                if width > (best?.width ?? 0) { best = ((crossings[index] + crossings[index + 1]) / 2, width) }
                index += 2
            }
            if let best { return .point(x: best.x, y: y) }
            return .point(x: xy[2 * first.lowerBound], y: xy[2 * first.lowerBound + 1])
        default:
            return .point(x: xy[2 * first.lowerBound], y: xy[2 * first.lowerBound + 1])
        }
    }
}
