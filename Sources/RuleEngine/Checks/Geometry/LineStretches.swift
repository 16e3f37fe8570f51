/// Plane geometry of line shapes for the line-layer kinds (`no-line-overlap`, `on-boundary`,
/// `no-dangle`): the stretches of a line that lie on other lines, and how far a point is from a line.
/// Lines are compared segment by segment, so shared stretches are found where the vertices of the
/// two lines differ (one line split at a vertex the other lacks) as long as they lie within `tolerance`.
enum LineStretches {
    struct Segment {
        var ax: Double
        var ay: Double
        var bx: Double
        var by: Double

        var length: Double { ((bx - ax) * (bx - ax) + (by - ay) * (by - ay)).squareRoot() }

        /// The point at parameter `t` (0 at a, 1 at b).
        func point(_ t: Double) -> [Double] { [ax + t * (bx - ax), ay + t * (by - ay)] }

        func boxMeets(_ other: Segment, _ tolerance: Double) -> Bool {
            min(ax, bx) - tolerance <= max(other.ax, other.bx) && min(other.ax, other.bx) - tolerance <= max(ax, bx)
                && min(ay, by) - tolerance <= max(other.ay, other.by)
                && min(other.ay, other.by) - tolerance <= max(ay, by)
        }
    }

    /// The segments of every part (line parts, or polygon rings), by part.
    static func segments(_ geometry: Geometry) -> [[Segment]] {
        (0..<geometry.partCount).map { part in
            let range = geometry.partRange(part)
            guard range.count > 1 else { return [] }
            return (range.lowerBound..<(range.upperBound - 1)).map { index in
                Segment(
                    ax: geometry.xy[2 * index], ay: geometry.xy[2 * index + 1], bx: geometry.xy[2 * index + 2],
                    by: geometry.xy[2 * index + 3])
            }
        }
    }

    /// The interval of `segment` (parameters in 0…1) lying on `other` within `tolerance`; nil when they
    /// share no stretch longer than `tolerance` (crossing or touching at a point is not sharing).
    static func shared(_ segment: Segment, _ other: Segment, tolerance: Double) -> (Double, Double)? {
        let length = segment.length
        guard length > tolerance, segment.boxMeets(other, tolerance) else { return nil }
        let (dx, dy) = ((segment.bx - segment.ax) / length, (segment.by - segment.ay) / length)
        // both ends of the other segment within tolerance of the line through this one
        let offsetA = (other.ax - segment.ax) * dy - (other.ay - segment.ay) * dx
        let offsetB = (other.bx - segment.ax) * dy - (other.by - segment.ay) * dx
        guard abs(offsetA) <= tolerance, abs(offsetB) <= tolerance else { return nil }
        let alongA = ((other.ax - segment.ax) * dx + (other.ay - segment.ay) * dy) / length
        let alongB = ((other.bx - segment.ax) * dx + (other.by - segment.ay) * dy) / length
        let low = max(0, min(alongA, alongB))
        let high = min(1, max(alongA, alongB))
        guard (high - low) * length > tolerance else { return nil }
        return (low, high)
    }

    /// Sorted, merged intervals.
    static func merged(_ intervals: [(Double, Double)]) -> [(Double, Double)] {
        var result: [(Double, Double)] = []
        for interval in intervals.sorted(by: { $0.0 < $1.0 }) {
            if let last = result.last, interval.0 <= last.1 {
                result[result.count - 1].1 = max(last.1, interval.1)
            } else {
                result.append(interval)
            }
        }
        return result
    }

    /// The stretches of `line`'s segments that the intervals `covering` gives for each segment leave
    /// uncovered (`inverted` false: the covered ones), each longer than `tolerance`, with their total length.
    /// Stretches continuing across a vertex are joined into one piece.
    static func stretches(
        of segments: [[Segment]], tolerance: Double, inverted: Bool, covering: (Segment) -> [(Double, Double)]
    ) -> (pieces: [[[Double]]], length: Double) {
        var pieces: [[[Double]]] = []
        var total = 0.0
        for part in segments {
            var open: [[Double]] = []
            func close() {
                if open.count > 1 { pieces.append(open) }
                open = []
            }
            for segment in part {
                let covered = merged(covering(segment))
                var kept: [(Double, Double)] = []
                if inverted {
                    var start = 0.0
                    for (low, high) in covered {
                        if low > start { kept.append((start, low)) }
                        start = max(start, high)
                    }
                    if start < 1 { kept.append((start, 1)) }
                } else {
                    kept = covered
                }
                kept = kept.filter { ($0.1 - $0.0) * segment.length > tolerance }
                for (low, high) in kept {
                    total += (high - low) * segment.length
                    if low > 0 || open.isEmpty {
                        close()
                        open = [segment.point(low)]
                    }
                    open.append(segment.point(high))
                    if high < 1 { close() }
                }
                if kept.last.map({ $0.1 < 1 }) ?? true { close() }
            }
            close()
        }
        return (pieces, total)
    }

    /// The distance from a point to a segment.
    static func distance(_ x: Double, _ y: Double, to segment: Segment) -> Double {
        let (dx, dy) = (segment.bx - segment.ax, segment.by - segment.ay)
        let squared = dx * dx + dy * dy
        let t = squared > 0 ? max(0, min(1, ((x - segment.ax) * dx + (y - segment.ay) * dy) / squared)) : 0
        let (px, py) = (segment.ax + t * dx - x, segment.ay + t * dy - y)
        return (px * px + py * py).squareRoot()
    }

    /// A piece as error geometry, its coordinates rounded to the millimetre.
    static func lineString(_ piece: [[Double]]) -> ErrorGeometry {
        .lineString(piece.map { $0.map { ($0 * 1000).rounded() / 1000 } })
    }

    /// The box of a shape grown by `margin`.
    static func box(_ envelope: Envelope, grownBy margin: Double) -> Envelope {
        Envelope(
            minX: envelope.minX - margin, minY: envelope.minY - margin, maxX: envelope.maxX + margin,
            maxY: envelope.maxY + margin)
    }
}

/// Shapes of a layer read again by record number, at most `capacity` held (the oldest dropped first).
struct LineShapeCache {
    let capacity: Int
    private var reader: any ShapeReader
    private var shapes: [Int: Geometry] = [:]
    private var order: [Int] = []

    init(_ layer: any Layer, capacity: Int = 4096) {
        self.capacity = capacity
        reader = layer.shapeReader()
    }

    mutating func shape(record: Int) -> Geometry? {
        if let found = shapes[record] { return found }
        guard let shape = reader.shape(record: record) else { return nil }
        if order.count >= capacity {
            let dropped = max(1, capacity / 2)
            for old in order.prefix(dropped) { shapes[old] = nil }
            order.removeFirst(dropped)
        }
        shapes[record] = shape
        order.append(record)
        return shape
    }
}
