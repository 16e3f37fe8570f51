import Formats
import RuleEngine
import TestSupport
import Testing

struct ShapefileReaderTests {
    func open(_ relative: String) throws -> Submission {
        try SubmissionReader.open(fixture(relative), displayPath: relative)
    }

    func records(_ layer: any Layer) -> [Record] {
        layer.records().compactMap { try? $0.get() }
    }

    @Test func sampleCountyReadsSchemaTextGeometryAndCRS() throws {
        let submission = try open("sample-county")
        // pyshp writes no 0x1A end-of-file byte after the last record, in each of the three tables.
        #expect(
            submission.findings.map(\.defect) == [.dbfEOFMarkerMissing, .dbfEOFMarkerMissing, .dbfEOFMarkerMissing])
        #expect(submission.layers.map(\.name) == ["CJDCQ", "DLTB", "XZQ"])
        let layer = try #require(submission.layers.first { $0.name == "DLTB" })
        #expect(layer.name == "DLTB")
        #expect(layer.format == "shapefile")
        #expect(layer.recordCount == 303)
        #expect(layer.schema.geometryType == "Polygon")
        #expect(layer.schema.fields.count == 30)
        #expect(
            layer.schema.fields[0] == FieldDefinition(name: "BSM", type: .text, typeCode: "C", width: 18, decimals: 0))
        #expect(
            layer.schema.fields.first { $0.name == "TBMJ" }
                == FieldDefinition(name: "TBMJ", type: .real, typeCode: "N", width: 15, decimals: 2))
        #expect(layer.encoding == EncodingInfo(declared: "GBK", source: .cpg, used: "GB18030"))
        #expect(layer.crs?.epsg == 4527)
        #expect(layer.crs?.confidence == 100)

        let all = records(layer)
        #expect(all.count == 303)
        let first = try #require(all.first)
        let zldwmc = try #require(layer.schema.index(of: "ZLDWMC"))
        #expect(first[zldwmc] == "东王村")
        #expect(first[try #require(layer.schema.index(of: "XZDWKD"))] == nil, "asterisk-filled numbers are null")
        let shape = try #require(first.geometry)
        #expect(shape.kind == .polygon)
        #expect(shape.partCount >= 1)
        #expect(shape.xy[0] > 39_500_000 && shape.xy[1] > 4_300_000)
        // a ring closes on its first vertex
        let ring = shape.partRange(0)
        #expect(shape.xy[2 * ring.lowerBound] == shape.xy[2 * (ring.upperBound - 1)])
        #expect(all.map(\.number) == Array(1...303))
    }

    @Test func submissionListsEveryFileWithItsDigest() throws {
        let submission = try open("sample-county")
        let parts = ["cpg", "dbf", "prj", "shp", "shx"]
        let expected =
            ["CJDCQ", "DLTB"].flatMap { layer in parts.map { "\(layer).\($0)" } } + ["README.md"]
            + parts.map { "XZQ.\($0)" }
        #expect(submission.files.map(\.path) == expected)
        let prj = try #require(submission.files.first { $0.path == "DLTB.prj" })
        #expect(prj.sha256 == "3d20e7bcc7060659079e2fcb08e04ac8a037336e35debf094b67003fb44eac25")
        #expect(prj.size == 432)
    }

    @Test func missingIndexIsAFindingAndTheShapesAreStillRead() throws {
        let submission = try open("shapefile/no-shx")
        let defects = submission.findings.map(\.defect)
        #expect(defects.contains(.shxMissing))
        #expect(defects.contains(.prjMissing))
        let layer = try #require(submission.layers.first)
        let all = records(layer)
        #expect(all.count == 1)
        #expect(all.first?.geometry?.kind == .polygon)
        #expect((all.first?.geometry?.vertexCount ?? 0) > 3)
    }

    @Test func languageDriver122DeclaresGBK() throws {
        let submission = try open("shapefile/ldid-chinese")
        let layer = try #require(submission.layers.first)
        #expect(layer.encoding == EncodingInfo(declared: "LDID/122", source: .ldid, used: "GB18030"))
        #expect(records(layer).first?[0] == "简体")
        #expect(!submission.findings.contains { $0.defect == .encodingUndeclared })
    }

    @Test func utf8CPGDecodesFieldNamesAndValues() throws {
        let layer = try #require(try open("shapefile/utf8-cpg").layers.first)
        #expect(layer.encoding?.source == .cpg)
        #expect(layer.schema.fields.first?.name == "☃")
        #expect(records(layer).first?[0] == "ηελλο ςορλδ")
    }
}
