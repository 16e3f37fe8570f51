import CShapelib
import Foundation
import Glibc

/// Writes a consistent change-survey update package (DLTBGX, DLTBGXGC) of a generated base county:
/// `stdcheck-gen --update-of BASE --output DIR [--fraction 0.02]`.
///
/// Every `1 / fraction`-th parcel of the base that is a plain cell (one ring, no island) changes, in turn:
/// a class change among the non-cropland classes without class-specific fields (the shape kept), or a
/// split into two parcels of its class along a straight cut between its left and right edges. New
/// parcels take the next BSM after the base's and the next TBBH of their village; areas split in
/// proportion to the planar areas and balance to the centimetre; each process record copies its
/// before-parcel into BGQ… and its after-parcel into BGH…, with XZQTZLX 0, BGXW 2 and GXSJ 20211231.
/// Checked with `--standard gtdcbg@2021 --base BASE`, it gives no error finding.
struct UpdateGenerator {
    var base: String
    var output: String
    var fraction: Double

    static let gxsj = "20211231"
    /// The BGQ…/BGH… attributes of a process record: the DLTB fields a change restates.
    static let restated = [
        "TBBH", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWDM", "ZLDWMC", "KCDLBM", "KCXS", "KCMJ", "TBDLMJ",
        "GDLX", "GDPDJB", "XZDWKD", "TBXHDM", "TBXHMC", "ZZSXDM", "ZZSXMC", "GDDB", "FRDBS", "CZCSXM", "MSSM", "HDMC",
        "BZ",
    ]
    /// Class changes that need no other field to change (no deduction, width or planting attribute).
    static let classChanges = ["0201": "0301", "0301": "0305", "0305": "0404", "0404": "0201"]

    struct Parcel {
        var ring: [(Double, Double)]
        var values: [String?]
    }

