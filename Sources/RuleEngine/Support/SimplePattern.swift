/// A whole-value matcher for the regular expressions packs mostly use — character classes with counts,
/// such as `^[0-9]{19}$` or `[0-9]{1,8}` — evaluated without Swift `Regex`, which costs microseconds
/// per call on the per-record path. Patterns outside the subset (groups, alternation, look-around,
/// back-references) are left to `Regex`: `SimplePattern(pattern)` is nil for them.
public struct SimplePattern: Sendable {
    /// One position of the pattern: a set of characters and how often it repeats.
    struct Item: Sendable {
        var matches: @Sendable (Unicode.Scalar) -> Bool
        var min: Int
        var max: Int
    }

    let items: [Item]

    public init?(_ pattern: String) {
        var characters = Array(pattern.unicodeScalars)
        if characters.first == "^" { characters.removeFirst() }
        if characters.last == "$", characters.count >= 2 ? characters[characters.count - 2] != "\\" : true {
            characters.removeLast()
        }
        var items: [Item] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            var atom: (@Sendable (Unicode.Scalar) -> Bool)?
            switch character {
            case "(", ")", "|", "{", "}", "*", "+", "?", "^", "$":
                return nil
            case ".":
                atom = { $0 != "\n" }
                index += 1
            case "\\":
                guard index + 1 < characters.count else { return nil }
                let escaped = characters[index + 1]
                switch escaped {
                case "d": atom = { $0.value >= 0x30 && $0.value <= 0x39 }
                case "D": atom = { !($0.value >= 0x30 && $0.value <= 0x39) }
                case "w":
                    atom = {
                        $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_")
                    }
                case "s": atom = { $0.properties.isWhitespace }
                default:
                    guard !escaped.properties.isAlphabetic && escaped.properties.numericType == nil else { return nil }
                    atom = { $0 == escaped }
                }
                index += 2
            case "[":
                guard let (set, next) = Self.characterClass(characters, from: index + 1) else { return nil }
                atom = set
                index = next
            default:
                atom = { $0 == character }
                index += 1
            }
            guard let matches = atom else { return nil }
            var minimum = 1
            var maximum = 1
            if index < characters.count {
                switch characters[index] {
                case "?": (minimum, maximum, index) = (0, 1, index + 1)
                case "*": (minimum, maximum, index) = (0, Int.max, index + 1)
                case "+": (minimum, maximum, index) = (1, Int.max, index + 1)
                case "{":
                    guard let close = characters[index...].firstIndex(of: "}") else { return nil }
                    var inner = ""
                    inner.unicodeScalars.append(contentsOf: characters[(index + 1)..<close])
                    let parts = inner.split(
                        separator: ",", omittingEmptySubsequences: false)
                    guard parts.count == 1 || parts.count == 2, let low = Int(parts[0]) else { return nil }
                    minimum = low
                    maximum = parts.count == 1 ? low : (parts[1].isEmpty ? Int.max : Int(parts[1]) ?? -1)
                    guard maximum >= minimum else { return nil }
                    index = close + 1
                default: break
                }
                if index < characters.count, ["?", "+", "*", "{"].contains(characters[index]) { return nil }
            }
            items.append(Item(matches: matches, min: minimum, max: maximum))
        }
        self.items = items
    }

    /// `[...]` from just after the bracket: the membership test and the index after `]`.
    static func characterClass(_ characters: [Unicode.Scalar], from start: Int)
        -> ((@Sendable (Unicode.Scalar) -> Bool), Int)?
    {
        var index = start
        var negated = false
        if index < characters.count, characters[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [(Unicode.Scalar, Unicode.Scalar)] = []
        var first = true
        while index < characters.count, characters[index] != "]" || first {
            first = false
            var low = characters[index]
            if low == "\\" {
                guard index + 1 < characters.count, !characters[index + 1].properties.isAlphabetic else { return nil }
                low = characters[index + 1]
                index += 1
            }
            if low == "[" { return nil }
            if index + 2 < characters.count, characters[index + 1] == "-", characters[index + 2] != "]" {
                ranges.append((low, characters[index + 2]))
                index += 3
            } else {
                ranges.append((low, low))
                index += 1
            }
        }
        guard index < characters.count else { return nil }
        let frozen = ranges
        let inverted = negated
        return ({ character in frozen.contains { $0.0 <= character && character <= $0.1 } != inverted }, index + 1)
    }

    /// Whether the whole text matches.
    public func matches(_ text: String) -> Bool {
        if items.count == 1 {
            // one counted class, the common case (`[0-9]{19}`): a single pass, no buffers
            let item = items[0]
            var count = 0
            for scalar in text.unicodeScalars {
                guard item.matches(scalar) else { return false }
                count += 1
                if count > item.max { return false }
            }
            return count >= item.min
        }
        let characters = Array(text.unicodeScalars)
        // reachable[k]: the first k characters can be consumed by the items so far
        var reachable = [Bool](repeating: false, count: characters.count + 1)
        reachable[0] = true
        for item in items {
            var next = [Bool](repeating: false, count: characters.count + 1)
            for start in 0...characters.count where reachable[start] {
                if item.min == 0 { next[start] = true }
                var count = 0
                var position = start
                while position < characters.count, count < item.max, item.matches(characters[position]) {
                    count += 1
                    position += 1
                    if count >= item.min { next[position] = true }
                }
            }
            reachable = next
        }
        return reachable[characters.count]
    }
}
