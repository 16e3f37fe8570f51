import Foundation
import TestSupport
import Testing

/// The report an inspector signs and hands on (issue #18): the HTML cover and order, the PDF printed
/// by Chromium, the maps, the size of a large county's page, the CSV through a spreadsheet, the
/// GeoJSON into shapefiles, and the Chinese CLI. The tools come from Debian
/// (`scripts/ensure-test-deps.sh`); a test whose tool is missing is skipped and says which.
@Suite(.serialized) struct InspectorReportTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
    static let chromium = tool("chromium") ?? tool("chromium-browser") ?? tool("google-chrome")
    static let pdfinfo = tool("pdfinfo")
    static let ogr2ogr = tool("ogr2ogr")
    static let soffice = tool("soffice")
    static let hasOpenpyxl: Bool = {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            let run = try? runProgram("/usr/bin/python3", ["-c", "import openpyxl"])
        else { return false }
        return run.status == 0
    }()

    static func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-inspector-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The sample county's reports in `formats`, written into a fresh folder.
    static func sample(_ formats: String, _ extra: [String] = [], environment: [String: String] = [:]) throws -> (
        String, RunResult
    ) {
        let directory = try temporaryDirectory()
        let run = try runStdcheck(
            ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", formats, "--output", directory]
                + extra, timeout: 240, environment: environment)
        return (directory, run)
    }

    @Test func coverNamesInspectorOrganizationAndDateAndFindingsComeBeforeTheRules() throws {
        let (directory, run) = try Self.sample(
            "html", ["--inspector", "张三", "--organization", "某市国土测绘院 <QA>", "--inspection-date", "2026-02-03"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        #expect(html.contains("<h1>数据质量检查报告<br><span class=\"en\">Data quality inspection report</span></h1>"))
        #expect(html.contains("<td>张三</td>"))
        #expect(html.contains("<td>某市国土测绘院 &lt;QA&gt;</td>"))
        #expect(html.contains("<td>2026-02-03</td>"))
        #expect(html.contains("结论：<strong>不符合标准</strong>"))
        // cover → conclusion → places → overview → findings → rules (collapsed) → manifest (collapsed)
        let order = [
            "id=\"cover\"", "id=\"conclusion\"", "id=\"places\"", "id=\"map\"", "id=\"findings\"", "id=\"rules\"",
            "id=\"manifest\"",
        ].map { html.range(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil })
        #expect(zip(order, order.dropFirst()).allSatisfy { $0! < $1! }, "sections out of order")
        #expect(html.contains("<section id=\"rules\"><details><summary>"))
        // grouped by quality element, then rule
        #expect(html.contains("<h3 class=\"element\">拓扑一致性"))
        #expect(html.contains("@bottom-center{content:\"第 \" counter(page)"))

        // without --inspection-date: $STDCHECK_TODAY, and the blanks say they are blank
        let (second, plain) = try Self.sample("html", environment: ["STDCHECK_TODAY": "2025-12-31"])
        defer { try? FileManager.default.removeItem(atPath: second) }
        #expect(plain.status == 1)
        let page = try String(contentsOfFile: second + "/report.html", encoding: .utf8)
        #expect(page.contains("<td>2025-12-31</td>"))
        #expect(page.contains("（未填写 <span class=\"en\">not given</span>）"))
        let bad = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--inspection-date", "3 Feb",
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--inspection-date must be YYYY-MM-DD"))
    }

    @Test func findingMapsDrawTheFeatureItsNeighboursTheVillageAndTheErrorGeometry() throws {
        let html = try String(contentsOfFile: fixture("reports/sample-county.html"), encoding: .utf8)
        // the overlap of DLTB record 33 with record 42: its map draws the parcel, neighbours with BSM titles,
        // the village outline (CJDCQ), the overlap polygon, a scale bar and a north arrow
        let article = try #require(Self.article(html, rule: "DLTB.parcels-overlap"))
        #expect(article.contains("<path class=\"own\""))
        #expect(article.contains("<path class=\"nb\""))
        #expect(article.contains("<title>DLTB BSM 1301232101000000"))
        #expect(article.contains("<path class=\"ctx\""))
        #expect(article.contains("<title>CJDCQ BSM 1301231102000000"))
        #expect(article.contains("<path class=\"err\""))
        #expect(article.contains("<g class=\"scale\">"))
        #expect(article.contains("<g class=\"north\""))
        for rule in ["DLTB.gap-between-parcels", "DLTB.outside-its-village", "XZQ.DCMJ-not-sum-of-CJDCQ"] {
            let map = try #require(Self.article(html, rule: rule), "\(rule)")
            #expect(map.contains("class=\"fmap\""), "\(rule)")
        }
        // the overview: every layer's outlines, the findings as links to their cards, a legend
        let overview = try #require(Self.section(html, "map"))
        for layer in ["DLTB", "CJDCQ", "XZQ"] { #expect(overview.contains("<title>\(layer)</title></path>")) }
        #expect(overview.contains("<a href=\"#f-"))
        #expect(overview.contains("<div class=\"legend\">"))
        let links = overview.components(separatedBy: "<a href=\"#f-").dropFirst().map { $0.prefix { $0 != "\"" } }
        // every listed finding with a place or a feature (82 located, 6 more on a record: the aggregates
        // and cross-layer attribute findings); the 7 about a file or the schema have no place
        #expect(links.count == 88)
        for link in links { #expect(html.contains(" id=\"f-\(link)\" data-severity=")) }
    }

    /// The first mapped finding card of a rule.
    static func article(_ html: String, rule: String) -> String? {
        guard let start = html.range(of: "data-rule=\"\(rule)\"") else { return nil }
        let opening = html[..<start.lowerBound].range(of: "<article", options: .backwards)!.lowerBound
        let end = html[opening...].range(of: "</article>")!.upperBound
        return String(html[opening..<end])
    }

    static func section(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "<section id=\"\(id)\">") else { return nil }
        guard let end = html[start.upperBound...].range(of: "</section>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// A page holding one fragment of the report with the report's own stylesheet, for a screenshot.
    static func snippetPage(_ html: String, _ fragment: String, width: Int) -> String {
        let style = html.components(separatedBy: "<style>")[1].components(separatedBy: "</style>")[0]
        return
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><style>\(style)</style></head><body style=\"width:\(width)px\">\(fragment)</body></html>"
    }

    @Test(
        .enabled(if: chromium != nil, "needs chromium (scripts/ensure-test-deps.sh)"))
    func screenshotsOfTheOverviewAndThreeFindingMaps() throws {
        let html = try String(contentsOfFile: fixture("reports/sample-county.html"), encoding: .utf8)
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let shots: [(String, String, Int, String)] = [
            ("report-overview.png", try #require(Self.section(html, "map")), 860, "900,900"),
            ("report-map-overlap.png", try #require(Self.article(html, rule: "DLTB.parcels-overlap")), 400, "440,420"),
            ("report-map-gap.png", try #require(Self.article(html, rule: "DLTB.gap-between-parcels")), 400, "440,420"),
            (
                "report-map-outside-village.png", try #require(Self.article(html, rule: "DLTB.outside-its-village")),
                400, "440,440"
            ),
            (
                // an aggregate across layers: the township with the villages its total sums
                "report-map-related.png", try #require(Self.article(html, rule: "XZQ.DCMJ-not-sum-of-CJDCQ")), 400,
                "440,460"
            ),
        ]
        for (name, fragment, width, window) in shots {
            let page = directory + "/" + name + ".html"
            try Self.snippetPage(html, fragment, width: width).write(toFile: page, atomically: true, encoding: .utf8)
            let png = directory + "/" + name
            let run = try runProgram(
                Self.chromium!,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--user-data-dir=\(directory)/profile", "--window-size=\(window)", "--screenshot=\(png)",
                    "file://" + page,
                ], timeout: 120)
            #expect(run.status == 0, "\(run.stderr.suffix(500))")
            let data = try #require(FileManager.default.contents(atPath: png), "\(name)")
            #expect(Array(data.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            // a blank page of this size compresses to a few kilobytes; a drawn map does not
            #expect(data.count > 15_000, "\(name) is \(data.count) bytes: blank?")
            if recordingGoldens {
                try data.write(to: URL(fileURLWithPath: packageRoot + "/docs/images/" + name))
            } else {
                #expect(
                    FileManager.default.fileExists(atPath: packageRoot + "/docs/images/" + name),
                    "docs/images/\(name) missing: STDCHECK_RECORD=1 writes it")
            }
        }
    }

    @Test(
        .enabled(
            if: chromium != nil && pdfinfo != nil, "needs chromium and pdfinfo (scripts/ensure-test-deps.sh)"))
    func sampleReportPrintsToAtMostFifteenA4PagesWithHeadersAndPageNumbers() throws {
        let (directory, run) = try Self.sample(
            "html,pdf", ["--inspector", "张三", "--organization", "测绘院", "--inspection-date", "2026-01-15"])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("wrote \(directory)/report.pdf"))
        let info = try runProgram(Self.pdfinfo!, [directory + "/report.pdf"])
        let pages = info.stdout.split(separator: "\n").first { $0.hasPrefix("Pages:") }
            .flatMap { Int($0.split(separator: " ").last ?? "") }
        let count = try #require(pages, "\(info.stdout)")
        #expect(count >= 3 && count <= 15, "\(count) pages")
        #expect(info.stdout.contains("A4") || info.stdout.contains("595."), "\(info.stdout)")
        if let pdftotext = Self.tool("pdftotext") {
            let text = try runProgram(pdftotext, ["-layout", directory + "/report.pdf", "-"]).stdout
            #expect(text.contains("page 1 of \(count)"))
            #expect(text.contains("page \(count) of \(count)"))
            #expect(text.contains("Data quality inspection report"))
            #expect(text.contains("张三"))
        }
    }

    @Test func pdfWithoutChromiumSaysSoAndWritesNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = try runStdcheck(
            [
                "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "html,pdf", "--output",
                directory,
            ],
            environment: ["STDCHECK_CHROMIUM": "/nonexistent/chromium"])
        #expect(run.status == 3)
        #expect(run.stderr.contains("--format pdf needs Chromium, which is not installed"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/report.html"))
        let noOutput = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "pdf",
        ])
        #expect(noOutput.status == 2)
        #expect(noOutput.stderr.contains("--format pdf needs --output DIR"))
    }

    /// The HTML of a generated county stays small: parcels under a pixel are left out of the
    /// overview, every outline path together is capped, and each finding map is clipped to itself.
    @Test func largeCountyHTMLStaysUnderFourMegabytes() throws {
        let county = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: county) }
        let generated = try runProgram(
            builtProgram("stdcheck-gen"), ["--polygons", "20000", "--output", county, "--defect-every", "97"],
            timeout: 120)
        #expect(generated.status == 0, "\(generated.stderr)")
        let output = county + "/out"
        let run = try runStdcheck(
            ["check", county, "--standard", "gtdc@2020", "--format", "html", "--output", output], timeout: 300)
        #expect(run.status == 1, "\(run.stderr.suffix(500))")
        let size = try #require(
            try FileManager.default.attributesOfItem(atPath: output + "/report.html")[.size] as? Int)
        #expect(size < 4_000_000, "\(size) bytes")
        let html = try String(contentsOfFile: output + "/report.html", encoding: .utf8)
        #expect(html.contains("<path class=\"ol ol0\""))
        #expect(html.contains("class=\"finding mapped\""))
    }

    @Test(
        .enabled(
            if: soffice != nil && hasOpenpyxl,
            "needs LibreOffice Calc and python3-openpyxl (scripts/ensure-test-deps.sh)"))
    func csvCodesSurviveASpreadsheetRoundTrip() throws {
        let (directory, run) = try Self.sample("csv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1)
        // LibreOffice reads the CSV as a spreadsheet would (UTF-8, comma, formulas evaluated) and saves xlsx
        let convert = try runProgram(
            Self.soffice!,
            [
                "-env:UserInstallation=file://\(directory)/lo-profile", "--headless", "--infilter=CSV:44,34,76,1",
                "--convert-to", "xlsx", "--outdir", directory, directory + "/report.csv",
                directory + "/report-areas.csv",
            ], timeout: 180)
        #expect(convert.status == 0, "\(convert.stderr)")
        let script = """
            import json, openpyxl, sys
            out = {}
            for name in ("report", "report-areas"):
                sheet = openpyxl.load_workbook(sys.argv[1] + "/" + name + ".xlsx", data_only=True).active
                out[name] = [["" if c is None else c if isinstance(c, str) else repr(c) for c in row]
                             for row in sheet.iter_rows(values_only=True)]
            print(json.dumps(out, ensure_ascii=False))
            """
        let read = try runProgram("/usr/bin/python3", ["-c", script, directory])
        #expect(read.status == 0, "\(read.stderr)")
        let sheets = try #require(
            try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: [[String]]])
        let rows = try #require(sheets["report"])
        #expect(rows[0][0] == "规则 rule")
        #expect(rows[0][8] == "值 value")
        #expect(rows.count == 96)
        // the 19-digit ZLDWDM is text, every digit intact, and so are the township and village codes
        let unknown = try #require(rows.first { $0[0] == "DLTB.ZLDWDM-village-unknown" && $0[5] == "31" })
        #expect(unknown[8] == "1301231010090000000")
        let placed = try #require(rows.first { $0[0] == "DLTB.QSXZ.value-missing" })
        #expect(placed[16] == "130123101")
        #expect(placed[17] == "130123101001" || placed[17] == "130123101002" || placed[17] == "130123101003")
        // a land-use code keeps its leading zero
        let areas = try #require(sheets["report-areas"])
        #expect(areas.contains { $0[0] == "二级地类 second-level" && $0[3] == "0101" })
    }

    @Test func areaTablesAgreeWithTheParcelsWhereTheDataDoes() throws {
        let (directory, run) = try Self.sample("csv")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1)
        let text = try String(contentsOfFile: directory + "/report-areas.csv", encoding: .utf8)
        let rows = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
        // the town's DCMJ is the sum of every parcel's TBMJ; village 002 carries the sample's deliberate 100 m²
        // and, grouped by the first 12 digits of ZLDWDM, record 97 (whose 18-digit ZLDWDM the engine's own
        // CJDCQ.DCMJ-not-sum-of-DLTB leaves out): 539339.94 recorded against 543437.79 in its parcels
        #expect(rows.contains { $0[0] == "XZQ.DCMJ" && $0[4] == "2073901.09" && $0[7] == "agrees" })
        #expect(
            rows.contains {
                $0[0] == "CJDCQ.DCMJ" && $0[2] == "\"=\"\"130123101002\"\"\"" && $0[6] == "-4097.85"
                    && $0[7] == "differs"
            })
        // the first-level classes sum to the town's total
        let firstLevel = rows.filter { $0[0] == "一级地类 first-level" }.compactMap { Double($0[4]) }.reduce(0, +)
        #expect(abs(firstLevel - 2_073_901.09) < 0.01)
    }

    @Test(.enabled(if: ogr2ogr != nil, "needs ogr2ogr (gdal-bin; scripts/ensure-test-deps.sh)"))
    func geoJSONSplitByGeometryTypeConvertsToShapefiles() throws {
        let (directory, run) = try Self.sample("geojson")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1)
        var total = 0
        for (name, shapeType) in [("points", "Point"), ("polygons", "Polygon")] {
            let source = directory + "/report-\(name).geojson"
            let target = directory + "/shp-\(name)"
            let convert = try runProgram(
                Self.ogr2ogr!, ["-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", target, source], timeout: 60)
            #expect(convert.status == 0, "\(name): \(convert.stderr)")
            let info = try runProgram(Self.tool("ogrinfo")!, ["-so", "-al", target])
            #expect(info.stdout.contains("Geometry: \(shapeType)"), "\(info.stdout)")
            let count = info.stdout.split(separator: "\n").first { $0.hasPrefix("Feature Count:") }
                .flatMap { Int($0.split(separator: " ").last ?? "") }
            total += count ?? 0
        }
        // together they hold every located finding of the mixed file
        let mixedData = try Data(contentsOf: URL(fileURLWithPath: directory + "/report.geojson"))
        let features = try #require(
            (try JSONSerialization.jsonObject(with: mixedData) as? [String: Any])?["features"] as? [Any])
        #expect(features.count > 80)
        #expect(total == features.count)
        // the mixed file is what a shapefile cannot take
        let mixed = try runProgram(
            Self.ogr2ogr!, ["-f", "ESRI Shapefile", directory + "/shp-mixed", directory + "/report.geojson"])
        #expect(mixed.status != 0 || mixed.stderr.contains("ERROR"))
    }

    @Test func chineseCLIFromLangOrTheLocale() throws {
        let zh = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--lang", "zh"])
        #expect(zh.status == 1)
        #expect(zh.stdout.contains("按规则统计的问题："))
        #expect(zh.stdout.contains("结论：不符合标准：fixtures/sample-county 不符合 gtdc@2020"))
        #expect(zh.stdout.contains("必填字段 QSXZ 为空"))
        let fromLocale = try runStdcheck(
            ["check", "fixtures/sample-county", "--standard", "gtdc@2020"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(fromLocale.stdout == zh.stdout)
        let english = try runStdcheck(
            ["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--lang", "en"],
            environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(english.stdout.contains("Verdict: NON-CONFORMANT"))
        let bad = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc@2020", "--lang", "fr"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--lang takes zh or en"))
    }
}

