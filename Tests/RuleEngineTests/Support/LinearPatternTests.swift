import Foundation
import RuleEngine
import Testing

/// The linear-time matcher every pack pattern runs on: the same answers as Swift `Regex` whole-value
/// matching over the subset, linear time on patterns that make a backtracking engine explode, and
/// a refusal with its place for anything outside the subset.
struct LinearPatternTests {
    @Test(arguments: [
        // every pattern the shipped packs use
        (
            "^[0-9]{19}$",
            ["1301231010010000000", "130123101001000000", "13012310100100000000", "130123101001000000a", ""]
        ),
        ("^[0-9]{12}$", ["130123000000", "13012300000", "13012300000a"]),
        ("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", ["2012-1-9", "2012-01-09", "2012-001-09", "2012/01/09", "2012-01-"]),
        ("^米$", ["米", "m", "米米", ""]),
        ("^[0-9]{2}$", ["39", "3", "399"]),
        ("^[0-9]+$", ["1", "123456789012345678901234567890", "", "1a"]),
        ("[0-9]{1,8}", ["1", "12345678", "123456789", "", "12a"]),
        ("[0-9]{6}[-_].*|README.*", ["130123-界址点.txt", "130123_x", "README", "README.md", "13012-x", "x130123-"]),
        // the rest of the subset
        ("[A-Z]{2}[0-9]*", ["TT", "PD12", "T1", "tt", "TT1x"]),
        ("\\d{4}-\\d{2}", ["2019-01", "2019-1", "201a-01"]),
        ("[^0-9]+", ["abc", "a1", ""]),
        ("0[1-3]0[1-3]?", ["0101", "010", "0104", "02"]),
        ("a.c", ["abc", "a-c", "ac", "abbc"]),
        ("[0-9]{2,}", ["1", "12", "123456"]),
        ("水.?田", ["水田", "水浇田", "水"]),
        ("[\\u4e00-\\u9fa5]+", ["地类图斑", "地类A", "", "〇"]),
        ("[\\u{4e00}-\\u{9fa5}]{2,4}(村|镇|乡)", ["王家村", "王村", "王家庄", "东西南北中镇"]),
        ("(ab)+", ["ab", "abab", "aba", ""]),
        ("(?:0[1-9]|1[0-2])", ["01", "12", "13", "1"]),
        ("a(b|c)*d", ["ad", "abcbd", "abxd"]),
        ("(a|ab)(c|bcd)(d*)", ["abcd", "acd", "abcdd"]),
        ("x{0,3}y?", ["", "xxx", "xxxx", "xy"]),
        ("[-a]+", ["-a-", "b"]),
        ("[a\\-z]+", ["a-z", "b"]),
        ("\\.\\*\\+", [".*+", "a*+"]),
        ("[\\d\\s]+", ["1 2", "1\t2", "1a"]),
        ("\\w+\\W\\S", ["ab-c", "ab c", "ab-  "]),
        ("(?<year>[0-9]{4})年", ["2020年", "20年"]),
        ("[0-9]+?x", ["12x", "x"]),
    ])
    func agreesWithRegex(pattern: String, samples: [String]) throws {
        let linear = try LinearPattern(pattern)
        let regex = try Regex(pattern)
        for sample in samples {
            #expect(linear.matches(sample) == ((try? regex.wholeMatch(in: sample)) != nil), "\(pattern) on '\(sample)'")
        }
    }

