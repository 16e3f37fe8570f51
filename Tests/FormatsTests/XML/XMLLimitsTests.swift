import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// Documents past `XMLLimits` are refused by a linear pre-scan, with the place of the culprit,
/// before libxml2 (quadratic in the attributes of one element) reads them.
struct XMLLimitsTests {
    /// A document whose element `<big>` (line 3, column 3) has `count` attributes.
    func attributes(_ count: Int) -> Data {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<root>\n  <big"
        text.reserveCapacity(count * 12 + 100)
        for index in 0..<count { text += " a\(index)=\"1\"" }
        text += "/>\n</root>\n"
        return Data(text.utf8)
    }

    @Test func aMillionAttributesOnOneElementAreRefusedFast() throws {
        let data = attributes(1_000_000)
        let clock = ContinuousClock()
        var result: XMLCheckResult?
        let elapsed = clock.measure {
            result = XMLValidator.check(data: data, display: "big.xml", baseURL: "big.xml")
        }
        let found = try #require(result)
        #expect(found.verdict == .refused)
        #expect(found.findings.count == 1)
        let finding = try #require(found.findings.first)
        #expect(finding.defect == .xmlTooLarge)
        #expect("\(finding.location)" == "big.xml:3:3")
        #expect(finding.values["size"] == "1000000")
        #expect(finding.values["limit"] == "1000")
        let message = FormatDefect.xmlTooLarge.descriptor.message.rendered(with: finding.values)
        #expect(message.en == "the attribute count of element <big> is 1000000, over the limit of 1000; not read")
        #expect(message.zh == "元素 <big> 的属性数为 1000000，超过上限 1000，未读取")
        // libxml2 alone takes minutes on this document.
        #expect(elapsed < .seconds(10), "took \(elapsed)")
    }

    @Test func aThousandAttributesAreRead() {
        let result = XMLValidator.check(data: attributes(1_000), display: "big.xml", baseURL: "big.xml")
        #expect(result.verdict == .wellFormed)
        let over = XMLValidator.check(data: attributes(1_001), display: "big.xml", baseURL: "big.xml")
        #expect(over.verdict == .refused)
    }

    @Test func equalsSignsInValuesCommentsCDATAAndInstructionsAreNoAttributes() {
        let text = """
            <?xml version="1.0"?>
            <!DOCTYPE a [ <!ELEMENT a ANY> ]>
            <a x="1=2=3" y='a=b>c'><!-- = = = --><?pi a=b c=d?><![CDATA[ = = ]]><b z="="/></a>
            """
        let result = XMLValidator.check(
            data: Data(text.utf8), display: "a.xml", baseURL: "a.xml", limits: XMLLimits(maxAttributes: 2))
        #expect(result.verdict == .wellFormed, "\(result.findings)")
    }

    @Test func tooManyElementsAreRefusedAtTheFirstElementPastTheLimit() throws {
        let text = "<r>\n" + String(repeating: "<e/>", count: 10) + "\n</r>"
        let limits = XMLLimits(maxElements: 10)
        let result = XMLValidator.check(data: Data(text.utf8), display: "e.xml", baseURL: "e.xml", limits: limits)
        #expect(result.verdict == .refused)
        let finding = try #require(result.findings.first)
        #expect("\(finding.location)" == "e.xml:2:37")
        #expect(finding.values["what-en"] == "the document's element count")
        let fits = XMLValidator.check(
            data: Data(text.utf8), display: "e.xml", baseURL: "e.xml", limits: XMLLimits(maxElements: 11))
        #expect(fits.verdict == .wellFormed)
    }

    @Test func aLongTextNodeIsRefusedAtItsStartCDATAIncluded() throws {
        let text =
            "<r>\n<t>" + String(repeating: "x", count: 60) + "<![CDATA[" + String(repeating: "y", count: 30)
            + "]]></t></r>"
        let result = XMLValidator.check(
            data: Data(text.utf8), display: "t.xml", baseURL: "t.xml", limits: XMLLimits(maxTextBytes: 100))
        #expect(result.verdict == .refused)
        let finding = try #require(result.findings.first)
        #expect("\(finding.location)" == "t.xml:2:4")
        #expect(finding.values["size"] == "102")
        let fits = XMLValidator.check(
            data: Data(text.utf8), display: "t.xml", baseURL: "t.xml", limits: XMLLimits(maxTextBytes: 102))
        #expect(fits.verdict == .wellFormed)
    }

    @Test func aUTF16DocumentIsCountedToo() throws {
        var text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<元素"
        for index in 0..<20 { text += " a\(index)=\"值\"" }
        text += "/>"
        var data = Data([0xFF, 0xFE])
        for unit in text.utf16 { data += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let result = XMLValidator.check(
            data: data, display: "u.xml", baseURL: "u.xml", limits: XMLLimits(maxAttributes: 19))
        #expect(result.verdict == .refused)
        let finding = try #require(result.findings.first)
        #expect("\(finding.location)" == "u.xml:2:1")
        #expect(finding.values["size"] == "20")
        let fits = XMLValidator.check(
            data: data, display: "u.xml", baseURL: "u.xml", limits: XMLLimits(maxAttributes: 20))
        #expect(fits.verdict == .wellFormed, "\(fits.findings)")
    }

    @Test(arguments: ["order-valid.xml", "billion-laughs.xml", "malformed.xml", "order-gb18030.xml"])
    func everyTruncationAndMarkupByteChangeIsScannedWithoutACrash(name: String) throws {
        let original = try Data(contentsOf: URL(fileURLWithPath: fixture("xml/" + name)))
        let limits = XMLLimits(maxAttributes: 1, maxElements: 3, maxTextBytes: 8)
        var refused = 0
        for length in 0...original.count
        where StructureScanner.excess(in: original.prefix(length), limits: limits) != nil {
            refused += 1
        }
        for index in 0..<original.count {
            for byte in Array("<>\"'=/!?[]-".utf8) {
                var changed = original
                changed[index] = byte
                if StructureScanner.excess(in: changed, limits: limits) != nil { refused += 1 }
            }
        }
        // tight limits: most variants of these documents pass one of them
        #expect(refused > 0)
    }

    @Test func theCommandReportsTheFindingAndChecksTheRest() throws {
        let folder = NSTemporaryDirectory() + "stdcheck-attributes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try attributes(1_000_000).write(to: URL(fileURLWithPath: folder + "/big.xml"))
        try Data("<root>\n<broken>\n</root>\n".utf8).write(to: URL(fileURLWithPath: folder + "/other.xml"))
        let run = try runStdcheck(["check", folder, "--standard", "structure@1", "--format", "jsonl"], timeout: 60)
        #expect(run.status == 1, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains("\"rule\":\"xml-too-large\"") && $0.contains("\"line\":3") })
        #expect(lines.contains { $0.contains("\"rule\":\"xml-not-well-formed\"") && $0.contains("other.xml") })
    }
}
