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

    /// Findings about single `.shx` entries listed one by one; the rest are counted in one finding.
    static let entryFindingLimit = 100
    /// The smallest record a `.shp` can hold: an 8-byte header and a 4-byte shape type (a null shape).
    static let smallestRecord = 12
    /// A coordinate larger than this in magnitude is no place on Earth in any unit a survey uses.
    static let coordinateLimit = 1e15

    /// The shape type codes the specification defines.
    static let definedTypes: Set<Int> = [0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28, 31]

    /// File-level findings, and findings about single `.shx` entries (at most `entryFindingLimit` of those).
    var findings: [FormatFinding] = []
    /// True when some record has a fatal defect. The defects themselves are found again, one record at a
    /// time, as the records are read (`RecordChecker`), so nothing is kept per record.
    var hasFatalRecord = false
    /// True when some record has any defect: without one, records need no checking as they are read.
    var hasRecordProblem = false
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
            hasFatalRecord = false
            hasRecordProblem = false
            extent = Extent()
            rebuiltIndex = scan(shp, file: shpFile, layer: layer, extent: &extent)
        }

        self.extent = extent.box
        // A damaged record's coordinates cannot be trusted, so the header's box is only compared with sound records.
        if let actual = extent.box, !hasFatalRecord {
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
        let room = (shp.count - 100) / Self.smallestRecord
        guard count <= room else {
            return invalid("it lists \(count) entries but the .shp has room for at most \(room) records")
        }
        var previousEnd = 100
        var unmatched = 0
        func entryFinding(_ finding: FormatFinding) {
            unmatched += 1
            if unmatched <= Self.entryFindingLimit { findings.append(finding) }
        }
        defer {
            if unmatched > Self.entryFindingLimit {
                findings.append(
                    FormatFinding(
                        .shxHeaderInvalid, at: shxAt,
                        [
                            "reason":
                                "\(unmatched) entries point outside the .shp or do not match it; "
                                + "the first \(Self.entryFindingLimit) are listed"
                        ]))
            }
        }
        for index in 0..<count {
            let number = index + 1
            let offset = Int(shx.int32BE(100 + 8 * index)) * 2
            let length = Int(shx.int32BE(104 + 8 * index)) * 2
            let entryAt = Location(file: shxFile, layer: layer, record: number)
            guard offset >= 100, length >= 0, offset + 8 + length <= shp.count else {
                entryFinding(
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
                entryFinding(
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
            if checkRecord(
                shp, content: offset + 8, length: length, number: number, found: found, file: shpFile, layer: layer,
                extent: &extent)
            {
                hasFatalRecord = true
            }
        }
        recordCount = count
        return sound
    }

    /// Walks the `.shp` record by record and returns the index of the records that fit. A header that
    /// declares less content than a shape type (4 bytes) is not taken for a record: zeroed or sparse
    /// bytes would otherwise count as millions of 8-byte records, each needing an index entry.
    private mutating func scan(
        _ shp: UnsafeRawBufferPointer, file: String, layer: String, extent: inout Extent
    ) -> Data {
        var index = Data(UnsafeRawBufferPointer(rebasing: shp[0..<100]))
        var position = 100
        var number = 1
        while position < shp.count {
            let available = shp.count - position
            let length = available >= 8 ? Int(shp.int32BE(position + 4)) * 2 : -1
            let at = Location(file: file, layer: layer, record: number)
            guard available >= 8, length >= 0, length <= available - 8 else {
                findings.append(
                    FormatFinding(
                        .shpRecordTruncated, at: at,
                        [
                            "record": "\(number)", "length": available >= 8 ? "\(8 + length)" : "at least 8",
                            "available": "\(available)",
                        ]))
                break
            }
            guard length >= 4 else {
                findings.append(
                    FormatFinding(
                        .shpRecordEmpty, at: at,
                        [
                            "record": "\(number)", "offset": "\(position)", "length": "\(length)",
                            "remaining": "\(available)",
                        ]))
                break
            }
            if checkRecord(
                shp, content: position + 8, length: length, number: number, found: Int(shp.int32BE(position)),
                file: file, layer: layer, extent: &extent)
            {
                hasFatalRecord = true
            }
            index.appendInt32BE(Int32(truncatingIfNeeded: position / 2))
            index.appendInt32BE(Int32(truncatingIfNeeded: length / 2))
            position += 8 + length
            number += 1
        }
        recordCount = number - 1
        let words = UInt32(truncatingIfNeeded: index.count / 2)
        index.replaceSubrange(
            24..<28,
            with: [UInt8(words >> 24 & 0xFF), UInt8(words >> 16 & 0xFF), UInt8(words >> 8 & 0xFF), UInt8(words & 0xFF)])
        return index
    }

    /// Checks one record and grows the extent by its vertices when they are sound; true when the record
    /// has a fatal defect.
    private mutating func checkRecord(
        _ shp: UnsafeRawBufferPointer, content: Int, length: Int, number: Int, found: Int, file: String,
        layer: String, extent: inout Extent
    ) -> Bool {
        let problem = Self.inspect(
            shp, content: content, length: length, number: number, found: found, shapeType: shapeType, file: file,
            layer: layer, extent: &extent)
        if problem != nil { hasRecordProblem = true }
        return problem?.fatal == true
    }

    /// Checks one record's content: its number, shape type, counts against its length, and every
    /// coordinate. Grows `extent` by the vertices of a record without a fatal defect.
    static func inspect(
        _ shp: UnsafeRawBufferPointer, content: Int, length: Int, number: Int, found: Int, shapeType: Int,
        file: String, layer: String, extent: inout Extent
    ) -> RecordProblem? {
        // built only for a problem: a Location per sound record costs more than the rest of this check
        var at: Location { Location(file: file, layer: layer, record: number) }
        var problem: RecordProblem?
        if found != number {
            problem = RecordProblem(
                problem: ReadProblem(
                    at: at, "record number \(found), expected \(number)", defect: .shpRecordNumberOutOfSequence,
                    ["found": "\(found)", "expected": "\(number)"]),
                fatal: false)
        }
        func lengthMismatch(parts: Int, points: Int, needed: Int) -> RecordProblem {
            RecordProblem(
                problem: ReadProblem(
                    at: at, "\(parts) parts and \(points) points need \(needed) bytes, not \(length)",
                    defect: .shpRecordLengthMismatch,
                    ["parts": "\(parts)", "points": "\(points)", "needed": "\(needed)", "length": "\(length)"]),
                fatal: true)
        }
        guard length >= 4 else { return lengthMismatch(parts: 0, points: 0, needed: 4) }
        let type = Int(shp.int32LE(content))
        if type == 0 { return problem }
        guard type == shapeType else {
            return RecordProblem(
                problem: ReadProblem(
                    at: at, "shape type \(type), not \(shapeType)", defect: .shpRecordShapeTypeMismatch,
                    ["type": ShapeFile.typeName(type), "expected": ShapeFile.typeName(shapeType)]),
                fatal: true)
        }
        let hasZ = type == 11 || type == 13 || type == 15 || type == 18 || type == 31
        let hasM = type == 21 || type == 23 || type == 25 || type == 28
        // where the x/y pairs start, how many there are, and where the z values start (nil: none)
        let firstPoint: Int
        let points: Int
        var firstZ: Int?
        switch type {
        case 1, 11, 21:
            // a PointZ may leave out its measure
            let needed = type == 1 ? 20 : type == 21 ? 28 : 36
            guard length == needed || (type == 11 && length == 28) else {
                return lengthMismatch(parts: 0, points: 1, needed: needed)
            }
            firstPoint = content + 4
            points = 1
            if type == 11 { firstZ = content + 20 }
        default:
            let multipoint = type == 8 || type == 18 || type == 28
            let countsEnd = multipoint ? 40 : 44
            guard length >= countsEnd else { return lengthMismatch(parts: 0, points: 0, needed: countsEnd) }
            let parts = multipoint ? 0 : Int(shp.int32LE(content + 36))
            points = Int(shp.int32LE(content + (multipoint ? 36 : 40)))
            guard parts >= 0, points >= 0 else {
                return lengthMismatch(parts: parts, points: points, needed: countsEnd)
            }
            let xyEnd = countsEnd + parts * (type == 31 ? 8 : 4) + 16 * points
            let measured = 16 + 8 * points
            // the lengths the type allows: Z with or without its measures, M with or without them
            let longest = hasZ ? xyEnd + 2 * measured : hasM ? xyEnd + measured : xyEnd
            let shortest = hasZ ? xyEnd + measured : xyEnd
            guard length == longest || length == shortest else {
                return lengthMismatch(parts: parts, points: points, needed: longest)
            }
            firstPoint = content + countsEnd + parts * (type == 31 ? 8 : 4)
            if hasZ { firstZ = content + xyEnd + 16 }
        }
        func sound(_ value: Double) -> Bool { value.isFinite && abs(value) <= coordinateLimit }
        for point in 0..<points {
            let x = shp.float64LE(firstPoint + 16 * point)
            let y = shp.float64LE(firstPoint + 16 * point + 8)
            let z = firstZ.map { shp.float64LE($0 + 8 * point) }
            let bad: (axis: String, value: Double)? =
                !sound(x) ? ("x", x) : !sound(y) ? ("y", y) : z.flatMap { sound($0) ? nil : ("z", $0) }
            if let bad {
                return RecordProblem(
                    problem: ReadProblem(
                        at: at, "vertex \(point + 1) has \(bad.axis) = \(bad.value)", defect: .coordinateInvalid,
                        ["vertex": "\(point + 1)", "axis": bad.axis, "coordinate": "\(bad.value)"]),
                    fatal: true)
            }
        }
        for point in 0..<points {
            extent.add(shp.float64LE(firstPoint + 16 * point), shp.float64LE(firstPoint + 16 * point + 8))
        }
        return problem
    }
}
