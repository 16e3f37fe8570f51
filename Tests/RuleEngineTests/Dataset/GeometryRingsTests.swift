import Testing

@testable import RuleEngine

struct GeometryRingsTests {
    @Test func wktKeepsRingsAsWritten() throws {
        let shape = try WKTReader.read("MULTIPOLYGON(((0 0,0 10,10 10,10 0,0 0)),((20 0,20 10,30 10,30 0,20 0)))")
        #expect(shape.shapeType == 5)
        #expect(shape.partStarts == [0, 5])
        #expect(shape.vertexCount == 10)
        #expect(try WKTReader.read("POINT(1 2)").xy == [1, 2])
        #expect(try WKTReader.read("POLYGON EMPTY").vertexCount == 0)
        #expect(throws: WKTReader.Failure.self) { try WKTReader.read("POLYGON((0 0,1 1)") }
    }

    @Test func ringsAreOrganizedAsGDALReadsShapefiles() throws {
        // a clockwise shell and a counter-clockwise hole inside it: one polygon
        let holed = try WKTReader.read("POLYGON((0 0,0 10,10 10,10 0,0 0),(2 2,8 2,8 8,2 8,2 2))")
        #expect(holed.polygons == [[0, 1]])
        #expect(holed.organizedArea == 64)
        // two clockwise rings: two polygons
        let two = try WKTReader.read("POLYGON((0 0,0 10,10 10,10 0,0 0),(20 0,20 10,30 10,30 0,20 0))")
        #expect(two.polygons == [[0], [1]])
        // one counter-clockwise ring alone is still a polygon
        #expect(try WKTReader.read("POLYGON((0 0,10 0,10 10,0 10,0 0))").polygons == [[0]])
    }

    @Test func envelopeIndexFindsWhatABruteForceFinds() {
        var generator = SystemRandomNumberGenerator()
        let boxes = (0..<500).map { _ -> Envelope in
            let x = Double.random(in: 0..<1000, using: &generator)
            let y = Double.random(in: 0..<1000, using: &generator)
            return Envelope(
                minX: x, minY: y, maxX: x + .random(in: 0..<30, using: &generator),
                maxY: y + .random(in: 0..<30, using: &generator))
        }
        let index = EnvelopeIndex(boxes)
        for query in boxes.prefix(50) {
            #expect(index.query(query) == boxes.indices.filter { boxes[$0].intersects(query) })
        }
    }
}
