import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A VCT file's bytes, memory-mapped read-only and unmapped when the last layer goes.
///
/// Immutable after mapping, so layers share it across threads. `release()` hands the pages read so far
/// back to the kernel (they are clean file pages: a later read faults them in again from the page
/// cache), which keeps a pass over a file of several GiB from holding it all resident.
final class VCTBytes: @unchecked Sendable {
    let base: UnsafePointer<UInt8>?
    let count: Int

    init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw POSIXError(.EISDIR) }
        count = Int(status.st_size)
        if count == 0 {
            base = nil
            return
        }
        guard let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .ENOMEM)
        }
        base = UnsafePointer(mapped.assumingMemoryBound(to: UInt8.self))
    }

    /// Bytes held in memory (tests and the fuzz target), copied.
    init(data: Data) {
        count = data.count
        guard count > 0 else {
            base = nil
            owned = nil
            return
        }
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: count)
        data.copyBytes(to: buffer, count: count)
        base = UnsafePointer(buffer)
        owned = buffer
    }

    private var owned: UnsafeMutablePointer<UInt8>?

    deinit {
        if let owned {
            owned.deallocate()
        } else if let base {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        }
    }

    /// Drops the resident pages of the mapping (no-op for bytes held in memory).
    func release() {
        guard owned == nil, let base else { return }
        madvise(UnsafeMutableRawPointer(mutating: base), count, Int32(MADV_DONTNEED))
    }

    subscript(offset: Int) -> UInt8 { base![offset] }
}

/// A line of the file: its trimmed byte range and 1-based line number.
struct VCTLine {
    var start: Int
    var end: Int
    var number: Int
    /// Offset of the first byte of the raw line (before trimming).
    var lineStart: Int

    var isEmpty: Bool { start == end }
    var count: Int { end - start }
}

/// Walks the lines of a byte range; a value type, so a caller can save and restore its place.
struct VCTCursor {
    let bytes: VCTBytes
    var position: Int
    let limit: Int
    var lineNumber: Int

    init(bytes: VCTBytes, from position: Int, to limit: Int? = nil, line: Int = 1) {
        self.bytes = bytes
        self.position = position
        self.limit = limit ?? bytes.count
        lineNumber = line - 1
    }

    /// The next line, trimmed of spaces, tabs, CR and a byte-order mark; nil at the end.
    mutating func next() -> VCTLine? {
        guard position < limit, let base = bytes.base else { return nil }
        let lineStart = position
        var end: Int
        if let found = memchr(base + position, 0x0A, limit - position) {
            end = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            position = end + 1
        } else {
            end = limit
            position = limit
        }
        lineNumber += 1
        var start = lineStart
        if start == 0, end >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        while start < end, Self.isBlank(base[start]) { start += 1 }
        while end > start, Self.isBlank(base[end - 1]) { end -= 1 }
        return VCTLine(start: start, end: end, number: lineNumber, lineStart: lineStart)
    }

    /// The next line that is not blank.
    mutating func nextNonEmpty() -> VCTLine? {
        while let line = next() {
            if !line.isEmpty { return line }
        }
        return nil
    }

    /// The next non-blank line without moving past it.
    func peekNonEmpty() -> VCTLine? {
        var copy = self
        return copy.nextNonEmpty()
    }

    static func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
}

extension VCTBytes {
    /// The line's bytes as ASCII-uppercased text when it is a short ASCII word (a section keyword), else nil.
    func keyword(_ line: VCTLine) -> String? {
        guard line.count > 0, line.count <= 32, let base else { return nil }
        var scalars = String.UnicodeScalarView()
        for offset in line.start..<line.end {
            let byte = base[offset]
            guard (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) else { return nil }
            scalars.append(Unicode.Scalar(byte & ~0x20))
        }
        return String(scalars)
    }

    /// Whether the line is exactly the ASCII digits of `value` (the `0` terminators).
    func isZero(_ line: VCTLine) -> Bool {
        line.count == 1 && base![line.start] == 0x30
    }

    /// The fields of a line split at `separator` (byte ranges, each trimmed of blanks).
    func fields(_ line: VCTLine, separator: UInt8 = 0x2C) -> [Range<Int>] {
        guard let base else { return [] }
        var result: [Range<Int>] = []
        var start = line.start
        var index = line.start
        func add(_ from: Int, _ to: Int) {
            var lower = from
            var upper = to
            while lower < upper, VCTCursor.isBlank(base[lower]) { lower += 1 }
            while upper > lower, VCTCursor.isBlank(base[upper - 1]) { upper -= 1 }
            result.append(lower..<upper)
        }
        while index < line.end {
            if base[index] == separator {
                add(start, index)
                start = index + 1
            }
            index += 1
        }
        add(start, line.end)
        return result
    }

    /// A decimal integer (optional sign) filling the range exactly; nil otherwise.
    func integer(_ range: Range<Int>) -> Int64? {
        guard let base, !range.isEmpty, range.count <= 19 else { return nil }
        var index = range.lowerBound
        var negative = false
        if base[index] == 0x2D || base[index] == 0x2B {
            negative = base[index] == 0x2D
            index += 1
        }
        guard index < range.upperBound else { return nil }
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = base[index]
            guard digit >= 0x30, digit <= 0x39 else { return nil }
            value = value * 10 + Int64(digit - 0x30)
            index += 1
        }
        return negative ? -value : value
    }

    func integer(_ line: VCTLine) -> Int64? { integer(line.start..<line.end) }

    /// A decimal number filling the range exactly (`strtod` on a bounded copy); nil otherwise.
    func double(_ range: Range<Int>) -> Double? {
        guard let base, !range.isEmpty, range.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> Double? in
            for (index, offset) in range.enumerated() {
                let byte = base[offset]
                // digits, sign, point and exponent only: no "nan", "inf" or hex floats
                guard
                    (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x2B || byte == 0x2E || byte == 0x45
                        || byte == 0x65
                else { return nil }
                buffer[index] = CChar(bitPattern: byte)
            }
            buffer[range.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &end)
            guard let end, end - buffer.baseAddress! == range.count, value.isFinite else { return nil }
            return value
        }
    }

    /// The first two numbers of an `X,Y[,…]` line.
    func point(_ line: VCTLine) -> (Double, Double)? {
        let parts = fields(line)
        guard parts.count >= 2, let x = double(parts[0]), let y = double(parts[1]) else { return nil }
        return (x, y)
    }

    /// The raw bytes of a range.
    func data(_ range: Range<Int>) -> [UInt8] {
        guard let base, !range.isEmpty else { return [] }
        return Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// The range decoded as ASCII/UTF-8 (for keywords and numbers; text goes through `TextDecoder`).
    func ascii(_ range: Range<Int>) -> String {
        String(decoding: data(range), as: UTF8.self)
    }
}

/// Validates UTF-8 incrementally over the lines of a file.
struct UTF8Check {
    var valid = true
    var sawNonASCII = false

    mutating func feed(_ bytes: VCTBytes, _ range: Range<Int>) {
        guard valid, let base = bytes.base else { return }
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let lead = base[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            sawNonASCII = true
            let length: Int
            if lead >= 0xC2, lead <= 0xDF {
                length = 2
            } else if lead & 0xF0 == 0xE0 {
                length = 3
            } else if lead >= 0xF0, lead <= 0xF4 {
                length = 4
            } else {
                valid = false
                return
            }
            guard index + length <= end else {
                valid = false
                return
            }
            for next in 1..<length where base[index + next] & 0xC0 != 0x80 {
                valid = false
                return
            }
            index += length
        }
    }
}
