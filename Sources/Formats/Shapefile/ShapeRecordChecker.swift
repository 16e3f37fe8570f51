import Foundation
import RuleEngine

/// The running extent of the shapes' x/y.
struct Extent {
    private var minX = Double.infinity
    private var minY = Double.infinity
    private var maxX = -Double.infinity
    private var maxY = -Double.infinity

    /// `[minX, minY, maxX, maxY]`; nil before the first finite point.
    var box: [Double]? { minX <= maxX ? [minX, minY, maxX, maxY] : nil }

    mutating func add(_ x: Double, _ y: Double) {
        guard x.isFinite, y.isFinite else { return }
        minX = Swift.min(minX, x)
        minY = Swift.min(minY, y)
        maxX = Swift.max(maxX, x)
        maxY = Swift.max(maxY, y)
    }

    /// `[xmin, ymin, xmax, ymax]`.
    static func describe(_ box: [Double]) -> String {
        "[" + box.map { String($0) }.joined(separator: ", ") + "]"
    }
}

extension UnsafeRawBufferPointer {
    func int32BE(_ offset: Int) -> Int32 {
        Int32(bigEndian: loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    func int32LE(_ offset: Int) -> Int32 {
        Int32(littleEndian: loadUnaligned(fromByteOffset: offset, as: Int32.self))
    }

    func float64LE(_ offset: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
    }
}

extension Data {
    mutating func appendInt32BE(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        append(contentsOf: [
            UInt8(bits >> 24 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF),
        ])
    }
}

/// Finds a record's structural defects again as the record is read, from the mapped `.shp` and the index
/// shapelib reads (the sound `.shx`, or the one rebuilt by the scan): the structure keeps nothing per record.
struct ShapeRecordChecker: Sendable {
    let shp: Data
    let index: Data
    let shapeType: Int
    let file: String
    let layer: String

    /// The defect of the 1-based record `number`, or nil when it has none.
    func problem(record number: Int) -> ShapefileStructure.RecordProblem? {
        let entry = 100 + 8 * (number - 1)
        guard number >= 1, entry + 8 <= index.count else { return nil }
        return shp.withUnsafeBytes { shp in
            index.withUnsafeBytes { index in
                let offset = Int(index.int32BE(entry)) * 2
                let length = Int(index.int32BE(entry + 4)) * 2
                guard offset >= 100, length >= 0, offset + 8 + length <= shp.count else { return nil }
                var unused = Extent()
                return ShapefileStructure.inspect(
                    shp, content: offset + 8, length: length, number: number, found: Int(shp.int32BE(offset)),
                    shapeType: shapeType, file: file, layer: layer, extent: &unused)
            }
        }
    }
}
