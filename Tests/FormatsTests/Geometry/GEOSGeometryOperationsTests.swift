import Dispatch
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// The declared geometry and CRS rules of every bundled pack, whose examples need GEOS and PROJ.
let geometryPackRules = BundledRule.all { rule in
    switch rule.check {
    case .geometry, .crs: true
    default: false
    }
}

struct GEOSGeometryOperationsTests {
    let operations = GEOSGeometryOperations()

    func shape(_ wkt: String) throws -> Geometry {
        try WKTReader.read(wkt)
    }

    @Test(arguments: geometryPackRules)
    func geometryRuleExamplesBehaveAsDeclared(rule: BundledRule) throws {
        let loaded = try rule.loaded.get()
        let failures = ExampleRunner.failures(of: loaded.rule, in: loaded.standard, geometry: operations)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func validityNamesTheProblemAndItsPlace() throws {
        let session = operations.makeSession()
        #expect(session.validity(of: try shape("POLYGON((0 0,0 10,10 10,10 0,0 0))")) == .valid)
        guard
            case .invalid(let problem, let reason, let x, let y) = session.validity(
                of: try shape("POLYGON((0 0,10 10,10 0,0 10,0 0))"))
        else {
            Issue.record("a bow-tie is invalid")
            return
        }
        #expect(problem == .selfIntersection)
        #expect(reason == "Self-intersection at or near (5.0 5.0)")
        #expect(x == 5 && y == 5)
        guard case .invalid(let tooFew, _, _, _) = session.validity(of: try shape("POLYGON((0 0,0 10,0 0))")) else {
            Issue.record("a ring of three points is invalid")
            return
        }
        #expect(tooFew == .tooFewPoints)
        guard case .invalid(let open, _, _, _) = session.validity(of: try shape("POLYGON((0 0,0 10,10 10,10 0))"))
        else {
            Issue.record("an unclosed ring is invalid")
            return
        }
        #expect(open == .ringNotClosed)
    }

    @Test func relationGivesTheOverlapPolygonAndSharedEdges() throws {
        let session = operations.makeSession()
        let left = try shape("POLYGON((0 0,0 10,10 10,10 0,0 0))")
        let overlapping = session.relation(of: left, and: try shape("POLYGON((8 0,8 10,20 10,20 0,8 0))"))
        #expect(overlapping.interiorsOverlap)
        #expect(abs(overlapping.overlapArea - 20) < 1e-9)
        #expect(overlapping.overlap.count == 1)
        let neighbour = session.relation(of: left, and: try shape("POLYGON((10 0,10 10,20 10,20 0,10 0))"))
        #expect(!neighbour.interiorsOverlap)
        #expect(neighbour.shareBoundaryLine)
        let corner = session.relation(of: left, and: try shape("POLYGON((10 10,10 20,20 20,20 10,10 10))"))
        #expect(!corner.shareBoundaryLine)
    }

    /// A 100 m square 12 km east of zone 39's central meridian: the Gauss-Krüger scale there is
    /// 1 + x²/2R² ≈ 1.0000018, so the ellipsoidal area is about 3.5 parts per million below the planar one.
    @Test func ellipsoidalAreaIsTheAreaOfTheInverseProjectionOnTheEllipsoid() throws {
        let session = operations.makeSession()
        let square = try shape(
            "POLYGON((39512000 4331000,39512000 4331100,39512100 4331100,39512100 4331000,39512000 4331000))")
        let area = try #require(session.ellipsoidalArea(of: square, epsg: 4527))
        #expect(area < 10_000)
        #expect(abs(10_000 - area - 0.035) < 0.01, "\(area)")
        let details = try #require(operations.crsDetails(epsg: 4527))
        #expect(details.falseEasting == 39_500_000)
        #expect(details.centralMeridian == 117)
        #expect(details.isGeographic == false)
        #expect(operations.crsDetails(epsg: 4490)?.isGeographic == true)
    }

    /// A 74 ha pentagon 140 km east of zone 39's meridian, edges of 600–700 m taken straight in
    /// longitude and latitude: pyproj's Geod (GeographicLib, CGCS2000's a and f) over the same
    /// inverse-projected vertices, each edge densified to 1000 points straight in longitude/latitude,
    /// gives 742141.0285 m² (742139.8645 m² with geodesic edges instead).
    @Test func ellipsoidalAreaOfALargeParcelFarFromTheMeridianAgreesWithGeographicLib() throws {
        let session = operations.makeSession()
        let parcel = try shape(
            "POLYGON((39640000 4400000,39640700 4400150,39641000 4400800,39640400 4401050,39639900 4400600,"
                + "39640000 4400000))")
        let area = try #require(session.ellipsoidalArea(of: parcel, epsg: 4527))
        #expect(abs(area - 742_141.0285) < 0.01, "\(area)")
    }

    @Test func holesOfTheUnionAreTheGaps() throws {
        let session = operations.makeSession()
        let holes = session.holes(inUnionOf: [
            try shape("POLYGON((0 0,0 30,10 30,10 0,0 0))"), try shape("POLYGON((20 0,20 30,30 30,30 0,20 0))"),
            try shape("POLYGON((10 0,10 10,20 10,20 0,10 0))"), try shape("POLYGON((10 20,10 30,20 30,20 20,10 20))"),
        ])
        #expect(holes.count == 1)
    }
}

/// The gap rule's union: the linear coverage union when the shapes form a coverage, the general union
/// otherwise, with the same holes either way.
@Suite struct CoverageUnionTests {
    let operations = GEOSGeometryOperations()

