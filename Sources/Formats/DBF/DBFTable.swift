import Foundation
import RuleEngine

/// A dBASE III/IV table read from its bytes: header, field descriptors, and records on demand.
///
/// The file is memory-mapped, never trusted: counts and lengths are bounded by the real size.
public struct DBFTable: Sendable {
    /// A field descriptor with its byte offset inside a record.
    struct Column: Sendable {
        var definition: FieldDefinition
        var offset: Int
        /// The dBASE type, which decides how values are decoded.
        var kind: DBaseFieldType
    }

    public let path: String
    let bytes: Data
    /// True when `bytes` is a mapping of the file (`Data.mapped`), whose pages may be released once read.
    let isMapped: Bool
    public let version: UInt8
    /// The record count the header declares.
    public let declaredCount: Int
    public let headerLength: Int
    public let recordLength: Int
    /// Byte 29, the language driver id.
    public let languageDriver: UInt8
    let columns: [Column]
    /// Raw field-name bytes, decoded once the encoding is known.
    let rawNames: [[UInt8]]
    /// Structural defects of the header and the file as a whole, without a place (the reader adds it).
    public let structure: [(defect: FormatDefect, values: [String: String])]

    /// The version bytes dBASE, FoxPro and Visual FoxPro writers use.
    static let knownVersions: Set<UInt8> = [
        0x02, 0x03, 0x04, 0x05, 0x07, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB,
    ]

    /// Records that fit in the file (the declared count, bounded by the bytes present).
    public var availableCount: Int {
        guard recordLength > 0, bytes.count > headerLength else { return 0 }
        return min(declaredCount, (bytes.count - headerLength) / recordLength)
    }

    /// Reads the header; throws when the file is too short or inconsistent to hold any table.
    public init(path: String) throws(ReadError) {
        let data: Data
        do {
            data = try Data.mapped(path)
        } catch {
            throw ReadError(path: path, reason: "cannot open: \(error.localizedDescription)")
        }
        try self.init(data: data, path: path, mapped: true)
    }

    /// Reads the header from bytes already in memory (the fuzz targets' entry).
    public init(data: Data, path: String) throws(ReadError) {
        try self.init(data: data, path: path, mapped: false)
    }

