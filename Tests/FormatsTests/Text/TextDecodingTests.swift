import Testing

@testable import Formats

struct TextDecodingTests {
    func decode(_ bytes: [UInt8], _ encoding: TextEncoding) -> TextDecoder.Decoded {
        bytes.withUnsafeBytes { TextDecoder(encoding).decode($0) }
    }

    @Test func gbkTextDecodesThroughGB18030() {
        // 村 = B4 E5, 水田 = CB AE CC EF in GBK
        let decoded = decode([0xB4, 0xE5, 0x20, 0xCB, 0xAE, 0xCC, 0xEF], .gb18030)
        #expect(decoded.text == "村 水田")
        #expect(decoded.badOffset == nil)
    }

    @Test func fourByteGB18030SequenceDecodes() {
        // U+20000 𠀀 is 95 32 82 36 in GB18030, which iconv's GBK rejects.
        let decoded = decode([0x95, 0x32, 0x82, 0x36], .gb18030)
        #expect(decoded.text == "\u{20000}")
        #expect(decoded.badOffset == nil)
    }

    @Test func loneEuroByteFallsBackToGBK() {
        let decoded = decode([0x41, 0x80], .gb18030)
        #expect(decoded.text == "A€")
        #expect(decoded.badOffset == nil)
    }

    @Test func invalidGBBytesReportTheirOffset() {
        // B4 is a lead byte; 0x20 cannot follow it.
        let decoded = decode([0x41, 0x42, 0xB4, 0x20, 0x43], .gb18030)
        #expect(decoded.badOffset == 2)
        #expect(decoded.text.hasPrefix("AB\u{FFFD}"))
        #expect(decoded.text.hasSuffix("C"))
    }

    @Test func invalidUTF8ReportsItsOffset() {
        let decoded = decode([0x61, 0xE4, 0xB8, 0xAD, 0xFF, 0x62], .utf8)
        #expect(decoded.badOffset == 4)
        #expect(decoded.text.hasPrefix("a中\u{FFFD}"))
    }

    @Test(arguments: [
        ("GBK", "GB18030"), ("936", "GB18030"), ("cp936", "GB18030"), ("GB2312", "GB18030"), (" UTF-8\n", "UTF-8"),
        ("utf8", "UTF-8"), ("Big-5", "BIG5"), ("ANSI 1250", "CP1250"), ("1252", "CP1252"), ("8859_1", "ISO-8859-1"),
        ("windows-1251", "CP1251"), ("latin2", "LATIN2"),
    ])
    func cpgNamesMapToDecoders(cpg: String, iconvName: String) {
        #expect(TextEncoding.fromCPG(cpg)?.iconvName == iconvName)
    }

    @Test func unknownOrHostileCPGTextMapsToNothing() {
        #expect(TextEncoding.fromCPG("<!DOCTYPE html><html><head>") == nil)
        #expect(TextEncoding.fromCPG("not-an-encoding") == nil)
        #expect(TextEncoding.fromCPG("") == nil)
    }

    @Test(arguments: [
        (UInt8(0x4D), "GB18030"), (0x7A, "GB18030"), (0x57, "ISO-8859-1"), (0x03, "CP1252"), (0xC9, "CP1251"),
    ])
    func languageDriverBytesMapToDecoders(ldid: UInt8, iconvName: String) {
        #expect(TextEncoding.fromLDID(ldid)?.iconvName == iconvName)
    }
}