    func shapes(_ wkts: [String]) throws -> [Geometry] { try wkts.map { try WKTReader.read($0) } }

    /// A 3×3 grid of unit squares with matching vertices, the middle one left out: a gap of area 1.
    func grid(skipping skipped: Set<Int>, extra: [String] = []) throws -> [Geometry] {
        var wkts: [String] = []
        for row in 0..<3 {
            for column in 0..<3 where !skipped.contains(row * 3 + column) {
                let (x, y) = (column * 10, row * 10)
                wkts.append("POLYGON((\(x) \(y),\(x) \(y + 10),\(x + 10) \(y + 10),\(x + 10) \(y),\(x) \(y)))")
            }
        }
        return try shapes(wkts + extra)
    }

    @Test func aCoverageWithAGapIsUnitedByCoverageAndTheGapIsFound() throws {
        let session = try #require(operations.makeSession() as? GEOSSession)
        let cells = try grid(skipping: [4])
        #expect(session.unionIsByCoverage(cells))
        let holes = session.holes(inUnionOf: cells)
        #expect(holes.count == 1)
        guard case .polygon(let rings) = try #require(holes.first) else {
            Issue.record("the hole is not a polygon")
            return
        }
        let xs = Set(rings[0].map { $0[0] })
        #expect(xs == [10, 20])
    }

    @Test func overlapsDuplicatesAndUnmatchedEdgesFallBackToTheGeneralUnion() throws {
        let session = try #require(operations.makeSession() as? GEOSSession)
        let overlapping = try grid(skipping: [4], extra: ["POLYGON((5 5,5 12,12 12,12 5,5 5))"])
        let duplicated = try grid(skipping: [4], extra: ["POLYGON((0 0,0 10,10 10,10 0,0 0))"])
        // the T-junction: one cell split in two, its neighbour's edge not cut at the new vertex
        let unmatched = try shapes([
            "POLYGON((0 0,0 20,10 20,10 0,0 0))", "POLYGON((10 0,10 10,20 10,20 0,10 0))",
            "POLYGON((10 10,10 20,20 20,20 10,10 10))",
        ])
        for case (let name, let cells) in [
            ("overlap", overlapping), ("duplicate", duplicated), ("T-junction", unmatched),
        ] {
            #expect(!session.unionIsByCoverage(cells), "\(name)")
        }
        // the overlapping square covers part of the gap, which stays a hole; the duplicate changes nothing
        #expect(session.holes(inUnionOf: overlapping).count == 1)
        #expect(session.holes(inUnionOf: duplicated).count == 1)
        #expect(session.holes(inUnionOf: unmatched).isEmpty)
    }