    func write() throws -> String {
        let fields = CountyGenerator.dltbFields
        func column(_ name: String) -> Int { fields.firstIndex { $0.name == name }! }
        guard let shp = SHPOpen(base + "/DLTB.shp", "rb"), let dbf = DBFOpen(base + "/DLTB.dbf", "rb") else {
            throw GeneratorError("cannot open \(base)/DLTB.shp and .dbf")
        }
        defer {
            SHPClose(shp)
            DBFClose(dbf)
        }
        let fromGBK: iconv_t = iconv_open("UTF-8", "GB18030")
        defer { iconv_close(fromGBK) }
        let count = Int(DBFGetRecordCount(dbf))
        // the base's columns in `dltbFields` order (a base written by this generator has them all)
        let columns = fields.map { Int(DBFGetFieldIndex(dbf, $0.name)) }
        guard !columns.contains(-1) else { throw GeneratorError("\(base)/DLTB.dbf is not a generated DLTB table") }
        func values(_ record: Int) -> [String?] {
            columns.map { position in
                if DBFIsAttributeNULL(dbf, Int32(record), Int32(position)) != 0 { return nil }
                guard let raw = DBFReadStringAttribute(dbf, Int32(record), Int32(position)) else { return nil }
                let text = Self.utf8(raw, fromGBK).trimmingCharacters(in: .whitespaces)
                return text.isEmpty ? nil : text
            }
        }
        let every = max(1, Int((1 / max(fraction, 1e-6)).rounded()))
        var maxTBBH: [String: Int] = [:]
        var chosen: [Parcel] = []
        for record in 0..<count {
            let row = values(record)
            let village = row[column("ZLDWDM")] ?? ""
            maxTBBH[village] = max(maxTBBH[village] ?? 0, Int(row[column("TBBH")] ?? "") ?? 0)
            guard (record + 1) % every == 0, let object = SHPReadObject(shp, Int32(record)) else { continue }
            defer { SHPDestroyObject(object) }
            let shape = object.pointee
            // a plain cell: one ring of 4 corners and 4 points per edge, closed
            guard shape.nParts == 1, shape.nVertices == 21 else { continue }
            let ring = (0..<21).map { (shape.padfX[$0], shape.padfY[$0]) }
            chosen.append(Parcel(ring: ring, values: row))
        }
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        let gxFields = fields + [.init(name: "GXSJ", type: "D", width: 8)]
        let gx = try ShapeWriter(path: output + "/DLTBGX", fields: gxFields, prj: CountyGenerator.prj)
        var gcFields: [ShapeWriter.Field] = [
            .init(name: "BSM", type: "C", width: 18), .init(name: "BGQTBBSM", type: "C", width: 18),
            .init(name: "BGHTBBSM", type: "C", width: 18),
        ]
        for prefix in ["BGQ", "BGH"] {
            for name in Self.restated {
                var field = fields[column(name)]
                field.name = prefix + name
                gcFields.append(field)
            }
        }
        gcFields += [
            .init(name: "TBBGMJ", type: "N", width: 15, decimals: 2), .init(name: "BGXW", type: "C", width: 1),
            .init(name: "XZQTZLX", type: "C", width: 1), .init(name: "GXSJ", type: "D", width: 8),
        ]
        let gc = try ShapeWriter(path: output + "/DLTBGXGC", fields: gcFields, prj: CountyGenerator.prj)
        var nextBSM = count
        var processes = 0
        var updates = 0
        func after(_ parcel: Parcel, ring: [(Double, Double)], area: Double, dlbm: String? = nil) -> Parcel {
            var row = parcel.values
            nextBSM += 1
            let village = row[column("ZLDWDM")] ?? ""
            maxTBBH[village, default: 0] += 1
            row[column("BSM")] = CountyGenerator.bsm(layer: "DLTB", nextBSM)
            row[column("TBBH")] = String(maxTBBH[village] ?? 1)
            if let dlbm {
                row[column("DLBM")] = dlbm
                row[column("DLMC")] = CountyGenerator.landClasses.first { $0.code == dlbm }?.name
            }
            let kcxs = Double(row[column("KCXS")] ?? "") ?? 0
            let kcmj = CountyGenerator.round(area * kcxs)
            row[column("TBMJ")] = CountyGenerator.money(area)
            if row[column("KCMJ")] != nil { row[column("KCMJ")] = CountyGenerator.money(kcmj) }
            row[column("TBDLMJ")] = CountyGenerator.money(area - kcmj)
            row[column("SJNF")] = "2021"
            return Parcel(ring: ring, values: row)
        }
        func record(_ before: Parcel, _ after: Parcel, ring: [(Double, Double)], area: Double) {
            processes += 1
            var row: [String?] = [
                CountyGenerator.countyCode + "2102" + String(format: "%08d", processes), before.values[column("BSM")],
                after.values[column("BSM")],
            ]
            row += Self.restated.map { before.values[column($0)] }
            row += Self.restated.map { after.values[column($0)] }
            row += [CountyGenerator.money(area), "2", "0", Self.gxsj]
            gc.write(rings: [ring], values: row)
        }
        for (n, parcel) in chosen.enumerated() {
            let total = Double(parcel.values[column("TBMJ")] ?? "") ?? 0
            let dlbm = parcel.values[column("DLBM")] ?? ""
            if n % 2 == 0, let next = Self.classChanges[dlbm] {
                let changed = after(parcel, ring: parcel.ring, area: total, dlbm: next)
                gx.write(rings: [changed.ring], values: changed.values + [Self.gxsj])
                record(parcel, changed, ring: parcel.ring, area: total)
                updates += 1
                continue
            }
            // a straight cut from the left edge's second point to the right edge's second point
            let r = parcel.ring
            let upper = Array(r[2...13]) + [r[2]]
            let lower = Array(r[13...20]) + [r[1], r[2], r[13]]
            let share = CountyGenerator.area([upper]) / CountyGenerator.area([r])
            let upperArea = CountyGenerator.round(total * share)
            let lowerArea = CountyGenerator.round(total - upperArea)
            for (ring, area) in [(upper, upperArea), (lower, lowerArea)] {
                let piece = after(parcel, ring: ring, area: area)
                gx.write(rings: [ring], values: piece.values + [Self.gxsj])
                record(parcel, piece, ring: ring, area: area)
                updates += 1
            }
        }
        return "wrote \(updates) DLTBGX and \(processes) DLTBGXGC polygons (\(chosen.count) of \(count) base parcels "
            + "changed) to \(output)"
    }

    /// GBK text from the DBF as UTF-8.
    static func utf8(_ raw: UnsafePointer<CChar>, _ converter: iconv_t) -> String {
        let length = strlen(raw)
        guard (0..<length).contains(where: { UInt8(bitPattern: raw[$0]) >= 0x80 }) else { return String(cString: raw) }
        var input = Array(UnsafeBufferPointer(start: raw, count: length + 1))
        var output = [CChar](repeating: 0, count: length * 3 + 8)
        var inLeft = length
        var outLeft = output.count
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        return String(decoding: output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
