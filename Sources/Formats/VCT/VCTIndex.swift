import Foundation
import RuleEngine

/// The sections a VCT file may hold (GB/T 17798-2007 and the land-use derivative), by keyword.
enum VCTSection: String, CaseIterable {
    case head = "HEAD"
    case comment = "COMMENT"
    case featureCode = "FEATURECODE"
    case tableStructure = "TABLESTRUCTURE"
    case point = "POINT"
    case line = "LINE"
    case polygon = "POLYGON"
    case solid = "SOLID"
    case aggregation = "AGGREGATION"
    case annotation = "ANNOTATION"
    case topology = "TOPOLOGY"
    case attribute = "ATTRIBUTE"
    case style = "STYLE"

    /// The name as written in the file (`FeatureCodeBegin` …).
    var written: String {
        switch self {
        case .head: "Head"
        case .comment: "Comment"
        case .featureCode: "FeatureCode"
        case .tableStructure: "TableStructure"
        case .point: "Point"
        case .line: "Line"
        case .polygon: "Polygon"
        case .solid: "Solid"
        case .aggregation: "Aggregation"
        case .annotation: "Annotation"
        case .topology: "Topology"
        case .attribute: "Attribute"
        case .style: "Style"
        }
    }
}

/// A geometry record's place: its first byte and line, its BSM and 要素代码.
struct VCTEntry {
    var offset: Int
    var line: Int32
    var bsm: Int64
    var code: Int64
}

/// What one pass over the file found: sections, the raw lines of the small sections, and every
/// geometry record and attribute row by offset. Nothing here grows with the coordinates.
struct VCTScan {
    var sections: [VCTSection: (begin: Int, end: Int?)] = [:]
    var headLines: [VCTLine] = []
    var featureCodeLines: [VCTLine] = []
    var structureLines: [VCTLine] = []
    var points: [VCTEntry] = []
    var lines: [VCTEntry] = []
    var polygons: [VCTEntry] = []
    var annotations: [VCTEntry] = []
    /// Attribute rows by table (raw name bytes), in file order: (BSM, offset of the row's line, line).
    var rows: [[UInt8]: [VCTEntry]] = [:]
    var tableOrder: [[UInt8]] = []
    var tableLines: [[UInt8]: Int] = [:]
    var findings: [(line: Int, defect: FormatDefect, values: [String: String])] = []
    var utf8 = UTF8Check()
    var byteOrderMark = false
    var version: String?
    var separator: UInt8 = 0x2C

    /// The head's `Version:` and `Separator:` read from the raw head lines (both ASCII).
    mutating func readHeadEssentials(_ bytes: VCTBytes) {
        for line in headLines {
            let text = bytes.ascii(line.start..<line.end)
            guard let colon = text.firstIndex(where: { $0 == ":" || $0 == "：" }) else { continue }
            let key = text[..<colon].trimmingCharacters(in: .whitespaces).uppercased()
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if key == "VERSION" { version = value }
            if key == "SEPARATOR", let byte = value.utf8.first, value.utf8.count == 1 { separator = byte }
        }
    }

