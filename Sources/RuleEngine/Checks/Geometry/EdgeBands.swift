/// Horizontal bands over a shape's edges, so that the interior filter asks only the edges near a height
/// instead of all of them: a village boundary of 10,000 edges walked against a county of 20,000 was
/// 2 × 10⁸ box tests, and one rule of the full pack took 21 s of a 1M-parcel run.
///
/// Each edge is listed in every band its height range (grown by the filter's tolerance) meets, in
/// ascending edge order within a band. An edge whose box meets a height range is therefore listed in
/// one of that range's bands, and a point's band lists every edge it can lie on or whose crossing the
/// even-odd count can see. Built only for shapes with many edges and finite coordinates; without bands,
/// the filter scans every edge as before.
struct EdgeBands: Sendable {
    private let minY: Double
    private let scale: Double
    private let count: Int
    /// Band k lists `items[starts[k]..<starts[k + 1]]`.
    private let starts: [Int32]
    private let items: [Int32]
    /// Each edge's first band, to list an edge once when a query spans several of its bands.
    private let first: [Int32]

    static let minimumEdges = 32

    init?(segments: [(Double, Double, Double, Double)], box: Envelope, tolerance: Double) {
        guard segments.count >= Self.minimumEdges, segments.count < Int(Int32.max) else { return nil }
        let low = box.minY - tolerance
        let height = box.maxY + tolerance - low
        guard low.isFinite, height.isFinite, height > 0,
            segments.allSatisfy({ $0.0.isFinite && $0.1.isFinite && $0.2.isFinite && $0.3.isFinite })
        else { return nil }
        let count = max(1, min(segments.count / 2, 1 << 20))
        (minY, scale, self.count) = (low, Double(count) / height, count)
        var first = [Int32](repeating: 0, count: segments.count)
        var last = [Int32](repeating: 0, count: segments.count)
        var sizes = [Int32](repeating: 0, count: count + 1)
        for (position, (_, y1, _, y2)) in segments.enumerated() {
            let from = Self.band(min(y1, y2) - tolerance, minY: low, scale: scale, count: count)
            let to = Self.band(max(y1, y2) + tolerance, minY: low, scale: scale, count: count)
            (first[position], last[position]) = (Int32(from), Int32(to))
            for band in from...to { sizes[band + 1] += 1 }
        }
        for band in 0..<count { sizes[band + 1] += sizes[band] }
        var cursor = sizes
        var items = [Int32](repeating: 0, count: Int(sizes[count]))
        for position in segments.indices {
            for band in Int(first[position])...Int(last[position]) {
                items[Int(cursor[band])] = Int32(position)
                cursor[band] += 1
            }
        }
        (starts, self.items, self.first) = (sizes, items, first)
    }

    private static func band(_ y: Double, minY: Double, scale: Double, count: Int) -> Int {
        let value = (y - minY) * scale
        guard value >= 0 else { return 0 }
        return value >= Double(count) ? count - 1 : Int(value)
    }

    /// The edges listed in the bands of heights `low...high` (finite), each once, into `found`.
    func edges(from low: Double, to high: Double, into found: inout [Int32]) {
        found.removeAll(keepingCapacity: true)
        let from = Self.band(low, minY: minY, scale: scale, count: count)
        let to = Self.band(high, minY: minY, scale: scale, count: count)
        guard from <= to else { return }
        for band in from...to {
            for slot in Int(starts[band])..<Int(starts[band + 1]) {
                let edge = items[slot]
                // listed in every band from its first: take it in the first band both share
                if max(Int(first[Int(edge)]), from) == band { found.append(edge) }
            }
        }
    }

    /// The edges listed in the band of height `y`, in ascending order.
    func edges(at y: Double) -> ArraySlice<Int32> {
        let band = Self.band(y, minY: minY, scale: scale, count: count)
        return items[Int(starts[band])..<Int(starts[band + 1])]
    }
}
