import Glibc

/// Decodes byte strings with iconv, reporting the offset of the first bad byte.
///
/// Holds an iconv handle, so it is a class used by one iterator on one thread.
final class TextDecoder {
    /// The result of decoding one value.
    struct Decoded {
        var text: String
        /// 0-based offset of the first byte that is not valid in the encoding; nil when all decoded.
        var badOffset: Int?
    }

    let encoding: TextEncoding
    private let handle: iconv_t?
    /// GBK accepts the lone byte 0x80 (€) that GB18030 rejects; tried before giving up on a GB value.
    private let fallback: iconv_t?
    /// Reused output buffers: decoding runs once per text value, on the per-record path.
    private var scratch: [CChar] = []
    private var output: [UInt8] = []

    init(_ encoding: TextEncoding) {
        self.encoding = encoding
        let opened = iconv_open("UTF-8", encoding.iconvName)
        handle = opened == iconv_t(bitPattern: -1) ? nil : opened
        if encoding == .gb18030 {
            let gbk = iconv_open("UTF-8", "GBK")
            fallback = gbk == iconv_t(bitPattern: -1) ? nil : gbk
        } else {
            fallback = nil
        }
    }

    deinit {
        if let handle { iconv_close(handle) }
        if let fallback { iconv_close(fallback) }
    }

    /// Decodes bytes; ASCII takes a fast path, invalid bytes become U+FFFD and set `badOffset`.
    func decode(_ bytes: UnsafeRawBufferPointer) -> Decoded {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return Decoded(text: String(decoding: bytes, as: UTF8.self), badOffset: nil)
        }
        if encoding == .utf8 {
            return Self.decodeUTF8(bytes)
        }
        guard let handle else {
            return Decoded(text: String(decoding: bytes, as: UTF8.self), badOffset: 0)
        }
        let first = convert(bytes, with: handle)
        if first.badOffset == nil { return first }
        if let fallback {
            let second = convert(bytes, with: fallback)
            if second.badOffset == nil { return second }
        }
        return first
    }

    static func decodeUTF8(_ bytes: UnsafeRawBufferPointer) -> Decoded {
        var badOffset: Int?
        var offset = 0
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var output = String.UnicodeScalarView()
        var consumed = 0
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                output.append(scalar)
                consumed += UTF8.width(scalar)
                offset = consumed
            case .error:
                if badOffset == nil { badOffset = offset }
                output.append("\u{FFFD}")
                // the decoder consumed at least one byte; resynchronise on the consumed count
                consumed = offset + 1
                offset = consumed
            case .emptyInput:
                break loop
            }
        }
        return Decoded(text: String(output), badOffset: badOffset)
    }

    /// Converts with one handle; on an invalid sequence, notes the offset, emits U+FFFD and skips a byte.
    private func convert(_ bytes: UnsafeRawBufferPointer, with handle: iconv_t) -> Decoded {
        iconv(handle, nil, nil, nil, nil)
        output.removeAll(keepingCapacity: true)
        var badOffset: Int?
        if scratch.count < bytes.count * 4 + 64 { scratch = [CChar](repeating: 0, count: bytes.count * 4 + 64) }
        var position = 0
        while position < bytes.count {
            var inPointer = UnsafeMutablePointer(
                mutating: bytes.baseAddress!.assumingMemoryBound(to: CChar.self) + position)
            var inLeft = bytes.count - position
            let produced: Int = scratch.withUnsafeMutableBufferPointer { buffer in
                var outPointer: UnsafeMutablePointer<CChar>? = buffer.baseAddress
                var outLeft = buffer.count
                var inOptional: UnsafeMutablePointer<CChar>? = inPointer
                _ = iconv(handle, &inOptional, &inLeft, &outPointer, &outLeft)
                inPointer = inOptional!
                return buffer.count - outLeft
            }
            scratch.withUnsafeBytes { output.append(contentsOf: $0.prefix(produced)) }
            let newPosition = bytes.count - inLeft
            if inLeft == 0 { break }
            if newPosition == position || errno == EILSEQ || errno == EINVAL {
                if badOffset == nil { badOffset = newPosition }
                output.append(contentsOf: [0xEF, 0xBF, 0xBD])
                position = newPosition + 1
                iconv(handle, nil, nil, nil, nil)
            } else {
                position = newPosition
            }
        }
        return Decoded(text: String(decoding: output, as: UTF8.self), badOffset: badOffset)
    }
}
