import CShapelib
import Foundation
import Glibc

/// Writes a deterministic, county-scale 三调 database (XZQ, CJDCQ, DLTB shapefiles, GBK DBF, CGCS2000
/// zone 39 `.prj`): a shared-edge tessellation with holes and islands, and optionally injected
/// defects listed in a ground-truth manifest.
struct CountyGenerator {
    /// What to generate.
    struct Options {
        var polygons: Int
        var seed: UInt64
        var output: String
        /// Inject one defect every this many parcels (0: none).
        var defectEvery: Int
        /// The container written (`--format`).
        var format: OutputFormat = .shp
    }

    /// One injected defect: the rule that must find it, where, and what was done.
    struct Defect: Codable, Comparable {
        var rule: String
        var layer: String
        /// 1-based record number of the finding.
        var record: Int
        var field: String?
        /// `attribute`, or the geometry defect's kind (`self-intersection`, `overlap`, `gap`, `sliver`).
        var kind: String = "attribute"
        /// What was changed, for people reading the manifest.
        var detail: String?

        static func < (a: Defect, b: Defect) -> Bool { (a.layer, a.record, a.rule) < (b.layer, b.record, b.rule) }
    }

    static let cellSize = 50.0
    static let edgePoints = 4
    static let originX = 39_510_000.0
    static let originY = 4_300_000.0
    static let columnsPerVillage = 20
    static let countyCode = "130123"
    static let townCode = "130123101"
    static let prj =
        #"PROJCS["CGCS2000_3_Degree_GK_Zone_39",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",39500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#

    let options: Options
    let columns: Int
    let rows: Int

    init(_ options: Options) {
        self.options = options
        // a cell in 97 also holds an island parcel; aim the total at the requested count
        let cells = max(4, Int((Double(options.polygons) / (1 + 1.0 / 97)).rounded()))
        columns = max(2, Int(Double(cells).squareRoot().rounded()))
        rows = max(2, (cells + columns - 1) / columns)
    }

    // MARK: deterministic noise

    /// A value in [-1, 1) from the seed and integer coordinates (splitmix64).
    func noise(_ a: Int, _ b: Int, _ salt: UInt64) -> Double {
        var z =
            options.seed &+ UInt64(bitPattern: Int64(a)) &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(bitPattern: Int64(b))
            &* 0xBF58_476D_1CE4_E5B9 &+ salt &* 0x94D0_49BB_1331_11EB
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 52) - 1
    }

    /// Uniform integer in 0..<n.
    func pick(_ a: Int, _ b: Int, _ salt: UInt64, _ n: Int) -> Int {
        min(n - 1, Int((noise(a, b, salt) + 1) / 2 * Double(n)))
    }

    // MARK: geometry

    /// Grid corner (i, j), jittered inside the area, straight on its border; rounded to centimetres.
    func corner(_ i: Int, _ j: Int) -> (Double, Double) {
        let border = i == 0 || j == 0 || i == columns || j == rows
        let dx = border ? 0 : noise(i, j, 1) * 0.15 * Self.cellSize
        let dy = border ? 0 : noise(i, j, 2) * 0.15 * Self.cellSize
        return (
            Self.round(Self.originX + Double(i) * Self.cellSize + dx),
            Self.round(Self.originY + Double(j) * Self.cellSize + dy)
        )
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// The inner points of an edge from `a` to `b`, in that direction; `salt` names the edge so both
    /// neighbours get the same points.
    func edge(from a: (Double, Double), to b: (Double, Double), id: (Int, Int, UInt64), straight: Bool)
        -> [(Double, Double)]
    {
        let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
        let normal = length > 0 ? (-(b.1 - a.1) / length, (b.0 - a.0) / length) : (0, 0)
        return (1...Self.edgePoints).map { k in
            let t = Double(k) / Double(Self.edgePoints + 1)
            let offset = straight ? 0 : noise(id.0 * 8 + k, id.1, id.2) * 0.04 * Self.cellSize
            return (
                Self.round(a.0 + (b.0 - a.0) * t + normal.0 * offset),
                Self.round(a.1 + (b.1 - a.1) * t + normal.1 * offset)
            )
        }
    }

    /// Points of the vertical grid edge at column i between rows j and j+1, upwards.
    func verticalEdge(_ i: Int, _ j: Int) -> [(Double, Double)] {
        edge(from: corner(i, j), to: corner(i, j + 1), id: (i, j, 3), straight: i == 0 || i == columns)
    }

    /// Points of the horizontal grid edge at row j between columns i and i+1, rightwards.
    func horizontalEdge(_ i: Int, _ j: Int) -> [(Double, Double)] {
        edge(from: corner(i, j), to: corner(i + 1, j), id: (i, j, 4), straight: j == 0 || j == rows)
    }

    /// The clockwise ring (closed) of cell (i, j): up the left side, right along the top, down, back.
    func cellRing(_ i: Int, _ j: Int) -> [(Double, Double)] {
        var ring = [corner(i, j)]
        ring += verticalEdge(i, j)
        ring.append(corner(i, j + 1))
        ring += horizontalEdge(i, j + 1)
        ring.append(corner(i + 1, j + 1))
        ring += verticalEdge(i + 1, j).reversed()
        ring.append(corner(i + 1, j))
        ring += horizontalEdge(i, j).reversed()
        ring.append(corner(i, j))
        return ring
    }

    /// The clockwise ring of the block of columns [from, to) over every row.
    func blockRing(from: Int, to: Int) -> [(Double, Double)] {
        var ring: [(Double, Double)] = []
        for j in 0..<rows {
            ring.append(corner(from, j))
            ring += verticalEdge(from, j)
        }
        for i in from..<to {
            ring.append(corner(i, rows))
            ring += horizontalEdge(i, rows)
        }
        for j in stride(from: rows, to: 0, by: -1) {
            ring.append(corner(to, j))
            ring += verticalEdge(to, j - 1).reversed()
        }
        for i in stride(from: to, to: from, by: -1) {
            ring.append(corner(i, 0))
            ring += horizontalEdge(i - 1, 0).reversed()
        }
        ring.append(corner(from, 0))
        return ring
    }

    func hasIsland(_ i: Int, _ j: Int) -> Bool {
        i > 0 && j > 0 && i < columns - 1 && j < rows - 1 && (i * 7 + j * 13) % 97 == 0
    }

    /// The island square of a cell, clockwise and closed; reversed it is the cell's hole.
    func island(_ i: Int, _ j: Int) -> [(Double, Double)] {
        let cx = Self.round(Self.originX + (Double(i) + 0.5) * Self.cellSize)
        let cy = Self.round(Self.originY + (Double(j) + 0.5) * Self.cellSize)
        let h = 0.1 * Self.cellSize
        return [(cx - h, cy - h), (cx - h, cy + h), (cx + h, cy + h), (cx + h, cy - h), (cx - h, cy - h)]
    }

    static func signedArea(_ ring: [(Double, Double)]) -> Double {
        var twice = 0.0
        for k in 0..<(ring.count - 1) { twice += ring[k].0 * ring[k + 1].1 - ring[k + 1].0 * ring[k].1 }
        return twice / 2
    }

    static func area(_ rings: [[(Double, Double)]]) -> Double {
        abs(rings.map(signedArea).reduce(0, +))
    }
}