    private init(data: Data, path: String, mapped: Bool) throws(ReadError) {
        isMapped = mapped && data.startIndex == 0
        let data = data.startIndex == 0 ? data : Data(data)
        guard data.count >= 32 else {
            throw ReadError(path: path, reason: "the file has \(data.count) bytes, fewer than the 32-byte dBASE header")
        }
        self.path = path
        bytes = data
        version = data[0]
        declaredCount = Int(data.uint32LE(at: 4))
        headerLength = Int(data.uint16LE(at: 8))
        recordLength = Int(data.uint16LE(at: 10))
        languageDriver = data[29]
        guard headerLength >= 33, headerLength <= data.count else {
            throw ReadError(
                path: path, reason: "header length \(headerLength) does not fit a file of \(data.count) bytes")
        }
        var columns: [Column] = []
        var names: [[UInt8]] = []
        var offset = 1
        var position = 32
        while position + 32 <= headerLength, data[position] != 0x0D {
            let nameBytes = Array(data[position..<position + 11].prefix { $0 != 0 })
            let code = Character(Unicode.Scalar(data[position + 11]))
            let width = Int(data[position + 16])
            let decimals = Int(data[position + 17])
            let kind = DBaseFieldType(code: code)
            let placeholder = String(decoding: nameBytes, as: UTF8.self)
            columns.append(
                Column(
                    definition: FieldDefinition(
                        name: placeholder, type: kind.neutral(decimals: decimals), typeCode: String(code), width: width,
                        decimals: decimals),
                    offset: offset, kind: kind))
            names.append(nameBytes)
            offset += width
            position += 32
        }
        guard !columns.isEmpty || recordLength <= 1 else {
            throw ReadError(path: path, reason: "the header declares no field")
        }
        guard offset <= recordLength else {
            throw ReadError(
                path: path, reason: "the fields need \(offset) bytes per record but the header gives \(recordLength)")
        }
        self.columns = columns
        rawNames = names

        var structure: [(defect: FormatDefect, values: [String: String])] = []
        if !Self.knownVersions.contains(version) {
            structure.append((.dbfVersionUnknown, ["version": "0x" + String(version, radix: 16, uppercase: true)]))
        }
        if position >= headerLength || data[position] != 0x0D {
            structure.append((.dbfFieldTerminatorMissing, ["offset": String(position)]))
        } else {
            let expected = position + 1 + ([0x30, 0x31, 0x32].contains(version) ? 263 : 0)
            if headerLength != expected {
                structure.append(
                    (
                        .dbfHeaderLengthMismatch,
                        [
                            "declared": String(headerLength), "expected": String(expected),
                            "fields": String(columns.count),
                        ]
                    ))
            }
        }
        if offset != recordLength {
            structure.append(
                (.dbfRecordLengthMismatch, ["declared": String(recordLength), "expected": String(offset)]))
        }
        for (index, name) in names.enumerated() {
            let position = String(index + 1)
            let shown = String(decoding: name, as: UTF8.self)
            let trimmed = name.reversed().drop { $0 == 0x20 }.reversed()
            let reason: String? =
                if trimmed.isEmpty {
                    "the name is empty"
                } else if trimmed.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
                    "it holds a space or control character"
                } else if let first = trimmed.first, (0x30...0x39).contains(first) {
                    "it starts with a digit"
                } else if name.count == 11 {
                    "its 11 bytes have no terminating zero byte"
                } else {
                    nil
                }
            if let reason {
                structure.append((.fieldNameInvalid, ["field": shown, "position": position, "reason": reason]))
            }
        }
        let dataBytes = data.count - headerLength
        if recordLength > 0 {
            let wanted = declaredCount * recordLength
            if dataBytes == wanted || (dataBytes > wanted && data[headerLength + wanted] != 0x1A) {
                if dataBytes - wanted < recordLength {
                    structure.append((.dbfEOFMarkerMissing, [:]))
                }
            }
            // Whole records beyond the declared count; fewer bytes than declared is reported at the first
            // record cut off, as that record's failure.
            let whole = (dataBytes - (dataBytes > wanted && data[data.count - 1] == 0x1A ? 1 : 0)) / recordLength
            if whole > declaredCount {
                structure.append(
                    (.dbfRecordCountMismatch, ["declared": String(declaredCount), "actual": String(whole)]))
            }
        }
        self.structure = structure
    }

    /// Hands the pages of records before `record` (0-based) back to the kernel when the table is mapped:
    /// a pass over the records then keeps a bounded window resident, whatever the table's size.
    func releaseRecords(before record: Int) {
        guard isMapped, record > 0 else { return }
        bytes.releaseMappedPages(0..<min(bytes.count, headerLength + record * recordLength))
    }

    /// True when any character field of any record holds a byte ≥ 0x80.
    func hasNonASCIIText() -> Bool {
        let textColumns = columns.filter { $0.kind == .character || $0.kind == .memo }
        let names = rawNames.contains { $0.contains { $0 >= 0x80 } }
        if names { return true }
        return bytes.withUnsafeBytes { raw in
            for index in 0..<availableCount {
                if index % 8192 == 0 { releaseRecords(before: index) }
                let start = headerLength + index * recordLength
                for column in textColumns {
                    let from = start + column.offset
                    for byte in raw[from..<from + column.definition.width] where byte >= 0x80 { return true }
                }
            }
            return false
        }
    }

    /// True when every character field of every record is valid UTF-8.
    func textIsValidUTF8() -> Bool {
        let textColumns = columns.filter { $0.kind == .character || $0.kind == .memo }
        for name in rawNames where name.withUnsafeBytes({ TextDecoder.decodeUTF8($0).badOffset != nil }) {
            return false
        }
        return bytes.withUnsafeBytes { raw in
            for index in 0..<availableCount {
                if index % 8192 == 0 { releaseRecords(before: index) }
                let start = headerLength + index * recordLength
                for column in textColumns {
                    let from = start + column.offset
                    let field = UnsafeRawBufferPointer(rebasing: raw[from..<from + column.definition.width])
                    if field.contains(where: { $0 >= 0x80 }), TextDecoder.decodeUTF8(field).badOffset != nil {
                        return false
                    }
                }
            }
            return true
        }
    }

    /// The schema with names decoded in `encoding`.
    func fields(decodedWith encoding: TextEncoding) -> [FieldDefinition] {
        let decoder = TextDecoder(encoding)
        return zip(columns, rawNames).map { column, raw in
            var definition = column.definition
            definition.name = raw.withUnsafeBytes { decoder.decode($0).text }.trimmingSpaces()
            return definition
        }
    }
}

/// Decodes a table's records one at a time.
struct DBFRecordReader {
    let table: DBFTable
    let decoder: TextDecoder
    let file: String
    let layer: String
    let fieldNames: [String]

    init(table: DBFTable, encoding: TextEncoding, file: String, layer: String, fieldNames: [String]) {
        self.table = table
        decoder = TextDecoder(encoding)
        self.file = file
        self.layer = layer
        self.fieldNames = fieldNames
    }