    /// Random patterns over a small alphabet (a fixed generator, so every run tries the same ones): every
    /// one the matcher accepts answers as Swift `Regex` does on every short text of a and b.
    @Test func randomPatternsAgreeWithRegex() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let pieces = [
            "a", "b", ".", "[ab]", "[^a]", "(", ")", "|", "*", "+", "?", "{2}", "{1,2}", "{0,}", "^", "$", "(?:",
        ]
        var texts = [""]
        for length in 1...5 {
            for number in 0..<(1 << length) {
                texts.append(String((0..<length).map { number >> $0 & 1 == 0 ? "a" : "b" }))
            }
        }
        var compared = 0
        for _ in 0..<6000 {
            let pattern = (0..<(1 + next(8))).map { _ in pieces[next(pieces.count)] }.joined()
            guard let linear = try? LinearPattern(pattern), let regex = try? Regex(pattern) else { continue }
            compared += 1
            for text in texts {
                let expected = (try? regex.wholeMatch(in: text)) != nil
                #expect(linear.matches(text) == expected, "\(pattern) on '\(text)'")
            }
        }
        #expect(compared > 800, "only \(compared) patterns compared")
    }

    @Test(arguments: [
        ("^(a+)+$", String(repeating: "a", count: 24) + "!", false),
        ("^(a+)+$", String(repeating: "a", count: 100_000), true),
        ("(a|aa)*b", String(repeating: "a", count: 50_000), false),
        ("(a*)*$", String(repeating: "a", count: 50_000) + "b", false),
        ("^(\\w+\\s?)*$", String(repeating: "word ", count: 10_000) + "!", false),
        ("(x+x+)+y", String(repeating: "x", count: 20_000), false),
    ])
    func catastrophicPatternsFinishInLinearTime(pattern: String, text: String, expected: Bool) throws {
        let linear = try LinearPattern(pattern)
        let clock = ContinuousClock()
        var result = !expected
        let elapsed = clock.measure { result = linear.matches(text) }
        #expect(result == expected)
        // A backtracking engine needs 2^24 steps for the first and never ends for the others.
        #expect(elapsed < .seconds(2), "\(pattern) took \(elapsed)")
    }

    @Test func theIssuesPatternAnswersInMilliseconds() throws {
        let linear = try LinearPattern("^(a+)+$")
        let clock = ContinuousClock()
        var result = true
        let elapsed = clock.measure { result = linear.matches(String(repeating: "a", count: 24) + "!") }
        #expect(!result)
        #expect(elapsed < .milliseconds(50), "took \(elapsed)")
    }

    @Test(arguments: [
        ("(a)\\1", "back-references are not supported", 3),
        ("(?<x>a)\\k<x>", "back-references are not supported", 7),
        ("a(?=b)", "look-around is not supported", 1),
        ("a(?!b)", "look-around is not supported", 1),
        ("(?<=a)b", "look-around is not supported", 0),
        ("(?>a+)b", "atomic groups are not supported", 0),
        ("a++", "possessive quantifiers are not supported", 2),
        ("(?i)abc", "inline options and other (?…) groups are not supported", 0),
        ("\\bword", "word boundaries are not supported", 0),
        ("\\p{Han}+", "Unicode property classes are not supported; write the ranges, e.g. [\\u4e00-\\u9fa5]", 0),
        ("[[:digit:]]", "nested and POSIX classes ([[:digit:]]) are not supported", 1),
        ("a{2}{3}", "a quantifier follows another; group the first, as in (a{2}){3}", 4),
        ("a{1001}", "counts above 1000 are not supported", 1),
        ("a{3,2}", "the count {3,2} runs backwards", 1),
        ("(ab", "'(' is not closed", 0),
        ("ab)", "')' closes no group", 2),
        ("*a", "'*' has nothing to repeat", 0),
        ("[z-a]", "the range runs backwards", 2),
        ("[ab", "'[' is not closed", 0),
        ("\\q", "'\\q' is not a supported escape", 0),
        ("(a{1000}){1000}", "the pattern is too large (its counted repeats expand past 20000 steps)", 0),
    ])
    func patternsOutsideTheSubsetAreRefusedWithTheirPlace(pattern: String, message: String, offset: Int) {
        let error = #expect(throws: LinearPattern.SyntaxError.self) { _ = try LinearPattern(pattern) }
        #expect(error?.message == message, "\(pattern)")
        #expect(error?.offset == offset, "\(pattern)")
    }
}
