import Foundation
import RuleEngine
import TestSupport
import Testing

/// `stdcheck check` on VCT files: the sample county as VCT against its shapefiles, and a large
/// generated VCT read under a virtual-memory limit.
struct VCTCheckTests {
    /// The findings of a JSONL report outside the format rules, as `rule layer#record key field`, with repeats.
    func findings(_ jsonl: String) throws -> [String] {
        let formatRules = Set(FormatDefect.allCases.map(\.rawValue))
        var result: [String] = []
        for line in jsonl.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard let rule = object["rule"] as? String, !formatRules.contains(rule) else { continue }
            let location = object["location"] as? [String: Any] ?? [:]
            let key = (object["key"] as? [String: Any])?["value"] as? String ?? "-"
            let layer = location["layer"] as? String ?? "-"
            let record = (location["record"] as? Int).map(String.init) ?? "-"
            result.append("\(rule) \(layer)#\(record) \(key) \(location["field"] as? String ?? "-")")
        }
        return result.sorted()
    }

    @Test func theSampleCountyAsVCTGivesTheShapefilesFindings() throws {
        let vct = fixture("vct/sample-county.vct")
        try #require(FileManager.default.fileExists(atPath: vct), "missing fixture \(vct)")
        let fromVCT = try runStdcheck(["check", vct, "--standard", "gtdc@2020", "--format", "jsonl"])
        let fromShapefiles = try runStdcheck([
            "check", fixture("sample-county"), "--standard", "gtdc@2020", "--format", "jsonl",
        ])
        #expect(fromVCT.status == 1 && fromShapefiles.status == 1, "\(fromVCT.stderr)")
        let expected = try findings(fromShapefiles.stdout)
        let got = try findings(fromVCT.stdout)
        #expect(got.count == 92)
        #expect(got == expected)
        // only the format rules differ: the shapefiles' .dbf lacks its end-of-file marker; the VCT has no format finding
        #expect(!fromVCT.stdout.contains("\"rule\":\"vct-"))
        #expect(
            ["XZQ", "CJDCQ", "DLTB"].allSatisfy { layer in got.contains { $0.contains(" \(layer)#") } })
    }

    /// Writes a VCT 3.0 of `columns` × `rows` square parcels of 10 m, each bounded by four two-point
    /// lines shared with its neighbours (topological polygons), with a row per parcel. Returns the size.
    static func writeGrid(_ path: String, columns: Int, rows: Int) throws -> Int {
        try #require(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        var buffer = ""
        var size = 0
        func emit(_ text: String) throws {
            buffer += text
            if buffer.utf8.count > 1 << 20 {
                size += buffer.utf8.count
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        let x0 = 39_500_000.0
        let y0 = 4_300_000.0
        try emit(
            """
            HeadBegin\nDataMark:LANDUSE-VCT\nVersion:3.0\nCoordinateSystemType:P\nSpheroid:CGCS2000,6378137,298.257222101
            Parameters:117,0,1,39500000,0\nExtentMin:\(x0),\(y0)\nExtentMax:\(x0 + Double(columns) * 10),\(y0 + Double(rows) * 10)
            Separator:,\nHeadEnd\nFeatureCodeBegin\n2001010100,地类图斑,Polygon,DLTB\nFeatureCodeEnd
            TableStructureBegin\nDLTB,3\nBSM,Int,10\nDLBM,Char,5\nTBMJ,Float,15,2\n0\nTableStructureEnd\nLineBegin\n
            """)
        // horizontal line (i, j) from (i, j) to (i + 1, j): BSM 1 + j * columns + i; vertical (i, j) from
        // (i, j) to (i, j + 1): BSM 1 + H + j * (columns + 1) + i, H the number of horizontal lines
        let horizontal = columns * (rows + 1)
        func h(_ i: Int, _ j: Int) -> Int { 1 + j * columns + i }
        func v(_ i: Int, _ j: Int) -> Int { 1 + horizontal + j * (columns + 1) + i }
        func point(_ i: Int, _ j: Int) -> String { "\(x0 + Double(i) * 10),\(y0 + Double(j) * 10)" }
        for j in 0...rows {
            for i in 0..<columns {
                try emit("\(h(i, j))\n2001010100\n地类图斑\n1\n1\n11\n2\n\(point(i, j))\n\(point(i + 1, j))\n0\n")
            }
        }
        for j in 0..<rows {
            for i in 0...columns {
                try emit("\(v(i, j))\n2001010100\n地类图斑\n1\n1\n11\n2\n\(point(i, j))\n\(point(i, j + 1))\n0\n")
            }
        }
        try emit("LineEnd\nPolygonBegin\n")
        let first = 100_000_000
        for j in 0..<rows {
            for i in 0..<columns {
                // clockwise: up the west side, east along the top, down the east side, west along the bottom
                try emit(
                    "\(first + j * columns + i)\n2001010100\n地类图斑\n100\n\(x0 + Double(i) * 10 + 5),\(y0 + Double(j) * 10 + 5)\n21\n4\n"
                        + "\(v(i, j)),\(h(i, j + 1)),-\(v(i + 1, j)),-\(h(i, j))\n0\n")
            }
        }
        try emit("PolygonEnd\nAttributeBegin\nDLTB\n")
        for index in 0..<(columns * rows) { try emit("\(first + index),0103,100.00\n") }
        try emit("TableEnd\nAttributeEnd\n")
        size += buffer.utf8.count
        try handle.write(contentsOf: Data(buffer.utf8))
        return size
    }

    /// 200,000 topological polygons (400,900 lines, a 57 MB file) read under `ulimit -v`: the limit is
    /// the process's own baseline (a run on a tiny VCT needs between 150 and 200 MiB of address space:
    /// runtime, thread stacks, malloc arenas, and libgdal's libraries mapped; 340 MiB are allowed), the mapped file, and 64 MiB for everything the reader
    /// and the engine hold. Holding the file's lines or records in memory would not fit: its 5.2
    /// million lines as Swift substrings alone take more than 64 MiB.
    @Test(.timeLimit(.minutes(5))) func aLargeVCTIsReadInBoundedMemory() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vct-large-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/large.vct"
        let size = try Self.writeGrid(path, columns: 500, rows: 400)
        // 640 MiB of baseline: the 150-200 MiB measured before GDAL was linked, the ~80 MiB of address
        // space libgdal's shared libraries map at start, and room for thread stacks and arenas. At 340 MiB a
        // loaded 2-core machine left the run waiting forever (a thread it could not create), so the limit
        // keeps a wide margin; the bound that matters is that the file is mapped, not read into memory.
        let limitKiB = 640 * 1024 + size / 1024 + 64 * 1024
        let run = try runProgram(
            "/bin/bash",
            [
                "-c", "ulimit -v \(limitKiB) && exec \"$0\" check \"$1\" --standard structure@1 --format json",
                stdcheckBinary, path,
            ],
            timeout: 280)
        #expect(run.status == 0, "exit \(run.status) under ulimit -v \(limitKiB) KiB: \(run.stderr.prefix(400))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let layers = try #require(report["layers"] as? [[String: Any]])
        #expect(layers.map { $0["records"] as? Int } == [200_000])
        #expect((report["findings"] as? [Any])?.isEmpty == true)
    }
}
