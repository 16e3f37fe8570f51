/// Reads the well-known text of a point, line, polygon or their multi forms into a shapefile-style `Geometry`.
///
/// Rings and vertices are kept exactly as written (winding, repeats, unclosed rings), so that rule
/// examples can show defects; `EMPTY` gives a shape with no parts. Z and M are not read.
public enum WKTReader {
    /// Why a text is not WKT this reader takes, with the 0-based character offset.
    public struct Failure: Error, Hashable, Sendable {
        public var message: String
        public var offset: Int
    }

    public static func read(_ text: String) throws(Failure) -> Geometry {
        var scanner = Scanner(characters: Array(text.utf8))
        let word = scanner.word().uppercased()
        let type: Int
        let depth: Int
        switch word {
        case "POINT": (type, depth) = (1, 1)
        case "LINESTRING": (type, depth) = (3, 1)
        case "MULTILINESTRING": (type, depth) = (3, 2)
        case "POLYGON": (type, depth) = (5, 2)
        case "MULTIPOLYGON": (type, depth) = (5, 3)
        case "MULTIPOINT": (type, depth) = (8, 1)
        default: throw Failure(message: "expected POINT, LINESTRING, POLYGON or a MULTI form", offset: 0)
        }
        var geometry = Geometry(shapeType: type, partStarts: [], xy: [])
        if scanner.word().uppercased() == "EMPTY" {
            try scanner.end()
            return geometry
        }
        func sequence(_ level: Int) throws(Failure) {
            try scanner.expect("(")
            repeat {
                if level == 1 {
                    // a MULTIPOINT may write its points as (x y) or bare
                    let parenthesized = type == 8 && scanner.peek("(")
                    if parenthesized { try scanner.expect("(") }
                    geometry.xy.append(try scanner.number())
                    geometry.xy.append(try scanner.number())
                    if parenthesized { try scanner.expect(")") }
                } else {
                    if level == 2 { geometry.partStarts.append(geometry.vertexCount) }
                    try sequence(level - 1)
                }
            } while scanner.skip(",")
            try scanner.expect(")")
        }
        if depth == 1 { geometry.partStarts = [0] }
        try sequence(depth)
        try scanner.end()
        return geometry
    }

    struct Scanner {
        let characters: [UInt8]
        var position = 0

        mutating func blanks() {
            while position < characters.count, [32, 9, 10, 13].contains(characters[position]) { position += 1 }
        }

        mutating func word() -> String {
            blanks()
            let start = position
            while position < characters.count, (65...90).contains(characters[position] & 0xDF) { position += 1 }
            return String(decoding: characters[start..<position], as: UTF8.self)
        }

        mutating func peek(_ symbol: Character) -> Bool {
            blanks()
            return position < characters.count && characters[position] == symbol.asciiValue
        }

        mutating func skip(_ symbol: Character) -> Bool {
            guard peek(symbol) else { return false }
            position += 1
            return true
        }

        mutating func expect(_ symbol: Character) throws(Failure) {
            guard skip(symbol) else { throw Failure(message: "expected '\(symbol)'", offset: position) }
        }

        mutating func number() throws(Failure) -> Double {
            blanks()
            let start = position
            while position < characters.count, "+-.0123456789eE".utf8.contains(characters[position]) { position += 1 }
            guard let value = Double(String(decoding: characters[start..<position], as: UTF8.self)) else {
                throw Failure(message: "expected a number", offset: start)
            }
            return value
        }

        mutating func end() throws(Failure) {
            blanks()
            guard position == characters.count else { throw Failure(message: "unexpected text", offset: position) }
        }
    }
}