    /// The first byte of record `index` (0-based): a space for a valid record, `*` for a deleted one.
    func deletionFlag(_ index: Int) -> UInt8 {
        table.bytes[table.headerLength + index * table.recordLength]
    }

    /// The values of record `index` (0-based), with any text that failed to decode. With `columns`, only
    /// the columns marked true are decoded (and checked); the others are nil.
    func values(_ index: Int, columns selected: [Bool]? = nil) -> (values: [String?], problems: [FormatFinding]) {
        let start = table.headerLength + index * table.recordLength
        var values: [String?] = []
        values.reserveCapacity(table.columns.count)
        var problems: [FormatFinding] = []
        table.bytes.withUnsafeBytes { raw in
            for (position, column) in table.columns.enumerated() {
                if let selected, position >= selected.count || !selected[position] {
                    values.append(nil)
                    continue
                }
                let from = start + column.offset
                let field = UnsafeRawBufferPointer(rebasing: raw[from..<from + column.definition.width])
                values.append(
                    value(of: field, column: column, position: position, record: index + 1, problems: &problems))
            }
        }
        return (values, problems)
    }

    private func value(
        of field: UnsafeRawBufferPointer, column: DBFTable.Column, position: Int, record: Int,
        problems: inout [FormatFinding]
    ) -> String? {
        var lower = 0
        var upper = field.count
        while upper > lower, field[upper - 1] == 0x20 || field[upper - 1] == 0 { upper -= 1 }
        switch column.kind {
        case .character, .memo, .other:
            guard upper > 0 else { return nil }
            let decoded = decoder.decode(UnsafeRawBufferPointer(rebasing: field[0..<upper]))
            if let bad = decoded.badOffset {
                problems.append(
                    FormatFinding(
                        .textUndecodable,
                        at: Location(file: file, layer: layer, record: record, field: fieldNames[position]),
                        value: decoded.text,
                        ["field": fieldNames[position], "offset": String(bad), "encoding": decoder.encoding.iconvName]))
            }
            return decoded.text
        case .numeric, .float, .date, .logical:
            while lower < upper, field[lower] == 0x20 { lower += 1 }
            guard lower < upper else { return nil }
            let slice = UnsafeRawBufferPointer(rebasing: field[lower..<upper])
            // dBASE writers fill a null number with asterisks; a lone '?' is a null logical.
            if slice.allSatisfy({ $0 == 0x2A }) { return nil }
            if column.kind == .logical, slice.count == 1, slice[0] == 0x3F { return nil }
            let text = String(decoding: slice, as: UTF8.self)
            switch column.kind {
            case .numeric, .float:
                if !Self.isDecimal(slice) {
                    problems.append(
                        FormatFinding(
                            .numberUnparsable,
                            at: Location(file: file, layer: layer, record: record, field: fieldNames[position]),
                            value: text, ["field": fieldNames[position], "value": text]))
                }
            case .date:
                // An all-zero date is how many writers store a null date.
                if slice.allSatisfy({ $0 == 0x30 }) { return nil }
                if !Self.isDate(slice) {
                    problems.append(
                        FormatFinding(
                            .dateInvalid,
                            at: Location(file: file, layer: layer, record: record, field: fieldNames[position]),
                            value: text, ["field": fieldNames[position], "value": text]))
                }
            default:
                break
            }
            return text
        }
    }
}

extension DBFRecordReader {
    /// Whether the bytes are a decimal number: optional sign, digits with at most one point, optional exponent.
    static func isDecimal(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
        var digits = 0
        var point = false
        while index < bytes.count {
            let byte = bytes[index]
            if (0x30...0x39).contains(byte) {
                digits += 1
            } else if byte == 0x2E, !point {
                point = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { return false }
        if index < bytes.count, bytes[index] == 0x45 || bytes[index] == 0x65 {
            index += 1
            if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start else { return false }
        }
        return index == bytes.count
    }

    /// Whether the bytes are a real calendar date written `YYYYMMDD`.
    static func isDate(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == 8, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        let (year, month, day) = (number(0..<4), number(4..<6), number(6..<8))
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}

/// A dataset that cannot be opened at all, with the reason.
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

extension Data {
    func uint32LE(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(self[self.startIndex + offset + $1]) << (8 * UInt32($1)) }
    }

    func uint16LE(at offset: Int) -> UInt16 {
        UInt16(self[self.startIndex + offset]) | UInt16(self[self.startIndex + offset + 1]) << 8
    }
}
