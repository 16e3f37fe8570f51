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
    private let program: PatternProgram
    /// `[…]{m,n}` alone (with or without anchors), the common case, as one counting pass.
    private let single: (set: ScalarSet, min: Int, max: Int)?

    public init(_ pattern: String) throws(SyntaxError) {
        self.pattern = pattern
        var parser = PatternParser(Array(pattern.unicodeScalars))
        let tree = try parser.parse()
        var compiler = PatternCompiler()
        try compiler.emit(tree)
        compiler.instructions.append(PatternInstruction(.match))
        program = PatternProgram(instructions: compiler.instructions, sets: compiler.sets)
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
struct ScalarSet: Sendable, Equatable {
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
