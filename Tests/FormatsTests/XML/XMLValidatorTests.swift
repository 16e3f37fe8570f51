import Foundation
import TestSupport
import Testing

@testable import Formats

/// Hostile and broken XML become findings, never expansions, network access or crashes.
struct XMLValidatorTests {
    func check(_ name: String, schema: String? = "order.xsd", catalog: String? = nil) -> XMLCheckResult {
        XMLValidator.check(
            file: fixture("xml/" + name), display: name, schema: schema.map { fixture("xml/" + $0) },
            catalog: catalog.map { fixture("xml/" + $0) })
    }

    func places(_ result: XMLCheckResult) -> [String] {
        result.findings.map { "\($0.defect.rawValue) \($0.location)" }
    }

    @Test func validDocumentHasNoFinding() {
        let result = check("order-valid.xml")
        #expect(result.verdict == .valid)
        #expect(result.findings.isEmpty)
    }

    @Test func invalidValueIsLocatedByLineAndXPath() throws {
        let result = check("order-invalid.xml")
        #expect(result.verdict == .invalid)
        let finding = try #require(result.findings.first)
        #expect(finding.defect == .xmlSchemaInvalid)
        #expect(finding.location.line == 3)
        #expect(finding.location.xpath == "/order/id")
        #expect(finding.values["reason"]?.contains("'minus one' is not a valid value") == true)
    }

    @Test(arguments: ["order-gb18030.xml"])
    func prologEncodingIsHonoured(name: String) {
        #expect(check(name).verdict == .valid)
    }

    @Test func gbkDocumentIsReadAndValidated() {
        let result = check("order-gbk-invalid.xml")
        #expect(places(result) == ["xml-schema-invalid order-gbk-invalid.xml:3:1"])
    }

    @Test func malformedDocumentGivesLineAndColumn() {
        let result = check("malformed.xml")
        #expect(result.verdict == .notWellFormed)
        #expect(places(result) == ["xml-not-well-formed malformed.xml:5:9"])
    }

    @Test func externalEntityIsAFindingAndNeverRead() {
        let result = check("xxe.xml")
        #expect(result.verdict == .refused)
        #expect(places(result) == ["xml-entity-declared xxe.xml:3:3"])
        #expect(result.findings.first?.values["kind"] == "external")
        #expect(!result.findings.contains { $0.values.values.contains { $0.contains("root:") } })
    }

    @Test func parameterEntityIsAFinding() {
        let result = check("xxe-parameter.xml")
        #expect(places(result) == ["xml-entity-declared xxe-parameter.xml:3:3"])
        #expect(result.findings.first?.values["kind"] == "external parameter")
    }

    @Test func billionLaughsIsRefusedBeforeParsing() {
        let result = check("billion-laughs.xml")
        #expect(result.verdict == .refused)
        #expect(result.findings.count == 9)
        #expect(result.findings.allSatisfy { $0.defect == .xmlEntityDeclared && $0.values["kind"] == "internal" })
    }

    @Test func excessiveNestingIsAFinding() {
        let result = check("deep-nesting.xml")
        #expect(result.verdict == .notWellFormed)
        #expect(result.findings.first?.values["reason"]?.contains("Excessive depth") == true)
    }

    @Test func oversizedDocumentIsNotRead() {
        let result = XMLValidator.check(
            file: fixture("xml/order-valid.xml"), display: "order-valid.xml", limits: XMLLimits(maxBytes: 10))
        #expect(result.verdict == .refused)
        #expect(places(result) == ["xml-too-large order-valid.xml"])
    }

    @Test func remoteImportIsRefusedWithoutTheNetwork() {
        let clock = ContinuousClock()
        var result: XMLCheckResult?
        let elapsed = clock.measure { result = check("remote-import.xml", schema: "remote-import.xsd") }
        #expect(result?.verdict == .schemaError)
        #expect(result?.schemaIssues.contains { $0.message.contains("Attempt to load network entity") } == true)
        // Port 9 (discard) on the loopback: a connection attempt would fail or hang, never finish this fast.
        #expect(elapsed < .seconds(5))
    }

    @Test func catalogResolvesTheRemoteImportOffline() {
        let result = check("remote-import.xml", schema: "remote-import.xsd", catalog: "catalog/catalog.xml")
        #expect(result.verdict == .valid)
    }

    @Test func brokenSchemaIsASchemaError() {
        let errors = XMLValidator.schemaErrors(fixture("xml/schema-broken.xsd"))
        #expect(errors.first?.message.contains("Couldn't find end of Start Tag") == true)
        #expect(check("order-valid.xml", schema: "schema-broken.xsd").verdict == .schemaError)
    }
}
