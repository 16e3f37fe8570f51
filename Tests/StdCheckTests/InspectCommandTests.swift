import Foundation
import TestSupport
import Testing

struct InspectCommandTests {
    @Test func inspectShowsLayerFieldsEncodingAndEPSG() throws {
        let run = try runStdcheck(["inspect", "fixtures/sample-county", "--format", "json"])
        #expect(run.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let layer = try #require((json["layers"] as? [[String: Any]])?.first { $0["name"] as? String == "DLTB" })
        #expect(layer["name"] as? String == "DLTB")
        #expect(layer["geometryType"] as? String == "Polygon")
        #expect(layer["records"] as? Int == 303)
        let crs = try #require(layer["crs"] as? [String: Any])
        #expect(crs["epsg"] as? Int == 4527)
        #expect((crs["wkt"] as? String)?.hasPrefix("PROJCS[\"CGCS2000_3_Degree_GK_Zone_39\"") == true)
        let encoding = try #require(layer["encoding"] as? [String: Any])
        #expect(encoding["declared"] as? String == "GBK")
        let fields = try #require(layer["fields"] as? [[String: Any]])
        #expect(fields.first?["name"] as? String == "BSM")
        #expect(fields.first?["width"] as? Int == 18)
    }

    @Test func inspectTextNamesTheProblemsOfAShapefileWithoutIndex() throws {
        let run = try runStdcheck(["inspect", "fixtures/shapefile/no-shx"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("[shx-missing]"))
        #expect(run.stdout.contains("geometry: Polygon"))
    }

    @Test func inspectOfAMissingPathExitsThree() throws {
        let run = try runStdcheck(["inspect", "fixtures/nothing-here"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("no such file or folder"))
    }
}
