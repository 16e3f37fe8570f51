import RuleEngine
import TestSupport
import Testing

/// A declared rule of a bundled pack, for the parameterized example test.
struct PackRule: Sendable, CustomTestStringConvertible {
    var standard: Standard
    var rule: Rule

    var testDescription: String { "\(standard.reference) \(rule.id)" }

    static let all: [PackRule] = {
        let directory = packageRoot + "/rules"
        return RulePackLoader.available(in: directory).flatMap { reference -> [PackRule] in
            guard let standard = try? RulePackLoader.load(reference, rulesDirectory: directory) else { return [] }
            // geometry and CRS rules need GEOS and PROJ, XPath rules libxml2: FormatsTests runs their examples
            return standard.rules.filter { !$0.isDerived && !$0.check.needsGeometryOperations && !$0.isXPath }.map {
                PackRule(standard: standard, rule: $0)
            }
        }
    }()
}

/// Every example of every declared rule runs as part of `swift test`, exactly as `stdcheck rules test` runs it.
struct RuleExampleTests {
    @Test(arguments: PackRule.all)
    func examplesBehaveAsDeclared(rule: PackRule) {
        let failures = ExampleRunner.failures(of: rule.rule, in: rule.standard)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyBundledPackLoadsAndDeclaresRules() throws {
        let directory = packageRoot + "/rules"
        for reference in RulePackLoader.available(in: directory) {
            let standard = try RulePackLoader.load(reference, rulesDirectory: directory)
            #expect(standard.rules.contains { !$0.isDerived }, "\(reference) declares no rule of its own")
        }
        #expect(PackRule.all.count >= 9)
    }

    @Test func aWrongExpectationIsReportedAtTheExamplesLine() throws {
        let directory = packageRoot + "/fixtures/packs"
        let standard = try RulePackLoader.load("wrongexample@1", rulesDirectory: directory)
        let rule = try #require(standard.rules.first { $0.id == "T.A-required" })
        let failures = ExampleRunner.failures(of: rule, in: standard)
        #expect(
            failures.map(\.description) == [
                "\(directory)/wrongexample/1/rules/t.yaml:16:11: error: example of 'T.A-required' expected findings at [T#1.A] but got [T#2.A]"
            ])
    }
}

extension Rule {
    /// XPath and metadata rules read XML, which only the Formats module can.
    var isXPath: Bool {
        switch check {
        case .xpath, .metadata: true
        default: false
        }
    }
}
