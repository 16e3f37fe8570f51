import Formats
import Foundation
import TestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Every report writer on the sample county: golden files, schemas, and reading the output back.
struct ReportFormatTests {
    /// All formats of the sample county, written once per test into a fresh folder.
    static func writeAll(_ extra: [String] = []) throws -> (directory: String, run: RunResult) {
        let directory = NSTemporaryDirectory() + "stdcheck-formats-" + UUID().uuidString
        let run = try runStdcheck(
            [
                "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format",
                builtInWriters.map { $0.id }.joined(separator: ","), "--output", directory,
            ] + extra,
            // the cover's inspection date, fixed so the HTML golden does not change with the day
            environment: ["STDCHECK_TODAY": "2026-01-15"])
        return (directory, run)
    }

    static func read(_ directory: String, _ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    @Test func everyWriterMatchesItsGoldenFileByteForByte() throws {
        let (directory, run) = try Self.writeAll()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1, "\(run.stderr)")
        for writer in builtInWriters {
            let data = try #require(FileManager.default.contents(atPath: directory + "/" + writer.fileName))
            // CSV starts with a BOM, which String(contentsOfFile:) would keep; compare the decoded text.
            let text = String(decoding: data, as: UTF8.self)
            if let problem = goldenMismatch(text, named: "sample-county.\(writer.id)") {
                Issue.record(Comment(rawValue: "\(writer.id): \(problem)"))
            }
        }
        // the files some writers add: the area tables, the GeoJSON split by geometry type
        for (file, golden) in [
            ("report-areas.csv", "sample-county.areas.csv"), ("report-points.geojson", "sample-county.points.geojson"),
            ("report-polygons.geojson", "sample-county.polygons.geojson"),
        ] {
            let data = try #require(FileManager.default.contents(atPath: directory + "/" + file), "\(file)")
            if let problem = goldenMismatch(String(decoding: data, as: UTF8.self), named: golden) {
                Issue.record(Comment(rawValue: "\(file): \(problem)"))
            }
        }
    }

    @Test func writerIdsAndFileNamesAreUnique() {
        let ids = builtInWriters.map { $0.id }
        let files = builtInWriters.map { $0.fileName }
        #expect(Set(ids).count == ids.count)
        #expect(Set(files).count == files.count)
        #expect(builtInWriters.allSatisfy { $0.fileName.hasPrefix("report.") })
    }