    @Test func aGapAcrossTheSeamOfTwoTilesIsOneHole() throws {
        let session = try #require(operations.makeSession() as? GEOSSession)
        // a 4×3 block of cells without the middle row's cells 1 and 2, which straddle the seam between
        // the left tile (columns 0 and 1) and the right one
        var left: [Geometry] = []
        var right: [Geometry] = []
        for row in 0..<3 {
            for column in 0..<4 where !(row == 1 && (column == 1 || column == 2)) {
                let (x, y) = (column * 10, row * 10)
                let cell = try WKTReader.read(
                    "POLYGON((\(x) \(y),\(x) \(y + 10),\(x + 10) \(y + 10),\(x + 10) \(y),\(x) \(y)))")
                if column < 2 { left.append(cell) } else { right.append(cell) }
            }
        }
        // a 2 × 2 grid: tile 0 the left half, tile 1 the right half, tiles 2 and 3 empty
        let tiled = session.holes(inUnionOfGrid: 2) { $0 == 0 ? left : $0 == 1 ? right : [] }
        #expect(tiled.count == 1)
        guard case .polygon(let rings) = try #require(tiled.first) else {
            Issue.record("the hole is not a polygon")
            return
        }
        #expect(Set(rings[0].map { $0[0] }).isSuperset(of: [10, 30]))
        #expect(session.holes(inUnionOf: left + right).count == 1)
    }
}

/// The gap union's levels shared out among workers give the same holes, ring for ring, as one thread.
struct ParallelGapUnionTests {
    @Test func workersGiveTheSameHolesAsOneThread() throws {
        let session = try #require(GEOSGeometryOperations().makeSession() as? GEOSSession)
        // rows 1-38 of a 40 × 40 block of unit cells in an 8 × 8 grid of tiles, with cells missing here and
        // there: two on row 1 (open to the outside, no hole), one inside a tile, one on a tile's seam, a pair
        // across a seam (one hole) and one more; and one cell overlapping its neighbour (general union)
        var tiles = Array(repeating: [Geometry](), count: 64)
        let missing: Set<Int> = [41, 42, 5 * 40 + 5, 9 * 40 + 10, 20 * 40 + 19, 20 * 40 + 20, 33 * 40 + 17]
        for row in 0..<40 {
            for column in 0..<40 where !missing.contains(row * 40 + column) && row > 0 && row < 39 {
                let (x, y) = (Double(column), Double(row))
                let grow = row == 30 && column == 30 ? 0.5 : 0
                let cell = try WKTReader.read(
                    "POLYGON((\(x) \(y),\(x) \(y + 1),\(x + 1 + grow) \(y + 1),\(x + 1 + grow) \(y),\(x) \(y)))")
                tiles[(row / 5) * 8 + column / 5].append(cell)
            }
        }
        let single = session.holes(inUnionOfGrid: 8) { tiles[$0] }
        let parallel = session.holes(
            inUnionOfGrid: 8, workers: 2,
            perform: { workers, body in
                // real threads, as EngineThreads gives them
                withoutActuallyEscaping(body) { body in
                    let shared = SharedBody(body)
                    DispatchQueue.concurrentPerform(iterations: workers) { shared.body($0) }
                }
            },
            tiles: { { tiles[$0] } })
        #expect(single.count == 4, "\(single.count) holes")
        #expect(parallel == single)
    }
}

/// A worker body handed to Dispatch's threads (each worker index runs once, on one thread).
private final class SharedBody: @unchecked Sendable {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}
