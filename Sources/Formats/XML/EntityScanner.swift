import Foundation

/// Finds entity declarations in a document's prolog without parsing it, so that a document
/// declaring entities (XXE, billion laughs) is refused before libxml2 sees it.
enum EntityScanner {
    /// One `<!ENTITY` in the internal subset.
    struct Declaration: Hashable {
        var name: String
        /// `internal`, `external` (SYSTEM or PUBLIC) or `parameter` (`<!ENTITY % …`).
        var kind: String
        var line: Int
        var column: Int
    }

    /// The declarations before the root element, in order. Reads ASCII-compatible encodings
    /// (UTF-8, GB18030, GBK, Latin-1) and UTF-16 with either byte order.
    static func declarations(in data: Data) -> [Declaration] {
        let bytes = [UInt8](data.prefix(4 << 20))
        let text: [UInt8]
        if bytes.starts(with: [0xFF, 0xFE]) || (bytes.count > 1 && bytes[0] == 0x3C && bytes[1] == 0) {
            text = stride(from: bytes.starts(with: [0xFF, 0xFE]) ? 2 : 0, to: bytes.count - 1, by: 2).map {
                bytes[$0 + 1] == 0 ? bytes[$0] : 0x80
            }
        } else if bytes.starts(with: [0xFE, 0xFF]) || (bytes.count > 1 && bytes[0] == 0 && bytes[1] == 0x3C) {
            text = stride(from: bytes.starts(with: [0xFE, 0xFF]) ? 2 : 0, to: bytes.count - 1, by: 2).map {
                bytes[$0] == 0 ? bytes[$0 + 1] : 0x80
            }
        } else {
            text = bytes
        }
        guard let doctype = find(Array("<!DOCTYPE".utf8), in: text, from: 0), isProlog(text, upTo: doctype) else {
            return []
        }
        var found: [Declaration] = []
        var index = doctype
        let marker = Array("<!ENTITY".utf8)
        while let start = find(marker, in: text, from: index), isWithinDoctype(text, doctype: doctype, at: start) {
            var cursor = start + marker.count
            func skipSpace() {
                while cursor < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[cursor]) { cursor += 1 }
            }
            func word() -> String {
                let begin = cursor
                while cursor < text.count, ![0x20, 0x09, 0x0A, 0x0D, 0x3E, 0x22, 0x27].contains(text[cursor]) {
                    cursor += 1
                }
                return String(decoding: text[begin..<cursor], as: UTF8.self)
            }
            skipSpace()
            var name = word()
            var kind = "internal"
            if name == "%" {
                skipSpace()
                name = "%" + word()
                kind = "parameter"
            }
            skipSpace()
            let next = word()
            if next == "SYSTEM" || next == "PUBLIC" { kind = kind == "parameter" ? "external parameter" : "external" }
            let (line, column) = position(of: start, in: text)
            found.append(Declaration(name: name, kind: kind, line: line, column: column))
            index = start + marker.count
        }
        return found
    }

    /// True when only the XML declaration, comments, processing instructions and space come before `offset`.
    private static func isProlog(_ text: [UInt8], upTo offset: Int) -> Bool {
        var index = 0
        while index < offset {
            if text[index] == 0x3C, index + 1 < text.count {
                let next = text[index + 1]
                if next != 0x3F && next != 0x21 { return false }
            }
            index += 1
        }
        return true
    }

    /// True when `offset` lies before the `>` that ends the DOCTYPE (the internal subset's `]` passed).
    private static func isWithinDoctype(_ text: [UInt8], doctype: Int, at offset: Int) -> Bool {
        var index = doctype + 9
        var quote: UInt8?
        var inSubset = false
        while index < offset {
            let byte = text[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == 0x22 || byte == 0x27 {
                quote = byte
            } else if byte == 0x5B {
                inSubset = true
            } else if byte == 0x5D {
                inSubset = false
            } else if byte == 0x3E, !inSubset {
                return false
            }
            index += 1
        }
        return true
    }

    private static func find(_ needle: [UInt8], in text: [UInt8], from start: Int) -> Int? {
        guard needle.count <= text.count else { return nil }
        var index = start
        while index + needle.count <= text.count {
            if text[index] == needle[0], text[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// 1-based line and column (in bytes of the scanned text).
    private static func position(of offset: Int, in text: [UInt8]) -> (Int, Int) {
        var line = 1
        var lineStart = 0
        for index in 0..<offset where text[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }
}
