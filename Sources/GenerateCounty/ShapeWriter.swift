import CShapelib
import Foundation
import Glibc

/// Writes one polygon shapefile with a GBK attribute table through shapelib.
final class ShapeWriter {
    /// A field as the DBF declares it: `C`, `N` or `D` (a date written as `YYYYMMDD`).
    struct Field {
        var name: String
        var type: Character
        var width: Int
        var decimals: Int = 0
    }

    let shp: SHPHandle
    let dbf: DBFHandle
    let fields: [Field]
    private let toGBK: iconv_t
    private var count: Int32 = 0

    init(path: String, fields: [Field], prj: String) throws {
        guard let shp = SHPCreate(path, SHPT_POLYGON) else { throw GeneratorError("cannot create \(path).shp") }
        guard let dbf = DBFCreateEx(path + ".dbf", "GBK") else { throw GeneratorError("cannot create \(path).dbf") }
        self.shp = shp
        self.dbf = dbf
        self.fields = fields
        for field in fields {
            let type: DBFFieldType =
                field.type == "C" ? FTString : field.type == "D" ? FTDate : field.decimals > 0 ? FTDouble : FTInteger
            guard DBFAddField(dbf, field.name, type, Int32(field.width), Int32(field.decimals)) >= 0 else {
                throw GeneratorError("cannot add field \(field.name)")
            }
        }
        toGBK = iconv_open("GB18030", "UTF-8")
        try prj.write(toFile: path + ".prj", atomically: true, encoding: .utf8)
    }

    deinit {
        SHPClose(shp)
        DBFClose(dbf)
        iconv_close(toGBK)
    }

    /// Appends a polygon (rings closed; outer clockwise, holes counter-clockwise) with its values by field
    /// position; nil writes a null.
    func write(rings: [[(Double, Double)]], values: [String?]) {
        var xs: [Double] = []
        var ys: [Double] = []
        var starts: [Int32] = []
        for ring in rings {
            starts.append(Int32(xs.count))
            for point in ring {
                xs.append(point.0)
                ys.append(point.1)
            }
        }
        let object = SHPCreateObject(
            SHPT_POLYGON, -1, Int32(starts.count), starts, nil, Int32(xs.count), xs, ys, nil, nil)
        SHPWriteObject(shp, -1, object)
        SHPDestroyObject(object)
        for (index, field) in fields.enumerated() {
            guard let value = values[index] else {
                DBFWriteNULLAttribute(dbf, count, Int32(index))
                continue
            }
            if field.type == "C" || field.type == "D" {
                var bytes = gbk(value)
                bytes.append(0)
                bytes.withUnsafeBufferPointer { buffer in
                    buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                        _ = DBFWriteStringAttribute(dbf, count, Int32(index), pointer)
                    }
                }
            } else {
                DBFWriteDoubleAttribute(dbf, count, Int32(index), Double(value) ?? 0)
            }
        }
        count += 1
    }

    /// UTF-8 text as GBK bytes (every character the generator writes exists in GBK).
    func gbk(_ text: String) -> [UInt8] {
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return Array(text.utf8) }
        var input = Array(text.utf8CString)
        var output = [CChar](repeating: 0, count: input.count * 2 + 8)
        var inLeft = input.count - 1
        var outLeft = output.count
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                iconv(toGBK, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        return output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
    }
}

/// Why the generator stopped.
struct GeneratorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
