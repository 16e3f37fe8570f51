import Foundation
import Glibc

/// A file written through a 1 MiB buffer, with the text pieces a VCT is made of: GB18030 text,
/// integers and centimetre-rounded coordinates formatted without Foundation, CRLF line ends.
final class TextFile {
    static let capacity = 1 << 20

    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: [UInt8] = []
    private var encoder: GB18030Encoder

    init(path: String, encoder: GB18030Encoder) throws {
        guard let file = fopen(path, "wb") else { throw GeneratorError("cannot create \(path)") }
        self.path = path
        self.file = file
        self.encoder = encoder
        buffer.reserveCapacity(Self.capacity + 4096)
    }

    deinit {
        if let file { fclose(file) }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        let written = buffer.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == buffer.count else { throw GeneratorError("cannot write \(path)") }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes the buffer out once it holds a mebibyte.
    func check() throws {
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Text (GB18030), no line end.
    func text(_ value: String) {
        if value.utf8.allSatisfy({ $0 < 0x80 }) {
            buffer.append(contentsOf: value.utf8)
        } else {
            buffer.append(contentsOf: encoder.encode(value))
        }
    }

    /// Text and a line end.
    func line(_ value: String) throws {
        text(value)
        newline()
        try check()
    }

    func newline() {
        buffer.append(13)
        buffer.append(10)
    }

    func byte(_ value: UInt8) { buffer.append(value) }

    func integer(_ value: Int) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        buffer[start...].reverse()
    }

    /// A number rounded to hundredths, without trailing zeros after the point.
    func number(_ value: Double) {
        let hundredths = Int((value * 100).rounded())
        if hundredths < 0 { buffer.append(UInt8(ascii: "-")) }
        let magnitude = Int(hundredths.magnitude)
        integer(magnitude / 100)
        let fraction = magnitude % 100
        guard fraction != 0 else { return }
        buffer.append(UInt8(ascii: "."))
        buffer.append(UInt8(ascii: "0") + UInt8(fraction / 10))
        if fraction % 10 != 0 { buffer.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
    }

    /// `x,y` and a line end.
    func point(_ point: (Double, Double)) throws {
        number(point.0)
        byte(UInt8(ascii: ","))
        number(point.1)
        newline()
        try check()
    }

    /// Appends the whole of another (closed) file, in chunks.
    func append(contentsOf other: String) throws {
        try flush()
        guard let source = fopen(other, "rb") else { throw GeneratorError("cannot read \(other)") }
        defer { fclose(source) }
        var chunk = [UInt8](repeating: 0, count: Self.capacity)
        while true {
            let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, source) }
            guard count > 0 else { break }
            let written = chunk.withUnsafeBytes { fwrite($0.baseAddress, 1, count, file) }
            guard written == count else { throw GeneratorError("cannot write \(path)") }
        }
    }

    func close() throws {
        try flush()
        if let file, fclose(file) != 0 { throw GeneratorError("cannot close \(path)") }
        file = nil
    }
}

/// UTF-8 text as GB18030 bytes through iconv, remembering the few distinct texts a county repeats
/// (land-class and village names).
final class GB18030Encoder {
    private let converter: iconv_t
    private var known: [String: [UInt8]] = [:]

    init() { converter = iconv_open("GB18030", "UTF-8") }

    deinit { iconv_close(converter) }

    func encode(_ text: String) -> [UInt8] {
        if let bytes = known[text] { return bytes }
        var input = Array(text.utf8CString)
        var output = [CChar](repeating: 0, count: input.count * 4 + 8)
        var inLeft = input.count - 1
        var outLeft = output.count
        input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = inBuffer.baseAddress
                var outPointer: UnsafeMutablePointer<CChar>? = outBuffer.baseAddress
                _ = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
            }
        }
        let bytes = output[0..<(output.count - outLeft)].map { UInt8(bitPattern: $0) }
        if known.count < 10_000 { known[text] = bytes }
        return bytes
    }
}
