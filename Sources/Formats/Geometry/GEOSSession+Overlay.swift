import CGEOS
import Foundation
import RuleEngine

/// Overlays on large targets: the targets clipped once per power-of-two window around the features.
extension GEOSSession {
    /// Overlays a shape on large targets (villages, the county) without paying for the targets' size: a
    /// shape strictly inside a target is settled by the prepared target; otherwise the target is first
    /// clipped to the shape's envelope grown by a margin, so GEOS's overlay and relate see a few dozen
    /// vertices instead of a whole village boundary (a feature on its village's boundary made GEOS fall
    /// back to a full relate over the village). Clipping is exact: the shape lies strictly inside the
    /// rectangle, and the clip only adds vertices on the rectangle's sides.
    /// A square window of a power-of-two grid that holds `box` with a wide margin: side 2^k ≥ 4 × the
    /// box's size, the window the grid cell of the box's centre grown by half a side each way. Features of
    /// similar size near each other share windows, so a large target is clipped once per window instead
    /// of once per feature. nil for an empty box.
    func window(around box: Envelope) -> Window? {
        let size = max(box.maxX - box.minX, box.maxY - box.minY)
        guard size > 0, size.isFinite else { return nil }
        let level = Int((4 * size).exponent) + 1
        let side = Double(sign: .plus, exponent: level, significand: 1)
        let column = ((box.minX + box.maxX) / 2 / side).rounded(.down)
        let row = ((box.minY + box.maxY) / 2 / side).rounded(.down)
        guard abs(column) < 1e15, abs(row) < 1e15 else { return nil }
        return Window(level: level, column: Int(column), row: Int(row))
    }

    /// A target clipped to a window, with its edges for the interior filter, kept for the next features
    /// in that window.
    func piece(of target: String, _ geometry: OpaquePointer, in window: Window) -> Piece? {
        let key = WindowKey(target: target, window: window)
        if let found = pieces[key] { return found }
        let side = Double(sign: .plus, exponent: window.level, significand: 1)
        let (x, y) = (Double(window.column) * side, Double(window.row) * side)
        let clipped = GEOSClipByRect_r(handle, geometry, x - side / 2, y - side / 2, x + 1.5 * side, y + 1.5 * side)
        var piece = Piece(geometry: clipped, edges: nil)
        if let clipped {
            let rings = polygons(of: clipped).flatMap { polygon -> [[[[Double]]]] in
                switch polygon {
                case .polygon(let rings): [rings]
                case .multiPolygon(let more): more
                default: []
                }
            }
            piece.edges = InteriorFilter.edges(ofPolygons: rings)
        }
        pieces[key] = piece
        pieceOrder.append(key)
        return piece
    }

    /// Drops the oldest half of the kept pieces once there are too many (between overlays, never during one).
    func trimPieces() {
        guard pieceOrder.count > pieceLimit else { return }
        let dropped = pieceOrder.prefix(pieceLimit / 2)
        for key in dropped {
            if let piece = pieces.removeValue(forKey: key)?.geometry { GEOSGeom_destroy_r(handle, piece) }
        }
        pieceOrder.removeFirst(dropped.count)
    }

