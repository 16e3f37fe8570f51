import Formats
import RuleEngine
import TestSupport
import Testing

/// Shapefile sets that lack a part or spell it oddly: each problem is a finding, and what can be read is read.
struct ShapefileDamageTests {
    func open(_ relative: String) throws -> (layer: any Layer, findings: [String], records: [Record]) {
        let submission = try SubmissionReader.open(fixture(relative), displayPath: relative)
        let layer = try #require(submission.layers.first)
        let records = layer.records().compactMap { try? $0.get() }
        return (layer, submission.findings.map { "\($0.location) \($0.defect.rawValue)" }, records)
    }

    @Test func zAndMValuesAreKeptPerVertex() throws {
        let (layer, _, records) = try open("shapefile/zm")
        #expect(layer.schema.geometryType == "PolygonZ")
        let shape = try #require(records.first?.geometry)
        #expect(shape.z?.count == shape.vertexCount)
        #expect(shape.m?.count == shape.vertexCount)
        #expect(layer.crs?.epsg == 4326)
    }

    @Test func shpAloneIsReadAndEveryMissingPartIsAFinding() throws {
        let (layer, findings, records) = try open("shapefile/no-dbf")
        #expect(
            findings == [
                "no-dbf.shp:no-dbf shx-missing", "no-dbf.shp:no-dbf dbf-missing", "no-dbf.shp:no-dbf prj-missing",
            ])
        #expect(layer.schema.fields.isEmpty)
        #expect(records.count == 14)
        #expect(records.allSatisfy { $0.geometry?.kind == .polygon })
    }

    @Test func prjThatIsNotACRSIsAFinding() throws {
        let (layer, findings, _) = try open("shapefile/html-prj")
        #expect(findings.contains("htmlprj.prj:htmlprj prj-unreadable"))
        #expect(layer.crs == nil)
    }

    @Test func extensionsInAnyLetterCaseFormOneShapefile() throws {
        let (layer, findings, records) = try open("shapefile/mixed-case")
        #expect(findings.isEmpty)
        #expect(layer.name == "Parcels")
        #expect(layer.file == "Parcels.SHP")
        #expect(layer.crs?.epsg == 4326)
        #expect(records.first?.values == ["简体"])
        #expect(records.first?.geometry?.kind == .point)
    }
}
