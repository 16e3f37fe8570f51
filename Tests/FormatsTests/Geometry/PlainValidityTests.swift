import Foundation
import RuleEngine
import Testing

@testable import Formats

/// `Geometry.isPlainlyValidRing`, the shortcut `GEOSSession.validity(of:)` takes before GEOS: it must never
/// call a ring valid that GEOS finds invalid, and it must accept the ordinary parcel (or it saves nothing).
struct PlainValidityTests {
    let session = GEOSSession()

    /// A polygon of one ring, at survey coordinates (CGCS2000 3° zone metres).
    static func ring(_ points: [(Double, Double)], close: Bool = true) -> Geometry {
        var xy: [Double] = []
        for (x, y) in points + (close ? [points[0]] : []) { xy += [500_000 + x, 3_400_000 + y] }
        return Geometry(shapeType: 5, partStarts: [0], xy: xy)
    }

    static let crafted: [(String, [(Double, Double)], Bool)] = [
        ("square", [(0.0, 0.0), (0, 10), (10, 10), (10, 0)], true),
        ("triangle", [(0, 0), (5, 10), (10, 0)], true),
        ("counter-clockwise square", [(0, 0), (10, 0), (10, 10), (0, 10)], true),
        ("vertices on straight edges", [(0, 0), (0, 5), (0, 10), (5, 10), (10, 10), (10, 5), (10, 0), (5, 0)], true),
        ("repeated vertices", [(0, 0), (0, 0), (0, 10), (10, 10), (10, 10), (10, 0)], true),
        ("concave", [(0, 0), (0, 10), (5, 2), (10, 10), (10, 0)], true),
        ("bow tie", [(0, 0), (10, 10), (10, 0), (0, 10)], false),
        ("spike", [(0, 0), (0, 10), (10, 10), (20, 10), (10, 10), (10, 0)], false),
        ("touches itself at a vertex", [(0, 0), (0, 10), (5, 5), (10, 10), (10, 0), (5, 5)], false),
        ("vertex on another edge", [(0, 0), (0, 10), (10, 10), (10, 5), (0, 5), (5, 0)], false),
        ("collinear", [(0, 0), (5, 0), (10, 0)], false),
        ("too few points", [(0, 0), (0, 10)], false),
        ("edge back along another", [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0), (5, 0)], false),
    ]

    @Test(arguments: crafted)
    func craftedRings(name: String, points: [(Double, Double)], plain: Bool) {
        let geometry = Self.ring(points)
        #expect(geometry.isPlainlyValidRing == plain, "\(name)")
        if plain {
            #expect(session.libraryValidity(of: geometry) == .valid, "\(name)")
        }
        // whatever the shortcut says, the session's verdict is GEOS's
        #expect(
            (session.validity(of: geometry) == .valid) == (session.libraryValidity(of: geometry) == .valid), "\(name)")
    }

    @Test func declinesWhatItDoesNotJudge() throws {
        // not closed, a hole, two parts, a line, a coordinate that is not a number
        #expect(!Self.ring([(0, 0), (0, 10), (10, 10), (10, 0)], close: false).isPlainlyValidRing)
        let withHole = try WKTReader.read("POLYGON((0 0,0 10,10 10,10 0,0 0),(2 2,4 2,4 4,2 4,2 2))")
        #expect(!withHole.isPlainlyValidRing)
        #expect(session.validity(of: withHole) == .valid)
        let twoParts = try WKTReader.read("MULTIPOLYGON(((0 0,0 1,1 1,1 0,0 0)),((5 5,5 6,6 6,6 5,5 5)))")
        #expect(!twoParts.isPlainlyValidRing)
        #expect(!(try WKTReader.read("LINESTRING(0 0,1 1,2 0,0 0)")).isPlainlyValidRing)
        #expect(!Self.ring([(0, 0), (0, .nan), (10, 10), (10, 0)]).isPlainlyValidRing)
        let huge = (0..<(Geometry.plainRingLimit + 1)).map { index -> (Double, Double) in
            let angle = Double(index) / Double(Geometry.plainRingLimit + 1) * 2 * .pi
            return (100 * cos(angle), 100 * sin(angle))
        }
        #expect(!Self.ring(huge).isPlainlyValidRing)
    }

    /// Thousands of random rings of every sort: star-shaped (valid), the same with vertices inserted on
    /// their edges, spikes, repeated and displaced vertices, shuffled (mostly self-intersecting) and
    /// nearly degenerate ones (a vertex moved onto an edge up to a rounding error). Whenever the shortcut
    /// says valid, GEOS agrees; and it accepts nearly every star-shaped ring.
    @Test func neverCallsValidWhatGEOSFindsInvalid() {
        var random = SplitMix(seed: 20_261_204)
        // per sort of ring: how many, how many the shortcut accepted, how many GEOS found invalid
        var made = [Int](repeating: 0, count: 6)
        var accepted = [Int](repeating: 0, count: 6)
        var invalid = [Int](repeating: 0, count: 6)
        for round in 0..<6000 {
            let count = 3 + Int(random.next() % 40)
            var points = (0..<count).map { index -> (Double, Double) in
                let angle = (Double(index) + random.unit() * 0.9) / Double(count) * 2 * .pi
                let radius = 20 + 80 * random.unit()
                return (radius * cos(angle), radius * sin(angle))
            }
            let sort = round % 6
            switch sort {
            case 1:
                // vertices on the edges, as a neighbour's corners are in a tessellation
                points = points.indices.flatMap { index -> [(Double, Double)] in
                    let (a, b) = (points[index], points[(index + 1) % points.count])
                    let t = random.unit()
                    return [a, (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))]
                }
            case 2:
                // a spike: out to a point and back the same way
                let at = Int(random.next() % UInt64(points.count))
                let (x, y) = points[at]
                points.insert(contentsOf: [(x * 1.5, y * 1.5), (x, y)], at: at + 1)
            case 3:
                // repeated vertices, and one vertex moved anywhere
                let at = Int(random.next() % UInt64(points.count))
                points.insert(points[at], at: at)
                points[Int(random.next() % UInt64(points.count))] = (
                    random.unit() * 200 - 100, random.unit() * 200 - 100
                )
            case 4:
                points.shuffle(using: &random)
            case 5:
                // a vertex moved onto the segment between two others, up to a rounding error
                let (a, b) = (points[0], points[count / 2])
                let t = random.unit()
                points[count / 4 + 1] = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1) + (random.unit() - 0.5) * 1e-9)
            default:
                break
            }
            let geometry = Self.ring(points)
            let library = session.libraryValidity(of: geometry)
            made[sort] += 1
            if library != .valid { invalid[sort] += 1 }
            if geometry.isPlainlyValidRing {
                accepted[sort] += 1
                #expect(library == .valid, "round \(round): \(points)")
            }
        }
        // star-shaped rings, with or without vertices on their edges, are valid: nearly all accepted
        #expect(invalid[0] == 0 && accepted[0] * 100 >= made[0] * 99, "stars: \(accepted[0]) of \(made[0])")
        #expect(accepted[1] * 100 >= made[1] * 99, "vertices on edges: \(accepted[1]) of \(made[1])")
        // the other sorts hold many invalid rings, so the property above was put to the test
        #expect(invalid[2] == made[2], "every spike is invalid: \(invalid[2]) of \(made[2])")
        #expect(invalid[4] * 2 > made[4], "shuffled: \(invalid[4]) of \(made[4]) invalid")
        #expect(invalid[3] > 0 && invalid[5] > 0, "moved vertices: \(invalid[3]), \(invalid[5]) invalid")
    }
}
