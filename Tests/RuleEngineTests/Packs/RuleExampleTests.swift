import RuleEngine
import TestSupport
import Testing

/// The declared rules of the bundled packs whose examples run without GEOS, PROJ or libxml2
/// (FormatsTests runs the geometry, CRS and XPath rules' examples).
let declaredRules = BundledRule.all { !$0.isDerived && !$0.check.needsGeometryOperations && !$0.isXPath }

/// Every example of every declared rule runs as part of `swift test`, exactly as `stdcheck rules test` runs it.
struct RuleExampleTests {
    @Test(arguments: declaredRules)
    func examplesBehaveAsDeclared(rule: BundledRule) throws {
        let loaded = try rule.loaded.get()
        let failures = ExampleRunner.failures(of: loaded.rule, in: loaded.standard)
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyBundledPackLoadsAndDeclaresRules() throws {
        let directory = packageRoot + "/rules"
        for reference in RulePackLoader.available(in: directory) {
            let standard = try RulePackLoader.load(reference, rulesDirectory: directory)
            #expect(standard.rules.contains { !$0.isDerived }, "\(reference) declares no rule of its own")
        }
        #expect(declaredRules.count == 204)
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
        if case .document(let document) = check { return document.readsDocuments }
        return false
    }
}
