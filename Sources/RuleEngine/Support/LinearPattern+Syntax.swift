// MARK: - Syntax

indirect enum PatternNode: Sendable {
    case empty
    case set(ScalarSet)
    case start
    case end
    case concat([PatternNode])
    case alternation([PatternNode])
    /// `max` nil: unbounded.
    case repeated(PatternNode, min: Int, max: Int?)
}

struct PatternParser {
    let scalars: [Unicode.Scalar]
    var index = 0

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func fail(_ message: String, at offset: Int? = nil) -> LinearPattern.SyntaxError {
        LinearPattern.SyntaxError(message: message, offset: offset ?? index)
    }

    var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    func peek(_ distance: Int) -> Unicode.Scalar? {
        index + distance < scalars.count ? scalars[index + distance] : nil
    }

    mutating func parse() throws(LinearPattern.SyntaxError) -> PatternNode {
        let node = try alternation()
        if current == ")" { throw fail("')' closes no group") }
        return node
    }

    mutating func alternation() throws(LinearPattern.SyntaxError) -> PatternNode {
        var branches = [try sequence()]
        while current == "|" {
            index += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func sequence() throws(LinearPattern.SyntaxError) -> PatternNode {
        var items: [PatternNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            items.append(try quantified())
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
    }

    mutating func quantified() throws(LinearPattern.SyntaxError) -> PatternNode {
        var node = try atom()
        var quantified = false
        while let scalar = current, ["?", "*", "+", "{"].contains(scalar) {
            let place = index
            if quantified { throw fail("a quantifier follows another; group the first, as in (a{2}){3}", at: place) }
            if case .start = node { throw fail("an anchor cannot be repeated", at: place) }
            if case .end = node { throw fail("an anchor cannot be repeated", at: place) }
            var minimum = 0
            var maximum: Int?
            switch scalar {
            case "?": maximum = 1
            case "*": break
            case "+": minimum = 1
            default: (minimum, maximum) = try counts()
            }
            if scalar != "{" { index += 1 }
            if current == "?" {
                index += 1  // lazy: a whole-value match has the same answer
            } else if current == "+" {
                throw fail("possessive quantifiers are not supported")
            }
            node = .repeated(node, min: minimum, max: maximum)
            quantified = true
        }
        return node
    }

    /// `{m}`, `{m,}` or `{m,n}` from the opening brace; leaves the index after the closing one.
    mutating func counts() throws(LinearPattern.SyntaxError) -> (Int, Int?) {
        let open = index
        index += 1
        func number(_ parser: inout PatternParser) -> Int? {
            var value = 0
            var digits = 0
            while let scalar = parser.current, ("0"..."9").contains(scalar) {
                value = min(value * 10 + Int(scalar.value - 0x30), Int(Int32.max))
                digits += 1
                parser.index += 1
            }
            return digits > 0 ? value : nil
        }
        guard let low = number(&self) else {
            throw fail("'{' starts no count such as {2} or {1,8}; write \\{ for a brace", at: open)
        }
        var high: Int? = low
        if current == "," {
            index += 1
            high = number(&self)
        }
        guard current == "}" else {
            throw fail("'{' starts no count such as {2} or {1,8}; write \\{ for a brace", at: open)
        }
        index += 1
        if let high, high < low { throw fail("the count {\(low),\(high)} runs backwards", at: open) }
        if max(low, high ?? 0) > LinearPattern.maxCount {
            throw fail("counts above \(LinearPattern.maxCount) are not supported", at: open)
        }
        return (low, high)
    }

    mutating func atom() throws(LinearPattern.SyntaxError) -> PatternNode {
        guard let scalar = current else { throw fail("the pattern ends too early") }
        switch scalar {
        case "(":
            let open = index
            index += 1
            if current == "?" {
                switch peek(1) {
                case ":":
                    index += 2
                case "<" where peek(2) != "=" && peek(2) != "!",
                    "P" where peek(2) == "<":
                    // a named group: skip the name
                    while let next = current, next != ">" { index += 1 }
                    guard current == ">" else { throw fail("a group name is not closed with '>'", at: open) }
                    index += 1
                case "=", "!", "<":
                    throw fail("look-around is not supported", at: open)
                case ">":
                    throw fail("atomic groups are not supported", at: open)
                default:
                    throw fail("inline options and other (?…) groups are not supported", at: open)
                }
            }
            let inner = try alternation()
            guard current == ")" else { throw fail("'(' is not closed", at: open) }
            index += 1
            return inner
        case "[":
            return .set(try characterClass())
        case ".":
            index += 1
            return .set(ScalarSet.lineBreaks.inverted)
        case "^":
            index += 1
            return .start
        case "$":
            index += 1
            return .end
        case "\\":
            return try escape(inClass: false)
        case "*", "+", "?", "{":
            throw fail("'\(scalar)' has nothing to repeat")
        default:
            index += 1
            return .set(ScalarSet([scalar.value...scalar.value]))
        }
    }

    /// An escape from its backslash: a set, or an anchor outside classes.
    mutating func escape(inClass: Bool) throws(LinearPattern.SyntaxError) -> PatternNode {
        let start = index
        index += 1
        guard let scalar = current else { throw fail("the pattern ends with a lone backslash", at: start) }
        index += 1
        func single(_ value: UInt32) -> PatternNode { .set(ScalarSet([value...value])) }
        switch scalar {
        case "d": return .set(.digits)
        case "D": return .set(ScalarSet.digits.inverted)
        case "w": return .set(.word)
        case "W": return .set(ScalarSet.word.inverted)
        case "s": return .set(.space)
        case "S": return .set(ScalarSet.space.inverted)
        case "t": return single(0x09)
        case "n": return single(0x0A)
        case "r": return single(0x0D)
        case "f": return single(0x0C)
        case "v": return single(0x0B)
        case "A" where !inClass: return .start
        case "z" where !inClass: return .end
        case "u", "x":
            var digits = ""
            if current == "{" {
                index += 1
                while let next = current, next != "}" {
                    digits.unicodeScalars.append(next)
                    index += 1
                }
                guard current == "}" else { throw fail("'\\\(scalar){' is not closed", at: start) }
                index += 1
            } else {
                let width = scalar == "u" ? 4 : 2
                for _ in 0..<width {
                    guard let next = current else { break }
                    digits.unicodeScalars.append(next)
                    index += 1
                }
            }
            guard !digits.isEmpty, digits.count <= 8, let value = UInt32(digits, radix: 16),
                Unicode.Scalar(value) != nil
            else {
                throw fail("'\\\(scalar)' needs hexadecimal digits of a Unicode scalar", at: start)
            }
            return single(value)
        case "1"..."9", "k", "g":
            throw fail("back-references are not supported", at: start)
        case "b", "B":
            throw fail("word boundaries are not supported", at: start)
        case "p", "P":
            throw fail(
                "Unicode property classes are not supported; write the ranges, e.g. [\\u4e00-\\u9fa5]", at: start)
        default:
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                throw fail("'\\\(scalar)' is not a supported escape", at: start)
            }
            return single(scalar.value)
        }
    }

    /// `[…]` from the bracket.
    mutating func characterClass() throws(LinearPattern.SyntaxError) -> ScalarSet {
        let open = index
        index += 1
        var negated = false
        if current == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let scalar = current else { throw fail("'[' is not closed", at: open) }
            if scalar == "]" && !first { break }
            first = false
            if scalar == "[" { throw fail("nested and POSIX classes ([[:digit:]]) are not supported") }
            if scalar == "&" && peek(1) == "&" { throw fail("class intersection (&&) is not supported") }
            let low = try classMember()
            guard let lowValue = low.single else {
                ranges += low.set.ranges
                continue
            }
            if current == "-", let after = peek(1), after != "]" {
                let dash = index
                index += 1
                let high = try classMember()
                guard let highValue = high.single else { throw fail("a range ends in a class escape", at: dash) }
                guard lowValue <= highValue else { throw fail("the range runs backwards", at: dash) }
                ranges.append(lowValue...highValue)
            } else {
                ranges.append(lowValue...lowValue)
            }
        }
        index += 1
        let set = ScalarSet(ranges)
        return negated ? set.inverted : set
    }

    /// One member of a class: a scalar (`single`) or a class escape such as `\d`.
    mutating func classMember() throws(LinearPattern.SyntaxError) -> (single: UInt32?, set: ScalarSet) {
        guard let scalar = current else { throw fail("'[' is not closed") }
        if scalar == "\\" {
            guard case .set(let set) = try escape(inClass: true) else {
                throw fail("an anchor cannot stand in a class")
            }
            let single = set.ranges.count == 1 && set.ranges[0].count == 1 ? set.ranges[0].lowerBound : nil
            // \d and friends are sets even when they hold one range
            let previous = scalars[index - 1]
            if ["d", "D", "w", "W", "s", "S"].contains(previous) && scalars[index - 2] == "\\" {
                return (nil, set)
            }
            return (single, set)
        }
        index += 1
        return (scalar.value, ScalarSet([scalar.value...scalar.value]))
    }
}
