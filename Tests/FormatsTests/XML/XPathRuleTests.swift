import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// XPath rules, evaluated with libxml2: every pack's XPath examples, and the evaluator's places.
struct XPathRuleTests {
    static let xpathRules = BundledRule.all { rule in
        if case .document(let document) = rule.check { return document.readsDocuments }
        return false
    }

    @Test(arguments: xpathRules)
    func examplesBehaveAsDeclared(rule: BundledRule) throws {
        let loaded = try rule.loaded.get()
        let failures = ExampleRunner.failures(
            of: loaded.rule, in: loaded.standard, evaluator: LibXML2XPathEvaluator(),
            geographic: ProjGeographicTransformer())
        #expect(failures.isEmpty, "\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyPackWithDocumentsHasXPathRules() {
        let packs = Set(Self.xpathRules.compactMap { try? $0.loaded.get().standard.id })
        #expect(packs.isSuperset(of: ["bdcjr", "bpbp", "iso19139"]))
    }

    let rule = XPathAssertCheck(
        document: "**/*.xml", context: "//m:Parcel", assert: "m:Area > 0", namespaces: ["m": "urn:example"])

    @Test func failingContextsAreLocatedByLineAndPath() {
        let outcome = LibXML2XPathEvaluator().evaluate(
            rule,
            in: .text(
                """
                <m:Set xmlns:m="urn:example">
                  <m:Parcel><m:Area>3</m:Area></m:Parcel>
                  <m:Parcel><m:Area>0</m:Area></m:Parcel>
                </m:Set>
                """))
        #expect(outcome.error == nil)
        #expect(outcome.contexts == 2)
        #expect(outcome.failures.map { "\($0.line) \($0.xpath)" } == ["3 /m:Set/m:Parcel[2]"])
    }

    @Test func aBrokenExpressionIsAnErrorNotAPass() {
        var broken = rule
        broken.assert = "m:Area >"
        let outcome = LibXML2XPathEvaluator().evaluate(
            broken, in: .text("<m:Set xmlns:m='urn:example'><m:Parcel/></m:Set>"))
        #expect(outcome.error?.hasPrefix("assert 'm:Area >'") == true)
    }

    @Test func aHostileDocumentIsNotEvaluated() {
        let outcome = LibXML2XPathEvaluator().evaluate(rule, in: .path(fixture("xml/billion-laughs.xml")))
        #expect(outcome.error != nil)
        #expect(outcome.contexts == 0)
    }
}
