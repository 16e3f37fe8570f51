import Formats
import TestSupport
import Testing

@testable import RuleEngine

/// The overlap filter never says "disjoint" where GEOS finds the interiors meeting: on every pair of
/// neighbouring parcels of the sample county, and on randomized pairs built to be hard (shared edges, vertices
/// pushed in and out along and across shared edges, identical and reversed copies, holes, containment).
struct InteriorFilterTests {
    func interiorsMeet(_ session: any GeometrySession, _ a: Geometry, _ b: Geometry) -> Bool {
        session.relation(of: a, and: b).interiorsOverlap
    }

    @Test func agreesWithGEOSOnTheSampleCounty() throws {
        let submission = try SubmissionReader.open(fixture("sample-county"), displayPath: "sample-county")
        let layer = try #require(submission.layers.first { $0.name == "DLTB" })
        let shapes = layer.records().compactMap { try? $0.get().geometry }
        let session = GEOSGeometryOperations().makeSession()
        var decided = 0
        var pairs = 0
        for i in shapes.indices {
            for j in shapes.indices where j > i {
                guard let a = shapes[i].envelope, let b = shapes[j].envelope, a.intersects(b) else { continue }
                pairs += 1
                if InteriorFilter.interiorsDisjoint(shapes[i], shapes[j]) {
                    decided += 1
                    #expect(!interiorsMeet(session, shapes[i], shapes[j]), "records \(i + 1) and \(j + 1)")
                }
            }
        }
        // the sample has one deliberate overlap; nearly every other neighbour pair is settled without GEOS
        #expect(decided > pairs * 9 / 10, "\(decided) of \(pairs)")
    }

    @Test func neverWrongOnRandomizedHardPairs() throws {
        var random = SplitMix(seed: 42)
        let session = GEOSGeometryOperations().makeSession()
        func ring(_ points: [(Double, Double)]) -> [Double] { (points + [points[0]]).flatMap { [$0.0, $0.1] } }
        var checked = 0
        for _ in 0..<3000 {
            // a shared edge from (0, 0) to (0, 10) split at a random point, two quads either side
            let split = Double(random.next(in: 1...9))
            let westX = -Double(random.next(in: 2...10))
            let eastX = Double(random.next(in: 2...10))
            var west: [(Double, Double)] = [(0, 0), (westX, 0), (westX, 10), (0, 10), (0, split)]
            var east: [(Double, Double)] = [(0, 0), (0, split), (0, 10), (eastX, 10), (eastX, 0)]
            // sometimes move one vertex a little, in any direction, or insert a vertex off the edge
            switch random.next(in: 0...7) {
            case 0: west[4].0 += Double(random.next(in: -2...2)) / 4
            case 1: east[1].0 += Double(random.next(in: -2...2)) / 4
            case 2: west.insert((Double(random.next(in: -2...2)) / 4, split / 2), at: 1)
            case 3: east = west.reversed()
            case 4: east = west
            case 5: east = [(westX / 2, 2), (westX / 2, 8), (-1, 8), (-1, 2)].reversed()
            case 6: east = east.map { ($0.0 + Double(random.next(in: -1...1)) / 8, $0.1) }
            default: break
            }
            // west ring is clockwise as written when its points run (0,0) → (westX,0) → …: make it so
            let a = Geometry(shapeType: 5, partStarts: [0], xy: ring(west.reversed()))
            let b = Geometry(shapeType: 5, partStarts: [0], xy: ring(east))
            guard case .valid = session.validity(of: a), case .valid = session.validity(of: b) else { continue }
            checked += 1
            if InteriorFilter.interiorsDisjoint(a, b) {
                #expect(!interiorsMeet(session, a, b), "\(west) / \(east)")
            }
        }
        #expect(checked > 2000)
    }

    /// `covered` (a feature inside a village piece, touching its boundary or not) is never claimed where
    /// GEOS finds part of the feature outside: random quads near the edges of a square village, with
    /// and without a hole, sharing its boundary, crossing it or lying outside.
    @Test func coveredIsNeverWrongOnRandomizedFeaturesNearABoundary() throws {
        var random = SplitMix(seed: 7)
        let session = GEOSGeometryOperations().makeSession()
        func ring(_ points: [(Double, Double)]) -> [Double] { (points + [points[0]]).flatMap { [$0.0, $0.1] } }
        // clockwise shell (0,0)-(20,20); a counter-clockwise hole (8,8)-(12,12) half of the time
        let shell: [(Double, Double)] = [(0, 0), (0, 20), (20, 20), (20, 0)]
        let hole: [(Double, Double)] = [(8, 8), (12, 8), (12, 12), (8, 12)]
        var claimed = 0
        var checked = 0
        for round in 0..<3000 {
            let withHole = round % 2 == 0
            let village = Geometry(
                shapeType: 5, partStarts: withHole ? [0, 5] : [0], xy: ring(shell) + (withHole ? ring(hole) : []))
            // a quad from x0 to x0 + w, y0 to y0 + h, corners jittered; x0 = 0 puts its west edge on the
            // village's, sometimes split at a vertex the village does not have
            let x0 = Double(random.next(in: -2...14))
            let y0 = Double(random.next(in: -2...14))
            let (w, h) = (Double(random.next(in: 1...8)), Double(random.next(in: 1...8)))
            var quad: [(Double, Double)] = [(x0, y0), (x0, y0 + h), (x0 + w, y0 + h), (x0 + w, y0)]
            switch random.next(in: 0...4) {
            case 0: quad[2].0 += Double(random.next(in: -2...2)) / 4
            case 1: quad.insert((x0, y0 + h / 2), at: 1)
            case 2: quad.insert((x0 + Double(random.next(in: -1...1)) / 4, y0 + h / 2), at: 1)
            default: break
            }
            let feature = Geometry(shapeType: 5, partStarts: [0], xy: ring(quad))
            guard case .valid = session.validity(of: feature), let a = InteriorFilter.Edges(feature),
                let b = InteriorFilter.Edges(village)
            else { continue }
            checked += 1
            guard InteriorFilter.covered(a, by: b) else { continue }
            claimed += 1
            let inside = session.relation(of: feature, and: village).overlapArea
            #expect(abs(inside - feature.planarArea) < 1e-9, "\(quad) hole: \(withHole)")
        }
        #expect(checked > 2000)
        #expect(claimed > 300, "\(claimed) of \(checked) settled as covered")
    }
}

/// A small deterministic generator, so the randomized test is the same on every run.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next(in range: ClosedRange<Int>) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return range.lowerBound + Int(z % UInt64(range.count))
    }
}
