import Foundation
import RuleEngine

/// The byte-level structure of a `.shp` and its `.shx`, checked before shapelib is given either.
///
/// Every count and offset is bounded by the real file sizes. When the `.shx` is missing or unsound,
/// the `.shp` is scanned record by record (as GDAL's `SHAPE_RESTORE_SHX` does) up to the first record
/// that does not fit, and `rebuiltIndex` holds a `.shx` for those records.
struct ShapefileStructure: Sendable {
    /// A defect of one record, reported instead of (fatal) or beside (not fatal) its shape.
    struct RecordProblem: Sendable {
        var problem: ReadProblem
        /// True when shapelib must not be asked for this record.
        var fatal: Bool
    }

    /// The shape type codes the specification defines.
    static let definedTypes: Set<Int> = [0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31]

    /// File-level findings, and findings about single `.shx` entries.
    var findings: [FormatFinding] = []
    /// Record defects by 1-based record number.
    var recordProblems: [Int: RecordProblem] = [:]
    /// The header's shape type.
    var shapeType = 0
    /// Records found (through the index, or by scanning).
    var recordCount = 0
    /// False when no record can be read safely (undefined shape type).
    var readable = true
    /// `[minX, minY, maxX, maxY]` of the vertices of the records found sound; nil when there are none.
    var extent: [Double]?
    /// A `.shx` to hand shapelib instead of the given one (missing or unsound); nil when the given one is sound.
    var rebuiltIndex: Data?

    /// Why the `.shp` cannot be read at all.
    struct Unreadable: Error {
        var reason: String
    }

    /// Checks the bytes. Throws only when the `.shp` is not a shapefile (too short, wrong file code).
    static func check(
        shp: Data, shx: Data?, shpFile: String, shxFile: String?, layer: String
    ) throws(Unreadable) -> ShapefileStructure {
        var result = ShapefileStructure()
        shp.withUnsafeBytes { shpBytes in
            if let shx {
                shx.withUnsafeBytes { shxBytes in
                    result.check(shp: shpBytes, shx: shxBytes, shpFile: shpFile, shxFile: shxFile, layer: layer)
                }
            } else {
                result.check(shp: shpBytes, shx: nil, shpFile: shpFile, shxFile: shxFile, layer: layer)
            }
        }
        if let reason = result.unreadable { throw Unreadable(reason: reason) }
        return result
    }

    private var unreadable: String?

    private mutating func check(
        shp: UnsafeRawBufferPointer, shx: UnsafeRawBufferPointer?, shpFile: String, shxFile: String?, layer: String
    ) {
        guard shp.count >= 100 else {
            unreadable = "the .shp is shorter than its 100-byte header"
            return
        }
        guard shp.int32BE(0) == 9994 else {
            unreadable = "the .shp does not start with the shapefile file code 9994"
            return
        }
        let fileAt = Location(file: shpFile, layer: layer)
        let version = shp.int32LE(28)
        if version != 1000 {
            findings.append(
                FormatFinding(.shapefileVersionUnknown, at: fileAt, ["file": shpFile, "version": "\(version)"]))
        }
        let declaredLength = Int(shp.int32BE(24)) * 2
        if declaredLength != shp.count {
            findings.append(
                FormatFinding(
                    .shpFileLengthMismatch, at: fileAt, ["declared": "\(declaredLength)", "actual": "\(shp.count)"]))
        }
        shapeType = Int(shp.int32LE(32))
        guard Self.definedTypes.contains(shapeType) else {
            findings.append(FormatFinding(.shapeTypeUnknown, at: fileAt, ["type": "\(shapeType)"]))
            readable = false
            return
        }
        if shapeType == 31 {
            findings.append(
                FormatFinding(.shapeTypeUnsupported, at: fileAt, ["type": ShapeFile.typeName(shapeType)]))
        }

        var extent = Extent()
        var indexSound = false
        if let shx, let shxFile {
            indexSound = checkIndex(
                shp: shp, shx: shx, shpFile: shpFile, shxFile: shxFile, layer: layer, extent: &extent)
        }
        if !indexSound {
            recordProblems = [:]
            extent = Extent()
            rebuiltIndex = scan(shp, file: shpFile, layer: layer, extent: &extent)
        }

        self.extent = extent.box
        // A damaged record's coordinates cannot be trusted, so the header's box is only compared with sound records.
        if let actual = extent.box, !recordProblems.values.contains(where: \.fatal) {
            let declared = (0..<4).map { shp.float64LE(36 + 8 * $0) }
            let differs = zip(declared, actual).contains { abs($0 - $1) > 1e-9 * max(1, abs($1)) || $0.isNaN }
            if differs {
                findings.append(
                    FormatFinding(
                        .shpBoundingBoxMismatch, at: fileAt,
                        ["declared": Extent.describe(declared), "actual": Extent.describe(actual)]))
            }
        }
    }

