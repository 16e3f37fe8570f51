/// A regular expression of the subset rule packs may use, matched against a whole value in time
/// linear in the value's length (a Pike VM: every position is visited once, with at most one thread
/// per instruction), so no pattern from a pack can make a run backtrack without end.
///
/// The subset: literals; `.` (any character but a line break); classes `[…]` and `[^…]` with
/// ranges, including Unicode ranges such as `[\u4e00-\u9fa5]`; `\d` `\w` `\s` (ASCII digits, ASCII
/// word characters, white space) and their negations `\D` `\W` `\S`; escapes `\t` `\n` `\r` `\f`
/// `\v`, `\uHHHH`, `\u{H…}`, `\xHH`, `\x{H…}` and any escaped punctuation; anchors `^` `$` `\A` `\z`;
/// groups `(…)`, `(?:…)`, `(?<name>…)`; alternation `|`; quantifiers `?` `*` `+` `{m}` `{m,}`
/// `{m,n}` (n ≤ 1000), also lazy (`*?`: the same answer for a whole-value match). Anything else —
/// back-references, look-around, atomic groups, possessive quantifiers, inline options, `\b`,
/// `\p{…}`, POSIX and nested classes — is refused with its place, so a pack states only what this
/// matcher does. Characters are Unicode scalars.
public struct LinearPattern: Sendable {
    /// Why a pattern is refused, and where: `offset` counts Unicode scalars from 0.
    public struct SyntaxError: Error, CustomStringConvertible, Sendable {
        public var message: String
        public var offset: Int
        public var description: String { "\(message) (at character \(offset + 1))" }
    }

    /// Largest count in `{m,n}`.
    public static let maxCount = 1000
    /// Largest compiled program, in instructions (counted repeats are expanded).
    public static let maxInstructions = 20_000

    public let pattern: String
    private let program: Program
    /// `[…]{m,n}` alone (with or without anchors), the common case, as one counting pass.
    private let single: (set: ScalarSet, min: Int, max: Int)?

    public init(_ pattern: String) throws(SyntaxError) {
        self.pattern = pattern
        var parser = Parser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = Compiler()
        try compiler.emit(tree)
        compiler.instructions.append(Instruction(.match))
        program = Program(instructions: compiler.instructions, sets: compiler.sets)
        single = Self.singleRepeat(tree)
    }

    /// Whether the whole text matches.
    public func matches(_ text: String) -> Bool {
        if let single {
            var count = 0
            for scalar in text.unicodeScalars {
                guard count < single.max, single.set.contains(scalar.value) else { return false }
                count += 1
            }
            return count >= single.min
        }
        return program.run(text.unicodeScalars)
    }

    private static func singleRepeat(_ node: PatternNode) -> (set: ScalarSet, min: Int, max: Int)? {
        var parts: [PatternNode]
        if case .concat(let items) = node { parts = items } else { parts = [node] }
        if case .start = parts.first { parts.removeFirst() }
        if case .end = parts.last { parts.removeLast() }
        guard parts.count == 1 else { return nil }
        switch parts[0] {
        case .set(let set): return (set, 1, 1)
        case .repeated(.set(let set), let min, let max): return (set, min, max ?? Int.max)
        default: return nil
        }
    }
}

// MARK: - Character sets

/// A set of Unicode scalars as sorted, disjoint, non-adjacent ranges, with ASCII as a bitmap.
private struct ScalarSet: Sendable, Equatable {
    private(set) var ranges: [ClosedRange<UInt32>]
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    init(_ given: [ClosedRange<UInt32>]) {
        var merged: [ClosedRange<UInt32>] = []
        for range in given.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        ranges = merged
        for range in merged where range.lowerBound < 128 {
            for value in range.lowerBound...min(range.upperBound, 127) {
                if value < 64 { low |= 1 << UInt64(value) } else { high |= 1 << UInt64(value - 64) }
            }
        }
    }

    /// Every scalar not in the set.
    var inverted: ScalarSet {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return ScalarSet(result)
    }

    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return low & (1 << UInt64(value)) != 0 }
        if value < 128 { return high & (1 << UInt64(value - 64)) != 0 }
        var lower = 0
        var upper = ranges.count
        while lower < upper {
            let middle = (lower + upper) / 2
            if ranges[middle].upperBound < value {
                lower = middle + 1
            } else if ranges[middle].lowerBound > value {
                upper = middle
            } else {
                return true
            }
        }
        return false
    }

    static let digits = ScalarSet([0x30...0x39])
    static let word = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    static let space = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0x85...0x85, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000,
    ])
    static let lineBreaks = ScalarSet([0x0A...0x0A, 0x0D...0x0D])
}

// MARK: - Syntax

private indirect enum PatternNode: Sendable {
    case empty
    case set(ScalarSet)
    case start
    case end
    case concat([PatternNode])
    case alternation([PatternNode])
    /// `max` nil: unbounded.
    case repeated(PatternNode, min: Int, max: Int?)
}