/// Reports over shapes that no map can place: the report pass reads them again and must neither trap
/// nor leave them out of the findings.
struct ReportOfWildShapesTests {
    /// A polygon shapefile `DLTB` (with `.shx` and a `.dbf` of one BSM field) of the given rings.
    static func writeShapefile(_ rings: [[(Double, Double)]], to folder: String) throws {
        func be(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        func le(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
        func le(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        var records: [[UInt8]] = []
        for ring in rings {
            let xs = ring.map(\.0).filter(\.isFinite)
            let ys = ring.map(\.1).filter(\.isFinite)
            var content = le(Int32(5))
            for value in [xs.min() ?? 0, ys.min() ?? 0, xs.max() ?? 0, ys.max() ?? 0] { content += le(value) }
            content += le(Int32(1)) + le(Int32(ring.count)) + le(Int32(0))
            for (x, y) in ring { content += le(x) + le(y) }
            records.append(content)
        }
        func header(length: Int) -> [UInt8] {
            var bytes = be(9994) + [UInt8](repeating: 0, count: 20) + be(Int32(length / 2)) + le(Int32(1000))
            bytes += le(Int32(5))
            for value in [0.0, 0, 1000, 1000, 0, 0, 0, 0] { bytes += le(value) }
            return bytes
        }
        var shp: [UInt8] = []
        var shx: [UInt8] = []
        var offset = 100
        for (index, content) in records.enumerated() {
            shp += be(Int32(index + 1)) + be(Int32(content.count / 2)) + content
            shx += be(Int32(offset / 2)) + be(Int32(content.count / 2))
            offset += 8 + content.count
        }
        shp = header(length: 100 + shp.count) + shp
        shx = header(length: 100 + shx.count) + shx
        var dbf: [UInt8] =
            [0x03, 126, 1, 1] + le(Int32(rings.count)) + [65, 0, 10, 0] + [UInt8](repeating: 0, count: 20)
        dbf += Array("BSM".utf8) + [UInt8](repeating: 0, count: 8) + [UInt8(ascii: "C"), 0, 0, 0, 0, 9, 0]
        dbf += [UInt8](repeating: 0, count: 14) + [0x0D]
        for index in rings.indices { dbf += [0x20] + Array(String(130_100_001 + index).utf8) }
        dbf += [0x1A]
        try Data(shp).write(to: URL(fileURLWithPath: folder + "/DLTB.shp"))
        try Data(shx).write(to: URL(fileURLWithPath: folder + "/DLTB.shx"))
        try Data(dbf).write(to: URL(fileURLWithPath: folder + "/DLTB.dbf"))
    }

    @Test func coordinatesThatAreNotNumbersOrHugeDoNotStopTheHTMLOrCSV() throws {
        let folder = NSTemporaryDirectory() + "stdcheck-wild-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder + "/in", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Self.writeShapefile(
            [
                [(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)],
                [(100, 0), (100, 1e300), (200, 100), (200, 0), (100, 0)],
                [(200, 0), (.nan, 100), (300, 100), (.infinity, 0), (200, 0)],
            ], to: folder + "/in")
        let run = try runStdcheck(
            [
                "check", folder + "/in", "--standard", "gtdc@2020", "--format", "html,csv,geojson", "--output",
                folder + "/out",
            ], timeout: 120)
        #expect(!run.crashed, "\(run.stderr)")
        #expect(run.status == 1, "\(run.stderr)")
        let html = try String(contentsOfFile: folder + "/out/report.html", encoding: .utf8)
        #expect(html.contains("id=\"map\""))
        // no coordinate that is not a number reaches the SVG's paths and circles
        for attribute in [" d=\"", " cx=\"", " cy=\"", " viewBox=\""] {
            for value in html.components(separatedBy: attribute).dropFirst().map({ $0.prefix { $0 != "\"" } }) {
                #expect(
                    !value.lowercased().contains("nan") && !value.lowercased().contains("inf"), "\(attribute)\(value)")
            }
        }
        let csv = try String(contentsOfFile: folder + "/out/report.csv", encoding: .utf8)
        #expect(csv.contains("DLTB"))
    }
}
