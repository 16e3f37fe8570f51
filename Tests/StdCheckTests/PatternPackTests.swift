import Foundation
import TestSupport
import Testing

/// Pack patterns from provinces and vendors run in linear time, and `rules lint` refuses what cannot.
struct PatternPackTests {
    @Test func rulesLintRefusesABackReferenceAtItsPlace() throws {
        let run = try runStdcheck(["rules", "lint", "badpattern@1", "--rules-dir", "fixtures/packs"])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "fixtures/packs/badpattern/1/layers/T.yaml:6:78: error: pattern '^([0-9])\\1$' is not a pattern "
                + "StdCheck runs (docs/rules.md, Patterns): back-references are not supported (at character 9)\n")
        let check = try runStdcheck([
            "check", "fixtures/sample-county", "--standard", "badpattern@1", "--rules-dir", "fixtures/packs",
        ])
        #expect(check.status == 2, "\(check.stderr)")
    }

    @Test func rulesLintRefusesALookAheadInAPackageNamingPattern() throws {
        let run = try runStdcheck(["rules", "lint", "badnaming@1", "--rules-dir", "fixtures/packs"])
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "fixtures/packs/badnaming/1/rules/package.yaml:9:24: error: pattern '[0-9]{6}(?!tmp).*' is not a "
                + "pattern StdCheck runs (docs/rules.md, Patterns): look-around is not supported (at character 9)\n")
    }

    @Test func aCatastrophicPatternChecksAValueInMilliseconds() throws {
        let base = NSTemporaryDirectory() + "stdcheck-evil-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        let pack = base + "/rules/evil/1"
        try FileManager.default.createDirectory(atPath: pack + "/tables", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: base + "/submission", withIntermediateDirectories: true)
        try """
        schema: 1
        id: evil
        version: "1"
        title: {zh: 回溯, en: backtracking}
        tables: [T]
        """.write(toFile: pack + "/pack.yaml", atomically: true, encoding: .utf8)
        try """
        schema: 1
        name: T
        title: {zh: 表, en: table}
        clause: "test"
        fields:
          - {name: A, title: {zh: 甲, en: a}, type: Char, obligation: M, pattern: '^(a+)+$'}
        """.write(toFile: pack + "/tables/T.yaml", atomically: true, encoding: .utf8)
        // 2^30 ways to split the first value: a backtracking engine does not come back.
        let evil = String(repeating: "a", count: 30) + "!"
        try "A\n\(evil)\naaaa\n".write(toFile: base + "/submission/T.csv", atomically: true, encoding: .utf8)

        let clock = ContinuousClock()
        var run: RunResult?
        let elapsed = try clock.measure {
            run = try runStdcheck(
                [
                    "check", base + "/submission", "--standard", "evil@1", "--rules-dir", base + "/rules", "--format",
                    "jsonl",
                ],
                timeout: 30)
        }
        let result = try #require(run)
        #expect(result.status == 1, "\(result.stderr)")
        let mismatches = result.stdout.split(separator: "\n").filter {
            $0.contains("\"rule\":\"T.A.pattern-mismatch\"")
        }
        #expect(mismatches.count == 1)
        #expect(mismatches.first?.contains("\"record\":1") == true)
        #expect(mismatches.first?.contains(evil) == true)
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }
}