private struct Parser {
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
        func number(_ parser: inout Parser) -> Int? {
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

// MARK: - Program

private struct Instruction: Sendable {
    enum Operation: UInt8, Sendable {
        case set, split, jump, start, end, match
    }
    var operation: Operation
    /// The set's index (`set`), the target (`jump`), the first branch (`split`).
    var first: Int32 = 0
    /// The second branch (`split`).
    var second: Int32 = 0

    init(_ operation: Operation, _ first: Int = 0, _ second: Int = 0) {
        self.operation = operation
        self.first = Int32(first)
        self.second = Int32(second)
    }
}

private struct Compiler {
    var instructions: [Instruction] = []
    var sets: [ScalarSet] = []

    mutating func add(_ instruction: Instruction) throws(LinearPattern.SyntaxError) -> Int {
        guard instructions.count < LinearPattern.maxInstructions else {
            throw LinearPattern.SyntaxError(
                message: "the pattern is too large (its counted repeats expand past "
                    + "\(LinearPattern.maxInstructions) steps)", offset: 0)
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    mutating func emit(_ node: PatternNode) throws(LinearPattern.SyntaxError) {
        switch node {
        case .empty:
            break
        case .set(let set):
            let index = sets.firstIndex(of: set) ?? sets.count
            if index == sets.count { sets.append(set) }
            _ = try add(Instruction(.set, index))
        case .start:
            _ = try add(Instruction(.start))
        case .end:
            _ = try add(Instruction(.end))
        case .concat(let items):
            for item in items { try emit(item) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (number, branch) in branches.enumerated() {
                if number < branches.count - 1 {
                    let split = try add(Instruction(.split))
                    instructions[split].first = Int32(split + 1)
                    try emit(branch)
                    jumps.append(try add(Instruction(.jump)))
                    instructions[split].second = Int32(instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { instructions[jump].first = Int32(instructions.count) }
        case .repeated(let inner, let minimum, let maximum):
            for _ in 0..<minimum { try emit(inner) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    let split = try add(Instruction(.split))
                    instructions[split].first = Int32(split + 1)
                    splits.append(split)
                    try emit(inner)
                }
                for split in splits { instructions[split].second = Int32(instructions.count) }
            } else {
                let split = try add(Instruction(.split))
                instructions[split].first = Int32(split + 1)
                try emit(inner)
                _ = try add(Instruction(.jump, split))
                instructions[split].second = Int32(instructions.count)
            }
        }
    }
}

/// A compiled pattern and its Pike VM.
private struct Program: Sendable {
    let instructions: [Instruction]
    let sets: [ScalarSet]

    /// A set of instruction numbers with constant-time insert, membership and clear.
    struct Threads {
        var dense: [Int32]
        var sparse: [Int32]
        var count = 0

        init(_ size: Int) {
            dense = Array(repeating: 0, count: size)
            sparse = Array(repeating: 0, count: size)
        }

        func contains(_ value: Int32) -> Bool {
            let slot = Int(sparse[Int(value)])
            return slot < count && dense[slot] == value
        }

        mutating func insert(_ value: Int32) {
            sparse[Int(value)] = Int32(count)
            dense[count] = value
            count += 1
        }
    }

    /// Adds the threads reachable from `pc` without reading a character; `visited` dedupes them.
    func follow(
        _ pc: Int32, into list: inout Threads, visited: inout Threads, stack: inout [Int32], atStart: Bool, atEnd: Bool
    ) {
        stack.append(pc)
        while let next = stack.popLast() {
            if visited.contains(next) { continue }
            visited.insert(next)
            let instruction = instructions[Int(next)]
            switch instruction.operation {
            case .set, .match:
                list.insert(next)
            case .jump:
                stack.append(instruction.first)
            case .split:
                stack.append(instruction.second)
                stack.append(instruction.first)
            case .start:
                if atStart { stack.append(next + 1) }
            case .end:
                if atEnd { stack.append(next + 1) }
            }
        }
    }

    func run(_ text: String.UnicodeScalarView) -> Bool {
        let size = instructions.count
        var current = Threads(size)
        var next = Threads(size)
        var visited = Threads(size)
        var stack: [Int32] = []
        var position = text.startIndex
        follow(0, into: &current, visited: &visited, stack: &stack, atStart: true, atEnd: position == text.endIndex)
        while position != text.endIndex {
            let value = text[position].value
            text.formIndex(after: &position)
            let atEnd = position == text.endIndex
            next.count = 0
            visited.count = 0
            for slot in 0..<current.count {
                let pc = current.dense[slot]
                let instruction = instructions[Int(pc)]
                if instruction.operation == .set, sets[Int(instruction.first)].contains(value) {
                    follow(pc + 1, into: &next, visited: &visited, stack: &stack, atStart: false, atEnd: atEnd)
                }
            }
            swap(&current, &next)
            if current.count == 0 { return false }
        }
        for slot in 0..<current.count where instructions[Int(current.dense[slot])].operation == .match {
            return true
        }
        return false
    }
}
