/// The geometry defects `--defect-every` injects besides the attribute defects: each breaks one
/// geometry rule of gtdc@2020 and nothing else (areas recorded in TBMJ/KCMJ/TBDLMJ follow the changed
/// shape), so the manifest lists exactly what `stdcheck check` must report.
enum GeometryDefect: Int, CaseIterable {
    /// Two consecutive vertices of a parcel swapped so that two of its edges cross (a bow-tie).
    case selfIntersection
    /// A vertex of a parcel's top edge moved 1 m up into its neighbour, in that parcel's ring only.
    case overlap
    /// The same vertex moved 1 m down, into the parcel itself: a hole between the two parcels.
    case gap
    /// A triangle of about 4 m² cut from a parcel along its top edge and written as a parcel of its own.
    case sliver

    var rule: String {
        switch self {
        case .selfIntersection: "DLTB.geometry-invalid"
        case .overlap: "DLTB.parcels-overlap"
        case .gap: "DLTB.gap-between-parcels"
        case .sliver: "DLTB.parcel-sliver"
        }
    }

    var kind: String {
        switch self {
        case .selfIntersection: "self-intersection"
        case .overlap: "overlap"
        case .gap: "gap"
        case .sliver: "sliver"
        }
    }
}

/// One DLTB record before it is written: its rings, a forced land class, and the area its TBMJ records.
struct Parcel {
    var rings: [[(Double, Double)]]
    /// Index into `landClasses` that overrides the cell's class (islands, slivers).
    var forcedClass: Int?
    /// The area TBMJ records when it is not the rings' area (a self-intersecting ring has none).
    var recordedArea: Double?
}

extension CountyGenerator {
    /// How far (metres) a shared vertex moves for an overlap or a gap.
    static let vertexShift = 1.0
    /// How far (metres) below the top edge the sliver's third vertex lies.
    static let sliverDepth = 0.8
    /// Position in `cellRing` of the vertex that moves: the inner point of the top edge nearest t = 0.6
    /// (after the corner, the left edge's inner points and the top-left corner).
    static let topEdgeVertex = edgePoints + 1 + Int((0.6 * Double(edgePoints + 1)).rounded())

    /// The land class of cell (i, j) as an index into `landClasses`: steps of 5 per column and 3 per row,
    /// so that no two parcels sharing an edge carry the same attributes; an island's host is never a pond.
    func classIndex(_ i: Int, _ j: Int) -> Int {
        let count = Self.landClasses.count
        let index = (i * 5 + j * 3 + Int(options.seed % UInt64(count))) % count
        return hasIsland(i, j) && Self.landClasses[index].code == "1104" ? (index + 1) % count : index
    }

