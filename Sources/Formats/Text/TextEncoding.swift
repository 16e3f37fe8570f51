import Glibc

/// A text encoding the readers decode with, named as iconv names it.
public struct TextEncoding: Hashable, Sendable {
    /// The iconv name (`GB18030`, `UTF-8`, `CP1252`).
    public var iconvName: String

    public init(iconvName: String) {
        self.iconvName = iconvName
    }

    public static let utf8 = TextEncoding(iconvName: "UTF-8")
    public static let gb18030 = TextEncoding(iconvName: "GB18030")
    public static let latin1 = TextEncoding(iconvName: "ISO-8859-1")

    /// The encoding a `.cpg` names, or nil when the text names none iconv knows.
    ///
    /// Every Chinese GB name (GBK, 936, CP936, GB2312, GB18030) decodes as GB18030, the superset:
    /// iconv's GBK rejects the four-byte sequences real Chinese tables contain.
    public static func fromCPG(_ text: String) -> TextEncoding? {
        var name = text.trimmingWhitespace().uppercased()
        guard !name.isEmpty, name.count <= 40, name.allSatisfy({ $0.isASCII && !$0.isNewline }) else { return nil }
        if name.hasPrefix("ANSI ") { name = String(name.dropFirst(5)) }
        if name.hasPrefix("WINDOWS-") { name = "CP" + name.dropFirst(8) }
        switch name {
        case "UTF-8", "UTF8", "65001": return .utf8
        case "GBK", "936", "CP936", "GB2312", "GB18030", "GB_18030", "EUC-CN", "MS936": return .gb18030
        case "BIG5", "BIG-5", "950", "CP950": return TextEncoding(iconvName: "BIG5")
        case "8859_1", "88591", "ISO-8859-1", "ISO88591", "LATIN1", "28591": return .latin1
        case "SHIFT_JIS", "SJIS", "SHIFTJIS", "932", "CP932": return TextEncoding(iconvName: "CP932")
        case "949", "CP949", "EUC-KR", "EUCKR": return TextEncoding(iconvName: "CP949")
        case "EUC-JP", "EUCJP": return TextEncoding(iconvName: "EUC-JP")
        case "KOI8-R", "KOI8R": return TextEncoding(iconvName: "KOI8-R")
        case "UTF-16", "UTF16": return TextEncoding(iconvName: "UTF-16")
        default: break
        }
        if name.hasPrefix("8859_"), let part = Int(name.dropFirst(5)) { return known("ISO-8859-\(part)") }
        if let number = Int(name) { return known("CP\(number)") }
        return known(name)
    }

    /// The encoding a dBASE language-driver id declares (byte 29), after the table GDAL uses.
    public static func fromLDID(_ ldid: UInt8) -> TextEncoding? {
        let codePage: String? =
            switch ldid {
            case 0x01, 0x09, 0x0B, 0x0D, 0x0F, 0x11, 0x15, 0x18, 0x19, 0x1B: "CP437"
            case 0x02, 0x0A, 0x0E, 0x10, 0x12, 0x14, 0x16, 0x1A, 0x1D, 0x25, 0x37: "CP850"
            case 0x03, 0x58, 0x59: "CP1252"
            case 0x04: "MACINTOSH"
            case 0x08, 0x17, 0x66: "CP865"
            case 0x13, 0x7B: "CP932"
            case 0x1C: "CP863"
            case 0x1F, 0x22, 0x23, 0x40, 0x64, 0x87: "CP852"
            case 0x24: "CP860"
            case 0x26, 0x65: "CP866"
            case 0x4D, 0x7A: "GB18030"
            case 0x4E, 0x79: "CP949"
            case 0x4F, 0x78: "BIG5"
            case 0x50, 0x7C: "CP874"
            case 0x57: "ISO-8859-1"
            case 0x67: "CP861"
            case 0x6A, 0x86: "CP737"
            case 0x6B, 0x88: "CP857"
            case 0xC8: "CP1250"
            case 0xC9: "CP1251"
            case 0xCA: "CP1254"
            case 0xCB: "CP1253"
            case 0xCC: "CP1257"
            default: nil
            }
        return codePage.flatMap(known)
    }

    /// The encoding if iconv can convert from it.
    static func known(_ name: String) -> TextEncoding? {
        let handle = iconv_open("UTF-8", name)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        iconv_close(handle)
        return TextEncoding(iconvName: name)
    }
}
