import Foundation
import ZIPFoundation

/// The names of a zip archive's entries as the tools that wrote them meant them.
///
/// ZIPFoundation decodes a name as UTF-8 when the entry's general-purpose bit 11 says so and as
/// CP437 otherwise, which turns the names Chinese Windows writes (the OEM code page, GBK, without
/// the flag) into mojibake. The central directory is read here directly, and each name decoded:
///
/// 1. Info-ZIP's Unicode Path extra field (0x7075) wins when its CRC-32 matches the header's name;
/// 2. with bit 11, the name is UTF-8, and a name that is not valid UTF-8 is undecodable;
/// 3. without it, from an archive made on Windows or DOS (the "version made by" host 0, 10 or 14):
///    GB18030 (the superset of GBK: Chinese Windows writes its OEM code page 936) when the bytes
///    decode so, else UTF-8 when valid, else CP437;
/// 4. without it, from any other host (Info-ZIP's `zip` on Linux writes UTF-8 names without the
///    flag): UTF-8 when valid, else GB18030, else CP437.
///
/// CP437 maps every byte, so a name without the flag is undecodable only when it holds control
/// bytes (0x00–0x1F, 0x7F), which no file name carries.
enum ZipNames {
    /// One entry's name: decoded, or undecodable with its raw bytes.
    enum Name: Equatable {
        case decoded(String)
        case undecodable(bytes: [UInt8], reason: String)
    }

    /// The raw fields of one central directory record.
    struct Record {
        /// The high byte of "version made by": 0 MS-DOS (FAT), 3 Unix, 10 Windows NTFS, 14 VFAT, 19 macOS …
        var host: UInt8 = 0
        var flags: UInt16
        var name: [UInt8]
        var extra: [UInt8]
    }

    /// The names of the archive's entries in central directory order (the order ZIPFoundation lists
    /// them in), or nil when the central directory cannot be read here.
    static func names(of zip: String) -> [Name]? {
        records(of: zip).map { $0.map(decode) }
    }

