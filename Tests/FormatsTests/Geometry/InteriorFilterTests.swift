import Formats
import Foundation
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

/// The edge bands change only how many edges the filter looks at, never its answer: on shapes of many
/// edges (where bands are built), every answer with bands equals the answer scanning every edge, and a
/// `covered` claim still agrees with GEOS.
struct InteriorFilterBandTests {
    func withoutBands(_ edges: InteriorFilter.Edges) -> InteriorFilter.Edges {
        var plain = edges
        plain.bands = nil
        return plain
    }

    @Test func bandsGiveTheSameAnswersOnTheSampleCounty() throws {
        let submission = try SubmissionReader.open(fixture("sample-county"), displayPath: "sample-county")
        func edges(_ name: String) throws -> [InteriorFilter.Edges] {
            let layer = try #require(submission.layers.first { $0.name == name })
            return layer.records().compactMap { try? $0.get().geometry }.compactMap(InteriorFilter.Edges.init)
        }
        let (parcels, villages, county) = (try edges("DLTB"), try edges("CJDCQ"), try edges("XZQ"))
        var banded = 0
        for container in villages + county where container.bands != nil {
            banded += 1
            for feature in parcels + villages {
                #expect(
                    InteriorFilter.covered(feature, by: container)
                        == InteriorFilter.covered(withoutBands(feature), by: withoutBands(container)))
                #expect(
                    InteriorFilter.interiorsDisjoint(feature, container)
                        == InteriorFilter.interiorsDisjoint(withoutBands(feature), withoutBands(container)))
            }
        }
        #expect(banded > 0, "no shape of the sample has enough edges for bands")
    }

    /// `overlay` settles most parcels against whole villages with the filter before asking GEOS: every
    /// parcel of the sample county, laid over every village, gets the area GEOS's own relation gives.
    @Test func overlaysOnVillagesAgreeWithGEOSOnTheSampleCounty() throws {
        let submission = try SubmissionReader.open(fixture("sample-county"), displayPath: "sample-county")
        func shapes(_ name: String) throws -> [Geometry] {
            let layer = try #require(submission.layers.first { $0.name == name })
            return layer.records().compactMap { try? $0.get().geometry }
        }
        let (parcels, villages) = (try shapes("DLTB"), try shapes("CJDCQ"))
        let targets = villages.enumerated().map { TargetShape(id: "CJDCQ#\($0.offset)", geometry: $0.element) }
        let session = GEOSGeometryOperations().makeSession()
        let reference = GEOSGeometryOperations().makeSession()
        var inside = 0
        for (record, parcel) in parcels.enumerated() {
            let overlay = session.overlay(parcel, on: targets)
            for (position, village) in villages.enumerated() {
                let expected = reference.relation(of: parcel, and: village).overlapArea
                #expect(
                    abs(overlay.areas[position] - expected) <= 1e-6 * max(1, expected),
                    "parcel \(record + 1) in village \(position + 1)")
            }
            if overlay.outsideArea == 0 { inside += 1 }
        }
        #expect(inside > parcels.count / 2, "\(inside) of \(parcels.count) parcels wholly inside villages")
    }

    /// A ring of `count` points around (cx, cy), its radius jittered so that the boundary zigzags.
    func jagged(_ random: inout SplitMix, count: Int, cx: Double, cy: Double, radius: Double) -> [Double] {
        var points: [Double] = []
        for step in 0..<count {
            let angle = -2 * Double.pi * Double(step) / Double(count)  // clockwise: a shell
            let r = radius * (1 + Double(random.next(in: -40...40)) / 1000)
            points += [cx + r * cos(angle), cy + r * sin(angle)]
        }
        return points + points.prefix(2)
    }

    @Test func bandsGiveTheSameAnswersAsScanningEveryEdge() throws {
        var random = SplitMix(seed: 11)
        let session = GEOSGeometryOperations().makeSession()
        var compared = 0
        var coveredClaims = 0
        var disjointClaims = 0
        for round in 0..<40 {
            let village = Geometry(
                shapeType: 5, partStarts: [0], xy: jagged(&random, count: 400, cx: 0, cy: 0, radius: 100))
            // a neighbouring village sharing nothing, one overlapping it, and one the same
            let shift = Double([200, 150, 0][round % 3])
            let other = Geometry(
                shapeType: 5, partStarts: [0], xy: jagged(&random, count: 300, cx: shift, cy: 0, radius: 100))
            let v = try #require(InteriorFilter.Edges(village))
            let o = try #require(InteriorFilter.Edges(other))
            #expect(v.bands != nil && o.bands != nil)
            #expect(
                InteriorFilter.interiorsDisjoint(v, o)
                    == InteriorFilter.interiorsDisjoint(withoutBands(v), withoutBands(o)))
            #expect(InteriorFilter.covered(o, by: v) == InteriorFilter.covered(withoutBands(o), by: withoutBands(v)))
            // small features across the village's boundary, inside it, outside it, and sharing its vertices
            for _ in 0..<100 {
                let vertex = random.next(in: 0...398)
                let (x, y) = (village.xy[2 * vertex], village.xy[2 * vertex + 1])
                let (nx, ny) = (village.xy[2 * vertex + 2], village.xy[2 * vertex + 3])
                let size = Double(random.next(in: 1...6))
                let inward = Double(random.next(in: -3...3)) / 2
                let quad: [Double]
                if random.next(in: 0...1) == 0 {
                    // on the village's edge from this vertex to the next, towards the centre or away
                    let (px, py) = (x * (1 - inward * size / 100), y * (1 - inward * size / 100))
                    quad = [x, y, px, py, nx * (1 - inward * size / 100), ny * (1 - inward * size / 100), nx, ny, x, y]
                } else {
                    quad = [
                        x - size, y - size, x - size, y + size, x + size, y + size, x + size, y - size, x - size,
                        y - size,
                    ]
                }
                let feature = Geometry(shapeType: 5, partStarts: [0], xy: quad)
                guard case .valid = session.validity(of: feature), let f = InteriorFilter.Edges(feature) else {
                    continue
                }
                compared += 1
                let covered = InteriorFilter.covered(f, by: v)
                #expect(covered == InteriorFilter.covered(f, by: withoutBands(v)), "round \(round) \(quad)")
                let disjoint = InteriorFilter.interiorsDisjoint(f, v)
                #expect(disjoint == InteriorFilter.interiorsDisjoint(f, withoutBands(v)), "round \(round) \(quad)")
                if covered {
                    coveredClaims += 1
                    let inside = session.relation(of: feature, and: village).overlapArea
                    #expect(abs(inside - feature.planarArea) < 1e-6 * max(1, feature.planarArea), "\(quad)")
                }
                if disjoint {
                    disjointClaims += 1
                    #expect(!session.relation(of: feature, and: village).interiorsOverlap, "\(quad)")
                }
            }
        }
        #expect(compared > 2000)
        #expect(coveredClaims > 100, "\(coveredClaims) covered of \(compared)")
        #expect(disjointClaims > 100, "\(disjointClaims) disjoint of \(compared)")
    }
}

/// A small deterministic generator (SplitMix64), so the randomized tests are the same on every run.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// A value in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}
