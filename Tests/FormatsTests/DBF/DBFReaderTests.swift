import Formats
import RuleEngine
import TestSupport
import Testing

struct DBFReaderTests {
    func layer(_ relative: String) throws -> (any Layer, [FormatFinding]) {
        let submission = try SubmissionReader.open(fixture(relative), displayPath: relative)
        return (try #require(submission.layers.first), submission.findings)
    }

    func firstValues(_ layer: any Layer) -> [String?] {
        layer.records().compactMap { try? $0.get() }.first?.values ?? []
    }

    @Test func undeclaredGBKIsAFindingAndDecodesAsGB18030WithoutClaimingGBK() throws {
        let (layer, findings) = try layer("dbf/gbk-undeclared.dbf")
        #expect(layer.format == "dbf")
        #expect(layer.encoding == EncodingInfo(declared: nil, source: .detected, used: "GB18030"))
        #expect(firstValues(layer) == ["简体国语"])
        #expect(findings.map(\.defect) == [.encodingUndeclared])
        #expect(findings.first?.location.description == "gbk-undeclared.dbf:gbk-undeclared")
    }

    @Test func undeclaredValidUTF8DecodesAsUTF8() throws {
        let (layer, findings) = try layer("dbf/utf8-undeclared.dbf")
        #expect(layer.encoding == EncodingInfo(declared: nil, source: .detected, used: "UTF-8"))
        #expect(firstValues(layer) == ["国语國語"])
        #expect(findings.map(\.defect) == [.encodingUndeclared])
    }

    @Test func languageDriver77DecodesGBKFieldNamesAndValues() throws {
        let (layer, findings) = try layer("dbf/chinese-ldid77.dbf")
        #expect(layer.encoding == EncodingInfo(declared: "LDID/77", source: .ldid, used: "GB18030"))
        #expect(layer.schema.fields.map(\.name) == ["中国"])
        #expect(firstValues(layer) == ["中国"])
        // GDAL's test table was written without the 0x1A end-of-file byte.
        #expect(findings.map(\.defect) == [.dbfEOFMarkerMissing])
    }

    @Test func cpgBig5Decodes() throws {
        let (layer, _) = try layer("dbf/big5-cpg.dbf")
        #expect(layer.encoding == EncodingInfo(declared: "Big-5", source: .cpg, used: "BIG5"))
        #expect(firstValues(layer).first == "國語")
    }
}