    func overlay(_ shape: Geometry, on targets: [TargetShape]) -> Overlay {
        trimPieces()
        guard let made = make(shape), let box = shape.envelope else {
            return Overlay(areas: targets.map { _ in 0 }, outsideArea: 0, outside: [])
        }
        defer { GEOSGeom_destroy_r(handle, made) }
        let total = area(made)
        let margin = max(1, 0.01 * max(box.maxX - box.minX, box.maxY - box.minY))
        var shapeEdges: InteriorFilter.Edges??
        func edges() -> InteriorFilter.Edges? {
            if shapeEdges == nil { shapeEdges = .some(InteriorFilter.Edges(shape)) }
            return shapeEdges ?? nil
        }
        /// Whether the interior filter is sure against `other` (a target or a piece of one): the shape is
        /// inside it (touching its boundary at most), or only touches it; nil when GEOS must decide.
        func settled(against other: InteriorFilter.Edges?) -> (area: Double, covered: Bool)? {
            guard let other, let shapeEdges = edges() else { return nil }
            if InteriorFilter.covered(shapeEdges, by: other) { return (total, true) }
            if InteriorFilter.interiorsDisjoint(shapeEdges, other) { return (0, false) }
            return nil
        }
        var areas: [Double] = []
        var inside: [OpaquePointer] = []
        defer { inside.forEach { GEOSGeom_destroy_r(handle, $0) } }
        var covered = false
        for target in targets {
            // settled without GEOS when sure, against the whole target (its edges in bands)
            if let sure = settled(against: filterEdges(of: target)) {
                areas.append(sure.area)
                covered = covered || sure.covered
                continue
            }
            guard let converted = converted(target), GEOSPreparedIntersects_r(handle, converted.prepared, made) == 1
            else {
                areas.append(0)
                continue
            }
            if GEOSPreparedContainsProperly_r(handle, converted.prepared, made) == 1 {
                areas.append(total)
                covered = true
                continue
            }
            let window = window(around: box)
            let local: OpaquePointer?
            let owned: Bool
            if let window, let piece = piece(of: target.id, converted.geometry, in: window),
                let geometry = piece.geometry
            {
                // settled without GEOS when sure, against the piece
                if let sure = settled(against: piece.edges) {
                    areas.append(sure.area)
                    covered = covered || sure.covered
                    continue
                }
                (local, owned) = (geometry, false)
            } else {
                local = GEOSClipByRect_r(
                    handle, converted.geometry, box.minX - margin, box.minY - margin, box.maxX + margin,
                    box.maxY + margin)
                owned = true
            }
            guard let local else {
                areas.append(0)
                continue
            }
            if GEOSCovers_r(handle, local, made) == 1 {
                if owned { GEOSGeom_destroy_r(handle, local) }
                areas.append(total)
                covered = true
            } else if let part = GEOSIntersection_r(handle, made, local) {
                areas.append(area(part))
                GEOSGeom_destroy_r(handle, part)
                inside.append(owned ? local : GEOSGeom_clone_r(handle, local))
            } else {
                if owned { GEOSGeom_destroy_r(handle, local) }
                areas.append(0)
            }
        }
        if covered || targets.isEmpty && total == 0 { return Overlay(areas: areas, outsideArea: 0, outside: []) }
        var rest = GEOSGeom_clone_r(handle, made)
        for target in inside {
            guard let current = rest, let next = GEOSDifference_r(handle, current, target) else { break }
            GEOSGeom_destroy_r(handle, current)
            rest = next
        }
        guard let rest else { return Overlay(areas: areas, outsideArea: 0, outside: []) }
        defer { GEOSGeom_destroy_r(handle, rest) }
        return Overlay(areas: areas, outsideArea: area(rest), outside: polygons(of: rest))
    }

    /// The interior filter's edges of a target, built once per session (nil: not a polygon).
    func filterEdges(of target: TargetShape) -> InteriorFilter.Edges? {
        if let found = targetEdges[target.id] { return found }
        let built = InteriorFilter.Edges(target.geometry)
        targetEdges[target.id] = .some(built)
        return built
    }

    func converted(_ target: TargetShape) -> (geometry: OpaquePointer, prepared: OpaquePointer, area: Double)? {
        if let found = targets[target.id] { return found }
        guard let made = make(target.geometry) else { return nil }
        guard let prepared = GEOSPrepare_r(handle, made) else {
            GEOSGeom_destroy_r(handle, made)
            return nil
        }
        let entry = (made, prepared, area(made))
        targets[target.id] = entry
        return entry
    }
}

/// A square of the power-of-two grid of side 2^level.
struct Window: Hashable {
    var level: Int
    var column: Int
    var row: Int
}

/// A target's piece in a window.
struct WindowKey: Hashable {
    var target: String
    var window: Window
}

/// A target clipped to a window (nil when GEOS could not clip it) and the piece's edges.
struct Piece {
    var geometry: OpaquePointer?
    var edges: InteriorFilter.Edges?
}
