import RuleEngine
import Testing

/// The Regex-free matcher must agree with Swift `Regex` whole-value matching wherever it applies.
struct SimplePatternTests {
    @Test(arguments: [
        (
            "^[0-9]{19}$",
            ["1301231010010000000", "130123101001000000", "13012310100100000000", "130123101001000000a", ""]
        ),
        ("[0-9]{1,8}", ["1", "12345678", "123456789", "", "12a"]),
        ("[A-Z]{2}[0-9]*", ["TT", "PD12", "T1", "tt", "TT1x"]),
        ("\\d{4}-\\d{2}", ["2019-01", "2019-1", "201a-01"]),
        ("[^0-9]+", ["abc", "a1", ""]),
        ("0[1-3]0[1-3]?", ["0101", "010", "0104", "02"]),
        ("a.c", ["abc", "a-c", "ac", "abbc"]),
        ("[0-9]{2,}", ["1", "12", "123456"]),
        ("水.?田", ["水田", "水浇田", "水"]),
    ])
    func agreesWithRegex(pattern: String, samples: [String]) throws {
        let simple = try #require(SimplePattern(pattern))
        let regex = try Regex(pattern)
        for sample in samples {
            #expect(simple.matches(sample) == ((try? regex.wholeMatch(in: sample)) != nil), "\(pattern) on '\(sample)'")
        }
    }

    @Test(arguments: ["(ab)+", "a|b", "a{2}{3}", "\\bword", "[[:digit:]]", "a+?"])
    func leavesOtherPatternsToRegex(pattern: String) {
        #expect(SimplePattern(pattern) == nil)
    }
}
