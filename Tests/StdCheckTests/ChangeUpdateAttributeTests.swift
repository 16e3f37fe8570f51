import Foundation
import TestSupport
import Testing

/// The attribute checks a 变更 tool runs on the parcel update layer (qc-checks.md §3) on a DLTBGX written
/// here: those that are field properties come from DLTBGX's field table (name-of, pattern, range, code
/// list), the others from rules/gtdcbg/2021/rules/update-attributes.yaml; a conforming parcel has none.
struct ChangeUpdateAttributeTests {
    static let fields: [(name: String, type: Character, width: Int, decimals: Int)] = [
        ("BSM", "C", 18, 0), ("YSDM", "C", 10, 0), ("TBBH", "C", 8, 0), ("DLBM", "C", 5, 0), ("DLMC", "C", 60, 0),
        ("QSXZ", "C", 2, 0), ("QSDWDM", "C", 19, 0), ("ZLDWDM", "C", 19, 0), ("KCDLBM", "C", 5, 0),
        ("KCXS", "N", 6, 4), ("GDLX", "C", 2, 0), ("GDPDJB", "C", 2, 0), ("XZDWKD", "N", 5, 1),
        ("TBXHDM", "C", 6, 0), ("TBXHMC", "C", 20, 0), ("ZZSXDM", "C", 6, 0), ("ZZSXMC", "C", 20, 0),
    ]