    @Test func jsonReportIsValidAgainstThePublishedSchema() throws {
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/report.schema.json")))
        let report = try JSONNode.parse(Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.json"))))
        let errors = JSONSchemaValidator(schema: schema).errors(in: report)
        #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
        #expect(report["reportVersion"] == .number(3))
    }

    @Test func schemaValidatorRejectsAReportThatBreaksTheSchema() throws {
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/report.schema.json")))
        var text = try String(contentsOfFile: fixture("reports/sample-county.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"verdict\" : \"non-conformant\"", with: "\"verdict\" : \"maybe\"")
        text = text.replacingOccurrences(of: "\"reportVersion\" : 3", with: "\"reportVersion\" : 3, \"extra\" : 1")
        let errors = JSONSchemaValidator(schema: schema).errors(in: try JSONNode.parse(Data(text.utf8)))
        #expect(errors.contains { $0.hasPrefix("$.verdict:") })
        #expect(errors.contains { $0.hasPrefix("$.extra:") })
    }

    @Test func everyJSONLineIsAFindingOfTheSchemaAndNoneIsMissing() throws {
        let schemaText = try String(contentsOfFile: packageRoot + "/docs/report.schema.json", encoding: .utf8)
        let schema = try JSONNode.parse(Data(schemaText.utf8))
        guard case .object(var members) = schema else { return }
        members["$ref"] = .string("#/definitions/finding")
        let validator = JSONSchemaValidator(schema: .object(members))
        let lines = try String(contentsOfFile: fixture("reports/sample-county.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        #expect(lines.count == 95)
        for line in lines {
            let errors = validator.errors(in: try JSONNode.parse(Data(line.utf8)))
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test func sarifIsValidAgainstTheSARIF210Schema() throws {
        let schema = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: fixture("schemas/sarif-schema-2.1.0.json"))))
        let sarif = try JSONNode.parse(Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.sarif"))))
        let errors = JSONSchemaValidator(schema: schema).errors(in: sarif)
        #expect(errors.isEmpty, "\(errors.prefix(20).joined(separator: "\n"))")
        let run = try #require(sarif["runs"]?.array?.first)
        let results = try #require(run["results"]?.array)
        #expect(results.count == 95)
        for result in results {
            let location = result["locations"]?.array?.first
            guard case .number(let line)? = location?["physicalLocation"]?["region"]?["startLine"] else {
                Issue.record("result without a startLine")
                continue
            }
            #expect(line >= 1)
            #expect(location?["logicalLocations"]?.array?.first?["fullyQualifiedName"]?.string != nil)
            #expect(result["partialFingerprints"]?["stdcheck/v1"]?.string?.count == 64)
        }
        #expect((run["tool"]?["driver"]?["rules"]?.array?.count ?? 0) > 100)
    }

    @Test func csvStartsWithABOMAndKeepsTheChinese() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.csv")))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(rows.count == 96)
        #expect(rows[0].hasPrefix("规则 rule,严重性 severity,质量元素 quality_element,文件 file,图层 layer,记录 record"))
        // a 19-digit ZLDWDM is written as a formula Excel evaluates to the text itself
        #expect(text.contains(",\"=\"\"1301231010090000000\"\"\","))
        #expect(text.contains("必填字段 QSXZ 为空"))
    }

    @Test func junitHasASuitePerLayerAndACasePerRule() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.junit")))
        let collector = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(parser.parserError.map { "\($0)" } ?? "")")
        // a suite per layer of the pack (the optional ones the sample lacks too, their cases skipped)
        let suites = collector.attributes("testsuite").map { $0["name"] ?? "" }
        #expect(Array(suites.prefix(5)) == ["XZQ", "XZQJX", "CJDCQ", "CJDCQJX", "DLTB"])
        #expect(suites.count == 30)
        #expect(suites.last == "_files")
        // one case per rule of the JSON report of the same run; its failed rules fail, the not applicable skip
        let json = try Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.json")))
        let rules = try #require(
            (try JSONSerialization.jsonObject(with: json) as? [String: Any])?["rules"] as? [[String: Any]])
        func count(_ status: String) -> Int { rules.filter { $0["status"] as? String == status }.count }
        let cases = collector.attributes("testcase")
        #expect(cases.count == rules.count)
        #expect(rules.count > 700)
        #expect(collector.count("failure") == count("failed"))
        #expect(count("failed") == 20)
        #expect(collector.count("skipped") == count("not-applicable"))
        #expect(collector.count("error") == 0)
    }

    @Test func iso19157IsWellFormedWithAConformanceResultPerElement() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.iso19157")))
        let collector = ElementCollector()
        let parser = XMLParser(data: data)
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.count("mdq:DQ_DataQuality") == 1)
        #expect(collector.count("mdq:DQ_DomainConsistency") == 1)
        #expect(collector.count("mdq:DQ_ConformanceResult") == collector.count("mdq:report"))
        #expect(collector.count("mdq:report") == 10)
    }

    @Test func geoJSONOpensInGDALOrParsesBackWithItsCRS() throws {
        let path = fixture("reports/sample-county.geojson")
        let json = try JSONNode.parse(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(json["crs"]?["properties"]?["name"]?.string == "urn:ogc:def:crs:EPSG::4527")
        let features = try #require(json["features"]?.array)
        // every finding with a place: the record-level ones and, on a point of their feature, the
        // cross-layer and aggregate ones
        let report = try JSONNode.parse(
            Data(contentsOf: URL(fileURLWithPath: fixture("reports/sample-county.json"))))
        let located = try #require(report["findings"]?.array).filter { $0["geometry"] != nil }.count
        #expect(located == 88)
        #expect(features.count == located)
        #expect(features.allSatisfy { $0["properties"]?["key"]?.string?.hasPrefix("BSM=") == true })
        let ogrinfo = ["/usr/bin/ogrinfo", "/usr/local/bin/ogrinfo"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let ogrinfo else { return }  // parsed back above; GDAL is optional here
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ogrinfo)
        process.arguments = ["-so", "-al", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output.contains("Feature Count: \(located)"))
        #expect(output.contains("zone 39"))
    }

    @Test func geoJSONInWGS84HasLongitudeLatitudeAndNoCRSMember() throws {
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "geojson", "--geojson-crs",
            "wgs84",
        ])
        let json = try JSONNode.parse(Data(run.stdout.utf8))
        #expect(json["crs"] == nil)
        let first = json["features"]?.array?.first?["geometry"]?["coordinates"]?.array
        guard case .number(let longitude)? = first?.first, case .number(let latitude)? = first?.last else {
            Issue.record("no coordinates in \(run.stdout.prefix(300))")
            return
        }
        // Zone 39 of the CGCS2000 3-degree Gauss-Kruger grid: central meridian 117°E; y 4.33e6 m is about 39°N.
        #expect(abs(longitude - 117.155) < 0.01)
        #expect(abs(latitude - 39.12) < 0.01)
    }
}

/// Collects element names and attributes from an XML document.
final class ElementCollector: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, attributes: [String: String])] = []

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append((elementName, attributes))
    }

    func count(_ name: String) -> Int { elements.filter { $0.name == name }.count }
    func attributes(_ name: String) -> [[String: String]] { elements.filter { $0.name == name }.map(\.attributes) }
}
