import Foundation

/// Builders of small and large hostile inputs, written byte by byte in the test (the large ones sparse),
/// so the readers meet the real thing without committed binaries.
public enum HostileFiles {
    /// A fresh folder under the temporary directory.
    public static func folder(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-\(label)-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The 100-byte `.shp`/`.shx` header: file code 9994, `length` bytes, version 1000, shape type, box.
    public static func shapeHeader(length: Int, shapeType: Int32 = 5, box: [Double] = [0, 0, 10, 10]) -> Data {
        var data = Data()
        data.appendBE(9994)
        for _ in 0..<5 { data.appendBE(0) }
        data.appendBE(Int32(truncatingIfNeeded: length / 2))
        data.appendLE(Int32(1000))
        data.appendLE(shapeType)
        for value in box + [0, 0, 0, 0] { data.appendLE(value) }
        return data
    }

    /// One polygon record (one ring) with its 8-byte header.
    public static func polygon(number: Int32, ring: [(Double, Double)]) -> Data {
        var content = Data()
        content.appendLE(Int32(5))
        for value in [0.0, 0, 10, 10] { content.appendLE(value) }
        content.appendLE(Int32(1))
        content.appendLE(Int32(ring.count))
        content.appendLE(Int32(0))
        for (x, y) in ring {
            content.appendLE(x)
            content.appendLE(y)
        }
        var record = Data()
        record.appendBE(number)
        record.appendBE(Int32(content.count / 2))
        return record + content
    }

    /// A dBASE III table with one character field `BSM` of `width` bytes; each record is its flag byte
    /// then its value.
    public static func dbf(records: [(flag: UInt8, value: String)], width: Int = 10) -> Data {
        var data = dbfHeader(count: records.count, width: width)
        for record in records {
            data.append(record.flag)
            data.append(contentsOf: Array(record.value.utf8.prefix(width)))
            data.append(contentsOf: [UInt8](repeating: 0x20, count: max(0, width - record.value.utf8.count)))
        }
        data.append(0x1A)
        return data
    }

    /// The header and one field descriptor (`BSM`, C, `width`) of a table declaring `count` records.
    public static func dbfHeader(count: Int, width: Int = 10) -> Data {
        var data = Data([0x03, 126, 1, 1])
        data.appendLE(UInt32(count))
        data.appendLE(UInt16(65))
        data.appendLE(UInt16(1 + width))
        data.append(contentsOf: [UInt8](repeating: 0, count: 20))
        var name = Array("BSM".utf8)
        name += [UInt8](repeating: 0, count: 11 - name.count)
        data.append(contentsOf: name)
        data.append(UInt8(ascii: "C"))
        data.append(contentsOf: [0, 0, 0, 0, UInt8(width), 0])
        data.append(contentsOf: [UInt8](repeating: 0, count: 14))
        data.append(0x0D)
        return data
    }

    /// Writes a shapefile `name` (.shp, .shx, .dbf) of polygon records into `folder`.
    public static func writeShapefile(_ records: [Data], name: String, into folder: String) throws {
        let body = records.reduce(Data(), +)
        try (shapeHeader(length: 100 + body.count) + body).write(to: URL(fileURLWithPath: "\(folder)/\(name).shp"))
        var index = Data()
        var offset = 100
        for record in records {
            index.appendBE(Int32(offset / 2))
            index.appendBE(Int32((record.count - 8) / 2))
            offset += record.count
        }
        try (shapeHeader(length: 100 + index.count) + index).write(to: URL(fileURLWithPath: "\(folder)/\(name).shx"))
        try dbf(records: records.indices.map { (0x20, "\($0 + 1)") })
            .write(to: URL(fileURLWithPath: "\(folder)/\(name).dbf"))
    }

    /// Writes `head` to `path` and extends the file to `size` bytes without writing them: a sparse file
    /// whose tail reads as zeros and costs no disk.
    public static func writeSparse(_ head: Data, size: Int, to path: String) throws {
        try head.write(to: URL(fileURLWithPath: path))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(size))
        try handle.close()
    }
}

extension Data {
    mutating func appendBE(_ value: Int32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendLE(_ value: Double) {
        appendLE(value.bitPattern)
    }
}