    /// A polygon shapefile DLTBGX (UTF-8 .dbf with a .cpg) of one 100 m square per record.
    static func writeDLTBGX(_ rows: [[String: String]], to folder: String) throws {
        func be(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }
        func le32(_ value: Int32) -> [UInt8] { withUnsafeBytes(of: value.littleEndian, Array.init) }
        func le16(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt16(value).littleEndian, Array.init) }
        func le(_ value: Double) -> [UInt8] { withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init) }
        var records: [[UInt8]] = []
        for index in rows.indices {
            let x = 39_512_000 + 100 * Double(index)
            let ring = [(x, 4_331_000.0), (x, 4_331_100), (x + 100, 4_331_100), (x + 100, 4_331_000), (x, 4_331_000)]
            var content = le32(5)
            for value in [x, 4_331_000, x + 100, 4_331_100] { content += le(value) }
            content += le32(1) + le32(Int32(ring.count)) + le32(0)
            for (x, y) in ring { content += le(x) + le(y) }
            records.append(content)
        }
        func header(length: Int) -> [UInt8] {
            var bytes = be(9994) + [UInt8](repeating: 0, count: 20) + be(Int32(length / 2)) + le32(1000) + le32(5)
            for value in [39_512_000.0, 4_331_000, 39_512_000 + 100 * Double(rows.count), 4_331_100, 0, 0, 0, 0] {
                bytes += le(value)
            }
            return bytes
        }
        var (shp, shx, offset) = ([UInt8](), [UInt8](), 100)
        for (index, content) in records.enumerated() {
            shp += be(Int32(index + 1)) + be(Int32(content.count / 2)) + content
            shx += be(Int32(offset / 2)) + be(Int32(content.count / 2))
            offset += 8 + content.count
        }
        let recordLength = 1 + fields.map(\.width).reduce(0, +)
        var dbf: [UInt8] = [0x03, 126, 1, 1] + le32(Int32(rows.count)) + le16(33 + 32 * fields.count)
        dbf += le16(recordLength) + [UInt8](repeating: 0, count: 20)
        for field in fields {
            dbf += Array(field.name.utf8) + [UInt8](repeating: 0, count: 11 - field.name.utf8.count)
            dbf += [UInt8(ascii: field.type == "C" ? "C" : "N"), 0, 0, 0, 0, UInt8(field.width), UInt8(field.decimals)]
            dbf += [UInt8](repeating: 0, count: 14)
        }
        dbf += [0x0D]
        for row in rows {
            dbf += [0x20]
            for field in fields {
                var bytes = Array((row[field.name] ?? "").utf8)
                let padding = [UInt8](repeating: 0x20, count: max(0, field.width - bytes.count))
                bytes = field.type == "C" ? bytes + padding : padding + bytes
                dbf += bytes.prefix(field.width)
            }
        }
        dbf += [0x1A]
        try Data(header(length: 100 + shp.count) + shp).write(to: URL(fileURLWithPath: folder + "/DLTBGX.shp"))
        try Data(header(length: 100 + shx.count) + shx).write(to: URL(fileURLWithPath: folder + "/DLTBGX.shx"))
        try Data(dbf).write(to: URL(fileURLWithPath: folder + "/DLTBGX.dbf"))
        try Data("UTF-8".utf8).write(to: URL(fileURLWithPath: folder + "/DLTBGX.cpg"))
    }

    @Test func everyUpdateAttributeItemIsFoundOnDLTBGX() throws {
        let folder = NSTemporaryDirectory() + "stdcheck-dltbgx-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let village = "1301231010010000000"
        try Self.writeDLTBGX(
            [
                // conforming: terraced sloping dry land with its 田坎 deduction
                [
                    "BSM": "130123210100000001", "YSDM": "2001010100", "TBBH": "1", "DLBM": "0103", "DLMC": "旱地",
                    "QSXZ": "30", "QSDWDM": village, "ZLDWDM": village, "KCDLBM": "1203", "KCXS": "0.0800",
                    "GDLX": "TT", "GDPDJB": "3", "ZZSXDM": "LS", "ZZSXMC": "种植粮食作物",
                ],
                // an orchard carrying every cropland attribute, wrong names and short codes
                [
                    "BSM": "130123210100000002", "YSDM": "2001010100", "TBBH": "2", "DLBM": "0201", "DLMC": "旱地",
                    "QSXZ": "99", "QSDWDM": String(village.dropLast()), "ZLDWDM": String(village.dropLast()),
                    "KCDLBM": "1203", "KCXS": "1.2000", "GDLX": "TT", "GDPDJB": "6", "XZDWKD": "3.5",
                    "TBXHDM": "HDGD", "TBXHMC": "不是这个名称", "ZZSXDM": "LS", "ZZSXMC": "不是这个名称",
                ],
            ], to: folder)
        let run = try runStdcheck(["check", folder, "--standard", "gtdcbg@2021", "--format", "json"])
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        var byRecord: [Int: Set<String>] = [:]
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            let location = finding["location"] as? [String: Any] ?? [:]
            guard location["layer"] as? String == "DLTBGX", let record = location["record"] as? Int else { continue }
            byRecord[record, default: []].insert(finding["rule"] as? String ?? "")
        }
        let items = [
            "DLTBGX.DLMC.name-code-mismatch",  // 地类名称与编码
            "DLTBGX.QSXZ.code-unknown",  // 权属性质
            "DLTBGX.QSDWDM.pattern-mismatch",  // 权属单位代码长度（19位）
            "DLTBGX.ZLDWDM.pattern-mismatch",  // 坐落单位代码长度（19位）
            "DLTBGX.KCDLBM-set-for-non-cropland",  // 扣除地类编码 … 同时地类是耕地
            "DLTBGX.KCXS.out-of-range", "DLTBGX.KCXS-set-for-non-cropland",  // 扣除系数 0<=x<1, 耕地
            "DLTBGX.GDLX-set-for-non-cropland",  // 耕地类型（地类是耕地）
            "DLTBGX.GDPDJB.code-unknown", "DLTBGX.GDPDJB-set-for-non-cropland",  // 耕地坡度级别 1-5, 耕地
            "DLTBGX.XZDWKD-set-for-non-linear-class",  // 线状地物宽度
            "DLTBGX.TBXHMC.name-code-mismatch",  // 图斑细化代码和名称
            "DLTBGX.ZZSXMC.name-code-mismatch",  // 种植属性代码和名称
        ]
        let found = byRecord[2] ?? []
        for item in items { #expect(found.contains(item), "\(item) not found on record 2: \(found.sorted())") }
        let clean = byRecord[1] ?? []
        for item in items { #expect(!clean.contains(item), "\(item) on the conforming record 1") }
    }
}
