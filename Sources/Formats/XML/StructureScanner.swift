import Foundation

/// Counts what makes libxml2 slow or large — attributes of one element, elements, the length of a
/// text node — in one linear pass over the bytes, so that a document past `XMLLimits` is
/// refused before libxml2 sees it (libxml2's attribute handling is quadratic in the attributes of one
/// element: a million of them take minutes).
///
/// The scan follows markup only as far as the counts need: comments, processing instructions, CDATA
/// sections, the DOCTYPE (with its internal subset) and quoted attribute values are skipped whole; an
/// attribute is an `=` outside quotes in a start tag. A malformed document is libxml2's to judge:
/// the scan only ever refuses a document for a count.
enum StructureScanner {
    /// The first limit a document passes, with its place.
    struct Excess: Equatable {
        enum Measure: Equatable {
            case attributes(element: String)
            case elements
            case text
        }
        var measure: Measure
        var count: Int
        var limit: Int
        /// 1-based; the column counts UTF-8 characters (bytes for other encodings).
        var line: Int
        var column: Int
    }

    /// The first limit of `limits` that `data` passes, or nil. Reads ASCII-compatible encodings
    /// (UTF-8, GB18030, GBK, Latin-1) and UTF-16 with either byte order.
    static func excess(in data: Data, limits: XMLLimits) -> Excess? {
        if let narrowed = narrowedUTF16(data) {
            return narrowed.withUnsafeBufferPointer { scan($0, limits: limits) }
        }
        return data.withUnsafeBytes { scan($0.bindMemory(to: UInt8.self), limits: limits) }
    }

    /// A UTF-16 document as one byte per code unit (units above 0xFF become 0x80); nil for 8-bit encodings.
    private static func narrowedUTF16(_ data: Data) -> [UInt8]? {
        guard data.count >= 2 else { return nil }
        let first = data[data.startIndex]
        let second = data[data.startIndex + 1]
        let littleEndian = (first == 0xFF && second == 0xFE) || (first == 0x3C && second == 0)
        let bigEndian = (first == 0xFE && second == 0xFF) || (first == 0 && second == 0x3C)
        guard littleEndian || bigEndian else { return nil }
        var narrowed: [UInt8] = []
        narrowed.reserveCapacity(data.count / 2)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index + 1 < bytes.count {
                let (low, high) = littleEndian ? (bytes[index], bytes[index + 1]) : (bytes[index + 1], bytes[index])
                narrowed.append(high == 0 ? low : 0x80)
                index += 2
            }
        }
        return narrowed
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, limits: XMLLimits) -> Excess? {
        let count = bytes.count
        var index = 0
        var depth = 0
        var elements = 0
        var textStart: Int?

        func excess(_ measure: Excess.Measure, _ value: Int, _ limit: Int, at offset: Int) -> Excess {
            var line = 1
            var lineStart = 0
            for position in 0..<offset where bytes[position] == 0x0A {
                line += 1
                lineStart = position + 1
            }
            var column = 1
            for position in lineStart..<offset where bytes[position] & 0xC0 != 0x80 { column += 1 }
            return Excess(measure: measure, count: value, limit: limit, line: line, column: column)
        }
        /// The index just after `terminator`, searched from `from`; `count` when it never comes.
        func skip(past terminator: [UInt8], from: Int) -> Int {
            var position = from
            while position + terminator.count <= count {
                if bytes[position] == terminator[0] {
                    var matched = true
                    for offset in 1..<terminator.count where bytes[position + offset] != terminator[offset] {
                        matched = false
                        break
                    }
                    if matched { return position + terminator.count }
                }
                position += 1
            }
            return count
        }
        func starts(with prefix: [UInt8], at position: Int) -> Bool {
            guard position + prefix.count <= count else { return false }
            for offset in 0..<prefix.count where bytes[position + offset] != prefix[offset] { return false }
            return true
        }
        func endText(at position: Int) -> Excess? {
            defer { textStart = nil }
            if let start = textStart, position - start > limits.maxTextBytes {
                return excess(.text, position - start, limits.maxTextBytes, at: start)
            }
            return nil
        }

        while index < count {
            let byte = bytes[index]
            guard byte == 0x3C else {  // '<'
                if textStart == nil, depth > 0 { textStart = index }
                index += 1
                continue
            }
            if starts(with: Array("<![CDATA[".utf8), at: index) {
                // CDATA is text: it runs on with the text around it
                if textStart == nil, depth > 0 { textStart = index }
                index = skip(past: Array("]]>".utf8), from: index + 9)
                continue
            }
            if let found = endText(at: index) { return found }
            if starts(with: Array("<!--".utf8), at: index) {
                index = skip(past: Array("-->".utf8), from: index + 4)
            } else if starts(with: Array("<?".utf8), at: index) {
                index = skip(past: Array("?>".utf8), from: index + 2)
            } else if starts(with: Array("<!".utf8), at: index) {
                // DOCTYPE and its internal subset: quotes and brackets nest, '>' ends it outside both
                var position = index + 2
                var quote: UInt8?
                var brackets = 0
                while position < count {
                    let next = bytes[position]
                    position += 1
                    if let open = quote {
                        if next == open { quote = nil }
                    } else if next == 0x22 || next == 0x27 {
                        quote = next
                    } else if next == 0x5B {
                        brackets += 1
                    } else if next == 0x5D {
                        brackets = max(0, brackets - 1)
                    } else if next == 0x3E, brackets == 0 {
                        break
                    }
                }
                index = position
            } else if index + 1 < count, bytes[index + 1] == 0x2F {  // '</'
                depth = max(0, depth - 1)
                index = skip(past: [0x3E], from: index + 2)
            } else {
                let start = index
                var position = index + 1
                while position < count, ![0x20, 0x09, 0x0A, 0x0D, 0x2F, 0x3E].contains(bytes[position]) {
                    position += 1
                }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<position]), as: UTF8.self)
                var attributes = 0
                var quote: UInt8?
                var selfClosing = false
                while position < count {
                    let next = bytes[position]
                    position += 1
                    if let open = quote {
                        if next == open { quote = nil }
                    } else if next == 0x22 || next == 0x27 {
                        quote = next
                    } else if next == 0x3D {  // '='
                        attributes += 1
                    } else if next == 0x3E {
                        selfClosing = position >= 2 && bytes[position - 2] == 0x2F
                        break
                    }
                }
                if attributes > limits.maxAttributes {
                    return excess(.attributes(element: name), attributes, limits.maxAttributes, at: start)
                }
                elements += 1
                if elements > limits.maxElements {
                    return excess(.elements, elements, limits.maxElements, at: start)
                }
                // depth only tells text inside the root from space around it; libxml2 bounds it (256)
                if !selfClosing { depth += 1 }
                index = position
            }
        }
        return endText(at: count)
    }
}