    /// Follows the `.shx`; returns false when it cannot be trusted (then the `.shp` is scanned instead).
    private mutating func checkIndex(
        shp: UnsafeRawBufferPointer, shx: UnsafeRawBufferPointer, shpFile: String, shxFile: String, layer: String,
        extent: inout Extent
    ) -> Bool {
        let shxAt = Location(file: shxFile, layer: layer)
        func invalid(_ reason: String) -> Bool {
            findings.append(FormatFinding(.shxHeaderInvalid, at: shxAt, ["reason": reason]))
            return false
        }
        guard shx.count >= 100 else { return invalid("shorter than its 100-byte header") }
        guard shx.int32BE(0) == 9994 else { return invalid("no file code 9994") }
        guard (shx.count - 100) % 8 == 0 else {
            return invalid("\(shx.count - 100) bytes after the header are not whole 8-byte entries")
        }
        let version = shx.int32LE(28)
        if version != 1000 {
            findings.append(
                FormatFinding(.shapefileVersionUnknown, at: shxAt, ["file": shxFile, "version": "\(version)"]))
        }
        let declaredLength = Int(shx.int32BE(24)) * 2
        // shapelib counts the entries from the declared length, so a wrong one means handing it a rebuilt index.
        var sound = true
        if declaredLength != shx.count {
            findings.append(
                FormatFinding(
                    .shxFileLengthMismatch, at: shxAt, ["declared": "\(declaredLength)", "actual": "\(shx.count)"]))
            sound = false
        }
        let shxType = Int(shx.int32LE(32))
        if shxType != shapeType {
            findings.append(
                FormatFinding(
                    .shxShapeTypeMismatch, at: shxAt,
                    ["shx": ShapeFile.typeName(shxType), "shp": ShapeFile.typeName(shapeType)]))
        }
        let count = (shx.count - 100) / 8
        var previousEnd = 100
        for index in 0..<count {
            let number = index + 1
            let offset = Int(shx.int32BE(100 + 8 * index)) * 2
            let length = Int(shx.int32BE(104 + 8 * index)) * 2
            let entryAt = Location(file: shxFile, layer: layer, record: number)
            guard offset >= 100, length >= 0, offset + 8 + length <= shp.count else {
                findings.append(
                    FormatFinding(
                        .shxOffsetOutsideShp, at: entryAt,
                        ["record": "\(number)", "offset": "\(offset)", "length": "\(length)", "size": "\(shp.count)"]))
                sound = false
                continue
            }
            let found = Int(shp.int32BE(offset))
            let foundLength = Int(shp.int32BE(offset + 4)) * 2
            // Entries must not overlap: that also bounds the work to one pass over the .shp.
            guard foundLength == length, offset >= previousEnd else {
                findings.append(
                    FormatFinding(
                        .shxRecordMismatch, at: entryAt,
                        [
                            "record": "\(number)", "offset": "\(offset)", "length": "\(length)", "found": "\(found)",
                            "foundLength": "\(foundLength)",
                        ]))
                sound = false
                continue
            }
            previousEnd = offset + 8 + length
            checkRecord(
                shp, content: offset + 8, length: length, number: number, found: found, file: shpFile, layer: layer,
                extent: &extent)
        }
        recordCount = count
        return sound
    }