    /// The bytes as hexadecimal pairs separated by spaces.
    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }
            .joined(separator: " ")
    }

    static func decode(_ record: Record) -> Name {
        if let unicode = unicodePath(in: record.extra, for: record.name) { return .decoded(unicode) }
        if record.name.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return .decoded(String(decoding: record.name, as: UTF8.self))
        }
        if record.flags & 0x0800 != 0 {
            guard let text = String(validating: record.name, as: UTF8.self) else {
                return .undecodable(bytes: record.name, reason: "is flagged UTF-8 but is not valid UTF-8")
            }
            return hasControl(text)
                ? .undecodable(bytes: record.name, reason: "holds control characters") : .decoded(text)
        }
        let windows = [0, 10, 14].contains(record.host)
        let decoded: String = record.name.withUnsafeBytes { bytes in
            let utf8 = String(validating: bytes, as: UTF8.self)
            if !windows, let utf8 { return utf8 }
            let gb = TextDecoder(.gb18030).decode(bytes)
            if gb.badOffset == nil { return gb.text }
            if let utf8 { return utf8 }
            return TextDecoder(TextEncoding(iconvName: "CP437")).decode(bytes).text
        }
        if hasControl(decoded) {
            return .undecodable(
                bytes: record.name, reason: "holds control characters in every encoding tried (UTF-8, GB18030, CP437)")
        }
        return .decoded(decoded)
    }

    private static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }
    }

    /// The UTF-8 name of an Info-ZIP Unicode Path extra field (0x7075: version 1, CRC-32 of the
    /// header's name, the name) whose CRC matches `name`.
    static func unicodePath(in extra: [UInt8], for name: [UInt8]) -> String? {
        var offset = 0
        while offset + 4 <= extra.count {
            let id = UInt16(extra[offset]) | UInt16(extra[offset + 1]) << 8
            let size = Int(UInt16(extra[offset + 2]) | UInt16(extra[offset + 3]) << 8)
            let body = offset + 4
            guard body + size <= extra.count else { return nil }
            if id == 0x7075, size >= 5, extra[body] == 1 {
                let stored = UInt32(littleEndian32(extra, at: body + 1))
                let computed = UInt32(Data(name).crc32(checksum: 0))
                if stored == computed,
                    let text = String(validating: extra[(body + 5)..<(body + size)], as: UTF8.self),
                    !text.isEmpty, !hasControl(text)
                {
                    return text
                }
            }
            offset = body + size
        }
        return nil
    }

    private static func littleEndian16(_ bytes: [UInt8], at offset: Int) -> Int {
        Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
    }

    private static func littleEndian32(_ bytes: [UInt8], at offset: Int) -> Int {
        littleEndian16(bytes, at: offset) | littleEndian16(bytes, at: offset + 2) << 16
    }

    private static func littleEndian64(_ bytes: [UInt8], at offset: Int) -> Int {
        littleEndian32(bytes, at: offset) | littleEndian32(bytes, at: offset + 4) << 32
    }

    /// The central directory's records: located through the end-of-central-directory record (and its
    /// ZIP64 form), read whole, walked record by record. Nil on anything unexpected.
    static func records(of zip: String) -> [Record]? {
        guard let handle = FileHandle(forReadingAtPath: zip) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size >= 22 else { return nil }
        func read(_ offset: Int, _ count: Int) -> [UInt8]? {
            guard offset >= 0, count >= 0, offset <= Int(size), count <= Int(size) - offset,
                (try? handle.seek(toOffset: UInt64(offset))) != nil,
                let data = try? handle.read(upToCount: count), data.count == count
            else { return nil }
            return [UInt8](data)
        }
        let tailLength = Int(min(size, 22 + 65_535))
        guard let tail = read(Int(size) - tailLength, tailLength) else { return nil }
        var end = tailLength - 22
        while end >= 0, !(tail[end] == 0x50 && tail[end + 1] == 0x4B && tail[end + 2] == 5 && tail[end + 3] == 6) {
            end -= 1
        }
        guard end >= 0 else { return nil }
        var count = littleEndian16(tail, at: end + 10)
        var directorySize = littleEndian32(tail, at: end + 12)
        var directoryOffset = littleEndian32(tail, at: end + 16)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            // ZIP64: the locator sits just before the end record and points at the ZIP64 end record
            let endOffset = Int(size) - (tailLength - end)
            guard endOffset >= 20, let locator = read(endOffset - 20, 20),
                littleEndian32(locator, at: 0) == 0x0706_4B50,
                let record = read(littleEndian64(locator, at: 8), 56),
                littleEndian32(record, at: 0) == 0x0606_4B50
            else { return nil }
            count = littleEndian64(record, at: 32)
            directorySize = littleEndian64(record, at: 40)
            directoryOffset = littleEndian64(record, at: 48)
        }
        guard count >= 0, directorySize >= 0, directoryOffset >= 0, directorySize <= 1 << 30,
            let directory = read(directoryOffset, directorySize)
        else { return nil }
        var records: [Record] = []
        var offset = 0
        for _ in 0..<count {
            guard offset + 46 <= directory.count, littleEndian32(directory, at: offset) == 0x0201_4B50 else {
                return nil
            }
            let nameLength = littleEndian16(directory, at: offset + 28)
            let extraLength = littleEndian16(directory, at: offset + 30)
            let commentLength = littleEndian16(directory, at: offset + 32)
            let nameStart = offset + 46
            guard nameStart + nameLength + extraLength + commentLength <= directory.count else { return nil }
            records.append(
                Record(
                    host: directory[offset + 5], flags: UInt16(littleEndian16(directory, at: offset + 8)),
                    name: Array(directory[nameStart..<(nameStart + nameLength)]),
                    extra: Array(directory[(nameStart + nameLength)..<(nameStart + nameLength + extraLength)])))
            offset = nameStart + nameLength + extraLength + commentLength
        }
        return records
    }
}