    /// Breaks cell (i, j), whose parcels become records `record`, `record + 1`, …, with `defect`; returns the
    /// ground truth, or nil (and leaves the parcels alone) when the cell cannot take this defect without
    /// breaking another rule or making the manifest's record ambiguous.
    func inject(_ defect: GeometryDefect, cell i: Int, _ j: Int, into parcels: inout [Parcel], record: Int)
        -> [Defect]?
    {
        guard parcels.count == 1, !islandNear(i, j) else { return nil }
        var ring = parcels[0].rings[0]
        let manifest: (String) -> [Defect] = { detail in
            [Defect(rule: defect.rule, layer: "DLTB", record: record, kind: defect.kind, detail: detail)]
        }
        switch defect {
        case .selfIntersection:
            // on the bottom row the dropped shape (comparisons skip invalid shapes) leaves a notch in the
            // outline, not a hole between parcels, so no gap is reported
            guard j == 0, i > 0, i < columns - 1, let k = crossingSwap(in: ring) else { return nil }
            parcels[0].recordedArea = Self.area([ring])
            ring.swapAt(k, k + 1)
            parcels[0].rings[0] = ring
            return manifest("vertices \(k + 1) and \(k + 2) swapped")
        case .overlap, .gap, .sliver:
            // the top edge is shared with cell (i, j + 1) of the same column, so of the same village
            guard i > 0, i < columns - 1, j > 0, j < rows - 2 else { return nil }
            let k = Self.topEdgeVertex
            let normal = topNormal(i, j + 1)
            let original = ring[k]
            switch defect {
            case .overlap, .gap:
                let sign = defect == .overlap ? 1.0 : -1.0
                ring[k] = (
                    Self.round(original.0 + sign * normal.0 * Self.vertexShift),
                    Self.round(original.1 + sign * normal.1 * Self.vertexShift)
                )
                if defect == .gap {
                    // the gap is reported on the first record whose envelope meets it: this parcel only if
                    // no earlier parcel's envelope reaches the gap
                    let box = Self.envelope([ring[k - 1], original, ring[k], ring[k + 1]])
                    let earlier = (j - 1...j + 2).map { (i - 1, $0) } + [(i, j - 1)]
                    guard !earlier.contains(where: { Self.meets(Self.envelope(cellRing($0.0, $0.1)), box) }) else {
                        return nil
                    }
                }
                parcels[0].rings[0] = ring
                return manifest(
                    defect == .overlap
                        ? "vertex \(k + 1) moved \(Self.vertexShift) m into record \(record + 1)"
                        : "vertex \(k + 1) moved \(Self.vertexShift) m away from record \(record + 1)")
            default:
                let a = ring[k - 1]
                let inner = (
                    Self.round((a.0 + original.0) / 2 - normal.0 * Self.sliverDepth),
                    Self.round((a.1 + original.1) / 2 - normal.1 * Self.sliverDepth)
                )
                ring.insert(inner, at: k)
                parcels[0].rings[0] = ring
                // a class no neighbour has: the host and the cells above and below step by ±3, the sides by ±5
                let sliver = Parcel(rings: [[a, original, inner, a]], forcedClass: (classIndex(i, j) + 6) % 12)
                parcels.append(sliver)
                return [
                    Defect(
                        rule: defect.rule, layer: "DLTB", record: record + 1, kind: defect.kind,
                        detail: "cut from record \(record) along its shared edge with record \(record + 2)")
                ]
            }
        }
    }

    /// Whether an island lies in the cells a geometry defect in (i, j) could touch.
    func islandNear(_ i: Int, _ j: Int) -> Bool {
        (i - 1...i + 1).contains { a in (j - 1...j + 2).contains { b in hasIsland(a, b) } }
    }

    /// The unit normal of the horizontal grid edge at row j of column i, pointing up.
    func topNormal(_ i: Int, _ j: Int) -> (Double, Double) {
        let a = corner(i, j)
        let b = corner(i + 1, j)
        let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
        return (-(b.1 - a.1) / length, (b.0 - a.0) / length)
    }

    /// The first k (0-based, the closing vertices left alone) for which swapping vertices k and k + 1 makes
    /// the edges before and after them cross properly.
    func crossingSwap(in ring: [(Double, Double)]) -> Int? {
        func side(_ p: (Double, Double), _ q: (Double, Double), _ r: (Double, Double)) -> Double {
            (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0)
        }
        func cross(_ a: (Double, Double), _ b: (Double, Double), _ c: (Double, Double), _ d: (Double, Double))
            -> Bool
        {
            side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0
        }
        return (1..<(ring.count - 3)).first { k in cross(ring[k - 1], ring[k + 1], ring[k], ring[k + 2]) }
    }

    /// The bounding box of points: (minX, minY, maxX, maxY).
    static func envelope(_ points: [(Double, Double)]) -> (Double, Double, Double, Double) {
        (
            points.map(\.0).min() ?? 0, points.map(\.1).min() ?? 0, points.map(\.0).max() ?? 0,
            points.map(\.1).max() ?? 0
        )
    }

    /// Whether two boxes meet (touching counts, as in StdCheck's envelope index).
    static func meets(_ a: (Double, Double, Double, Double), _ b: (Double, Double, Double, Double)) -> Bool {
        a.0 <= b.2 && b.0 <= a.2 && a.1 <= b.3 && b.1 <= a.3
    }
}