    /// Walks the `.shp` record by record and returns the index of the records that fit.
    private mutating func scan(
        _ shp: UnsafeRawBufferPointer, file: String, layer: String, extent: inout Extent
    ) -> Data {
        var entries: [UInt8] = []
        var position = 100
        var number = 1
        while position < shp.count {
            let available = shp.count - position
            let length = available >= 8 ? Int(shp.int32BE(position + 4)) * 2 : -1
            guard available >= 8, length >= 0, length <= available - 8 else {
                findings.append(
                    FormatFinding(
                        .shpRecordTruncated, at: Location(file: file, layer: layer, record: number),
                        [
                            "record": "\(number)", "length": available >= 8 ? "\(8 + length)" : "at least 8",
                            "available": "\(available)",
                        ]))
                break
            }
            checkRecord(
                shp, content: position + 8, length: length, number: number, found: Int(shp.int32BE(position)),
                file: file, layer: layer, extent: &extent)
            entries.appendInt32BE(Int32(truncatingIfNeeded: position / 2))
            entries.appendInt32BE(Int32(truncatingIfNeeded: length / 2))
            position += 8 + length
            number += 1
        }
        recordCount = number - 1
        var header = [UInt8](UnsafeRawBufferPointer(rebasing: shp[0..<100]))
        let words = Int32(truncatingIfNeeded: (100 + entries.count) / 2)
        for (offset, byte) in [
            UInt8(words >> 24 & 0xFF), UInt8(words >> 16 & 0xFF), UInt8(words >> 8 & 0xFF), UInt8(words & 0xFF),
        ]
        .enumerated() {
            header[24 + offset] = byte
        }
        return Data(header + entries)
    }

    /// Checks one record's content: its number, shape type, and counts against its length.
    private mutating func checkRecord(
        _ shp: UnsafeRawBufferPointer, content: Int, length: Int, number: Int, found: Int, file: String,
        layer: String, extent: inout Extent
    ) {
        let at = Location(file: file, layer: layer, record: number)
        if found != number {
            recordProblems[number] = RecordProblem(
                problem: ReadProblem(
                    at: at, "record number \(found), expected \(number)", defect: .shpRecordNumberOutOfSequence,
                    ["found": "\(found)", "expected": "\(number)"]),
                fatal: false)
        }
        func lengthMismatch(parts: Int, points: Int, needed: Int) {
            recordProblems[number] = RecordProblem(
                problem: ReadProblem(
                    at: at, "\(parts) parts and \(points) points need \(needed) bytes, not \(length)",
                    defect: .shpRecordLengthMismatch,
                    ["parts": "\(parts)", "points": "\(points)", "needed": "\(needed)", "length": "\(length)"]),
                fatal: true)
        }
        guard length >= 4 else {
            lengthMismatch(parts: 0, points: 0, needed: 4)
            return
        }
        let type = Int(shp.int32LE(content))
        if type == 0 { return }
        guard type == shapeType else {
            recordProblems[number] = RecordProblem(
                problem: ReadProblem(
                    at: at, "shape type \(type), not \(shapeType)", defect: .shpRecordShapeTypeMismatch,
                    ["type": ShapeFile.typeName(type), "expected": ShapeFile.typeName(shapeType)]),
                fatal: true)
            return
        }
        let hasZ = [11, 13, 15, 18, 31].contains(type)
        let hasM = [21, 23, 25, 28].contains(type)
        switch type {
        case 1, 11, 21:
            let needed = type == 1 ? [20] : type == 21 ? [28] : [28, 36]
            guard needed.contains(length) else { return lengthMismatch(parts: 0, points: 1, needed: needed.last!) }
            extent.add(shp.float64LE(content + 4), shp.float64LE(content + 12))
        default:
            let multipoint = [8, 18, 28].contains(type)
            let countsEnd = multipoint ? 40 : 44
            guard length >= countsEnd else { return lengthMismatch(parts: 0, points: 0, needed: countsEnd) }
            let parts = multipoint ? 0 : Int(shp.int32LE(content + 36))
            let points = Int(shp.int32LE(content + (multipoint ? 36 : 40)))
            guard parts >= 0, points >= 0 else {
                return lengthMismatch(parts: parts, points: points, needed: countsEnd)
            }
            let xyEnd = countsEnd + parts * (type == 31 ? 8 : 4) + 16 * points
            let measured = 16 + 8 * points
            var allowed = [xyEnd]
            if hasZ { allowed = [xyEnd + measured, xyEnd + 2 * measured] }
            if hasM { allowed = [xyEnd, xyEnd + measured] }
            guard allowed.contains(length) else {
                return lengthMismatch(parts: parts, points: points, needed: allowed.last!)
            }
            let firstPoint = content + countsEnd + parts * (type == 31 ? 8 : 4)
            for point in 0..<points {
                extent.add(shp.float64LE(firstPoint + 16 * point), shp.float64LE(firstPoint + 16 * point + 8))
            }
        }
    }
}

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

extension [UInt8] {
    mutating func appendInt32BE(_ value: Int32) {
        let bits = UInt32(bitPattern: value)
        append(contentsOf: [
            UInt8(bits >> 24 & 0xFF), UInt8(bits >> 16 & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits & 0xFF),
        ])
    }
}
