import Foundation
import TestSupport
import Testing

/// The boundary-line topology of gtdc@2020 (qc-checks.md §2, items 4301 and 4701) on line and polygon
/// shapefiles written here, through the CLI: overlapping lines, lines off their areas' boundaries,
/// dangling ends and sliver lines are found where they are, and the clean lines of
/// fixtures/research-schema-county pass (ResearchSchemaTests).
struct LineTopologyTests {
    /// A shapefile `name` of shape type 3 (lines) or 5 (polygons), one single-part shape per record, with
    /// a .dbf of one BSM field; coordinates are offsets in metres from a point of EPSG:4527.
    static func write(_ name: String, type: Int32, _ shapes: [[(Double, Double)]], to folder: String) throws {
        func be(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        func le(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
        func le(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        let (x0, y0) = (39_512_000.0, 4_331_000.0)
        var records: [[UInt8]] = []
        for shape in shapes {
            let points = shape.map { (x0 + $0.0, y0 + $0.1) }
            var content = le(type)
            for value in [
                points.map(\.0).min()!, points.map(\.1).min()!, points.map(\.0).max()!, points.map(\.1).max()!,
            ] {
                content += le(value)
            }
            content += le(Int32(1)) + le(Int32(points.count)) + le(Int32(0))
            for (x, y) in points { content += le(x) + le(y) }
            records.append(content)
        }
        func header(length: Int) -> [UInt8] {
            var bytes = be(9994) + [UInt8](repeating: 0, count: 20) + be(Int32(length / 2)) + le(Int32(1000))
            bytes += le(type)
            for value in [x0 - 1000, y0 - 1000, x0 + 1000, y0 + 1000, 0, 0, 0, 0] { bytes += le(value) }
            return bytes
        }
        var (shp, shx, offset) = ([UInt8](), [UInt8](), 100)
        for (index, content) in records.enumerated() {
            shp += be(Int32(index + 1)) + be(Int32(content.count / 2)) + content
            shx += be(Int32(offset / 2)) + be(Int32(content.count / 2))
            offset += 8 + content.count
        }
        var dbf: [UInt8] = [0x03, 126, 1, 1] + le(Int32(shapes.count)) + [65, 0, 19, 0]
        dbf += [UInt8](repeating: 0, count: 20)
        dbf += Array("BSM".utf8) + [UInt8](repeating: 0, count: 8) + [UInt8(ascii: "C"), 0, 0, 0, 0, 18, 0]
        dbf += [UInt8](repeating: 0, count: 14) + [0x0D]
        for index in shapes.indices { dbf += [0x20] + Array(String(format: "1301231104%08d", index + 1).utf8) }
        dbf += [0x1A]
        let path = folder + "/" + name
        try Data(header(length: 100 + shp.count) + shp).write(to: URL(fileURLWithPath: path + ".shp"))
        try Data(header(length: 100 + shx.count) + shx).write(to: URL(fileURLWithPath: path + ".shx"))
        try Data(dbf).write(to: URL(fileURLWithPath: path + ".dbf"))
        let prj = try String(contentsOfFile: fixture("research-schema-county/XZQ.prj"), encoding: .utf8)
        try Data(prj.utf8).write(to: URL(fileURLWithPath: path + ".prj"))
    }

    @Test func overlapsDanglesOffBoundaryAndSliverLinesAreFoundWhereTheyAre() throws {
        try #require(
            FileManager.default.fileExists(atPath: fixture("research-schema-county/XZQ.prj")), "fixture missing")
        let folder = NSTemporaryDirectory() + "stdcheck-lines-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // two villages side by side; their boundary lines, with defects
        try Self.write(
            "CJDCQ", type: 5,
            [
                [(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)],
                [(100, 0), (100, 100), (200, 100), (200, 0), (100, 0)],
            ],
            to: folder)
        try Self.write(
            "CJDCQJX", type: 3,
            [
                [(100, 0), (100, 100)],  // 1: the shared boundary
                [(100, 100), (0, 100), (0, 0), (100, 0)],  // 2: village 1's outer boundary
                [(100, 0), (200, 0), (200, 100), (100, 100)],  // 3: village 2's outer boundary
                [(100, 40), (100, 60)],  // 4: a copy of part of line 1 (overlap)
                [(0, 50), (60, 50)],  // 5: inside village 1, off every boundary, its end dangles
                [(200, 100), (200.03, 100.04)],  // 6: a 5 cm sliver sticking out (off boundary, dangling)
            ], to: folder)
        let run = try runStdcheck(["check", folder, "--standard", "gtdc@2020", "--format", "json"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let rules: Set<String> = [
            "CJDCQJX.lines-overlap", "CJDCQJX.not-on-CJDCQ-boundary", "CJDCQJX.dangle", "CJDCQJX.line-sliver",
        ]
        var found: [String] = []
        var geometry: [String: Any] = [:]
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            guard let rule = finding["rule"] as? String, rules.contains(rule) else { continue }
            let record = (finding["location"] as? [String: Any])?["record"] as? Int ?? 0
            found.append("\(rule) #\(record) \(finding["severity"] as? String ?? "")")
            if rule == "CJDCQJX.lines-overlap" { geometry = finding["geometry"] as? [String: Any] ?? [:] }
        }
        #expect(
            found.sorted() == [
                "CJDCQJX.dangle #5 error", "CJDCQJX.dangle #6 error", "CJDCQJX.line-sliver #6 warning",
                "CJDCQJX.lines-overlap #1 error", "CJDCQJX.not-on-CJDCQ-boundary #5 error",
                "CJDCQJX.not-on-CJDCQ-boundary #6 error",
            ])
        // the overlap's error geometry is the shared stretch, (100 40)-(100 60), in the layer's coordinates
        #expect(geometry["type"] as? String == "LineString")
        let points = geometry["coordinates"] as? [[Double]] ?? []
        #expect(points == [[39_512_100, 4_331_040], [39_512_100, 4_331_060]])
    }
}