    /// One pass over every line.
    static func scan(_ bytes: VCTBytes) -> VCTScan {
        var scan = VCTScan()
        scan.byteOrderMark = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
        var cursor = VCTCursor(bytes: bytes, from: 0)
        var section: VCTSection?
        var unknownSection: String?
        var table: [UInt8]?
        var stray: (line: Int, count: Int)?
        var nextRelease = 1 << 26
        func finding(_ line: Int, _ defect: FormatDefect, _ values: [String: String]) {
            scan.findings.append((line, defect, values))
        }
        var saved = cursor
        while let line = cursor.next() {
            defer { saved = cursor }
            scan.utf8.feed(bytes, line.start..<line.end)
            if line.lineStart >= nextRelease {
                bytes.release()
                nextRelease = line.lineStart + (1 << 26)
            }
            if line.isEmpty { continue }
            let word = bytes.keyword(line)
            if let name = unknownSection {
                if word == name + "END" { unknownSection = nil }
                continue
            }
            guard let current = section else {
                if let word, word.hasSuffix("BEGIN"), word.count > 5 {
                    let name = String(word.dropLast(5))
                    if let known = VCTSection(rawValue: name) {
                        if scan.sections[known] != nil {
                            finding(line.number, .vctRecordMalformed, ["reason": "a second \(known.written)Begin"])
                        }
                        scan.sections[known] = (line.number, nil)
                        section = known
                        if known == .line || known == .polygon || known == .point || known == .annotation {
                            if scan.version == nil { scan.readHeadEssentials(bytes) }
                        }
                    } else {
                        unknownSection = name
                        finding(line.number, .vctRecordMalformed, ["reason": "unknown section \(name)Begin; skipped"])
                    }
                } else {
                    stray = (stray?.line ?? line.number, (stray?.count ?? 0) + 1)
                }
                continue
            }
            // a section that opens before the current one ends: the current one lacks its End
            if let word, word.hasSuffix("BEGIN"), let next = VCTSection(rawValue: String(word.dropLast(5))) {
                scan.findings.append(
                    (
                        scan.sections[current]!.begin, .vctSectionMissing,
                        [
                            "section": current.written + "End",
                            "reason":
                                "\(current.written)Begin has no \(current.written)End before \(next.written)Begin",
                        ]
                    ))
                section = nil
                table = nil
                if current == .head { scan.readHeadEssentials(bytes) }
                cursor = saved
                continue
            }
            if word == current.rawValue + "END" {
                scan.sections[current]?.end = line.number
                section = nil
                table = nil
                if current == .head { scan.readHeadEssentials(bytes) }
                continue
            }
            switch current {
            case .head: scan.headLines.append(line)
            case .featureCode: scan.featureCodeLines.append(line)
            case .tableStructure: scan.structureLines.append(line)
            case .point, .line, .polygon, .annotation:
                if bytes.isZero(line) { continue }
                var parser = VCTRecordParser(
                    bytes: bytes, legacy: scan.version == "2.0", cursor: cursor, decode: false)
                do throws(VCTRecordParser.Failure) {
                    let feature: VCTRecordParser.Feature
                    switch current {
                    case .point: feature = try parser.point(line)
                    case .line: feature = try parser.line(line)
                    case .polygon: feature = try parser.polygon(line)
                    default: feature = try parser.annotation(line)
                    }
                    let entry = VCTEntry(
                        offset: line.lineStart, line: Int32(truncatingIfNeeded: line.number), bsm: feature.bsm,
                        code: feature.code ?? -1)
                    switch current {
                    case .point: scan.points.append(entry)
                    case .line: scan.lines.append(entry)
                    case .polygon: scan.polygons.append(entry)
                    default: scan.annotations.append(entry)
                    }
                } catch {
                    finding(
                        error.line, .vctRecordMalformed,
                        ["reason": "\(current.written) record at line \(line.number): \(error.reason)"])
                    parser.resynchronize()
                }
                cursor = parser.cursor
            case .attribute:
                if word == "TABLEEND" {
                    table = nil
                    continue
                }
                guard let name = table else {
                    let raw = bytes.data(line.start..<line.end)
                    table = raw
                    if scan.rows[raw] == nil {
                        scan.rows[raw] = []
                        scan.tableOrder.append(raw)
                        scan.tableLines[raw] = line.number
                    }
                    continue
                }
                let end = memchrRange(bytes, line, scan.separator)
                guard let bsm = bytes.integer(line.start..<end) else {
                    finding(
                        line.number, .vctRecordMalformed,
                        [
                            "reason":
                                "an attribute row starts with its BSM, not '\(bytes.ascii(line.start..<min(end, line.start + 40)))'"
                        ])
                    continue
                }
                scan.rows[name]!.append(
                    VCTEntry(offset: line.lineStart, line: Int32(truncatingIfNeeded: line.number), bsm: bsm, code: 0))
            default:
                continue
            }
        }
        if let section {
            scan.findings.append(
                (
                    scan.sections[section]!.begin, .vctSectionMissing,
                    [
                        "section": section.written + "End",
                        "reason": "\(section.written)Begin has no \(section.written)End",
                    ]
                ))
        }
        if let stray {
            let lines = stray.count == 1 ? "1 line" : "\(stray.count) lines"
            finding(stray.line, .vctRecordMalformed, ["reason": "\(lines) outside any section"])
        }
        bytes.release()
        return scan
    }

    /// The end of a row's first field (the separator's offset, or the line's end).
    private static func memchrRange(_ bytes: VCTBytes, _ line: VCTLine, _ separator: UInt8) -> Int {
        var index = line.start
        while index < line.end, bytes[index] != separator { index += 1 }
        while index > line.start, VCTCursor.isBlank(bytes[index - 1]) { index -= 1 }
        return index
    }
}
