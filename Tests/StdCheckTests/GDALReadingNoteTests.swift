import Foundation
import TestSupport
import Testing

/// A GDAL layer's curves reach the rules as straight segments: the report says with what step, in the
/// JSON manifest (valid against the published schema) and in the text report's layer lines; a
/// shapefile layer, read as written, says nothing.
struct GDALReadingNoteTests {
    static let ogr2ogr = ["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test(.enabled(if: ogr2ogr != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
    func theReportStatesTheCurveStepOfEveryGDALLayerWithGeometry() throws {
        let ogr2ogr = try #require(Self.ogr2ogr, "ogr2ogr (gdal-bin) is missing")
        let folder = NSTemporaryDirectory() + "stdcheck-gdal-note-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let made = try runProgram(
            ogr2ogr, ["-q", "-f", "GPKG", folder + "/county.gpkg", fixture("sample-county/XZQ.shp"), "-nln", "XZQ"],
            timeout: 120)
        try #require(made.status == 0, "ogr2ogr: \(made.stderr)")

        let json = try runStdcheck(["check", folder + "/county.gpkg", "--standard", "gtdc@2020", "--format", "json"])
        let report = try JSONNode.parse(Data(json.stdout.utf8))
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/report.schema.json")))
        let errors = JSONSchemaValidator(schema: schema).errors(in: report)
        #expect(errors.isEmpty, "\(errors.prefix(10).joined(separator: "\n"))")
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let layers = try #require(parsed["layers"] as? [[String: Any]])
        let xzq = try #require(layers.first { $0["name"] as? String == "XZQ" }, "\(json.stderr)")
        #expect(xzq["format"] as? String == "gdal")
        #expect(
            (xzq["reading"] as? [String: String])?["curveLinearisation"]
                == "curves linearised, one vertex every 4° of arc")

        let text = try runStdcheck(["check", folder + "/county.gpkg", "--standard", "gtdc@2020"])
        #expect(text.stdout.contains("county.gpkg [XZQ]: "), "\(text.stdout)")
        #expect(text.stdout.contains("curves linearised, one vertex every 4° of arc"), "\(text.stdout)")

        // the shapefile it came from is read as written: no note
        let shapefile = try runStdcheck([
            "check", fixture("sample-county"), "--standard", "gtdc@2020", "--format", "json",
        ])
        #expect(!shapefile.stdout.contains("\"reading\""))
    }
}
