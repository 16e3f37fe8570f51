import RuleEngine

/// Every finding as a CSV row (RFC 4180, CRLF), UTF-8 with a byte-order mark so Excel keeps the Chinese,
/// under a header row in Chinese and English.
///
/// Codes stay text in a spreadsheet: a field of digits that Excel would turn into a number and
/// spoil (a 19-digit ZLDWDM becomes `1.30123E+18`, `0101` becomes `101`) is written as the formula
/// `="…"`, which Excel and LibreOffice evaluate to the text itself. With the run's shapes
/// (`ReportGeometry`) each finding also carries its township and village, and `report-areas.csv`
/// holds the area tables (面积汇总) and the DCMJ checks.
public enum CSVReportWriter: ReportWriter {
    public static let id = "csv"
    public static let fileName = "report.csv"
    public static let areasFileName = "report-areas.csv"
    public static let summary =
        "Every finding as a CSV row, UTF-8 with a BOM, Chinese and English headers, codes kept as text in Excel; report-areas.csv."

    static let header = [
        "规则 rule", "严重性 severity", "质量元素 quality_element", "文件 file", "图层 layer", "记录 record", "字段 field",
        "要素 key", "值 value", "问题 message_zh", "问题（英文） message_en", "x", "y", "指纹 fingerprint", "基线 baseline",
        "豁免 waiver", "乡镇 township", "村 village",
    ]

    public static func render(_ report: ConformanceReport) -> String {
        render(report, context: ReportContext())
    }

    public static func render(_ report: ConformanceReport, context: ReportContext) -> String {
        let elements = Dictionary(
            report.rules.map { ($0.id, $0.qualityElement.rawValue) }, uniquingKeysWith: { a, _ in a })
        var rows = [header.map(quote)]
        for finding in report.findings {
            let point = finding.geometry?.points.first
            let place = context.geometry?.places[finding.fingerprint]
            rows.append(
                [
                    finding.rule, finding.severity.rawValue, elements[finding.rule] ?? "", finding.location.file,
                    finding.location.layer ?? "", finding.location.record.map(String.init) ?? "",
                    finding.location.field ?? "", finding.keyText ?? "",
                ].map(quote) + [code(finding.value ?? "")]
                    + [
                        finding.message.zh, finding.message.en, point.map { "\($0[0])" } ?? "",
                        point.map { "\($0[1])" } ?? "", finding.fingerprint, finding.baseline?.rawValue ?? "",
                        finding.waiver?.reason ?? "",
                    ].map(quote) + [code(place?.township ?? ""), code(place?.village ?? "")])
        }
        return table(rows)
    }

    public static func files(_ report: ConformanceReport, context: ReportContext) -> [(
        name: String, render: () -> String
    )] {
        var files: [(name: String, render: () -> String)] = [(fileName, { render(report, context: context) })]
        if let areas = context.geometry?.areas, !areas.isEmpty {
            files.append((areasFileName, { renderAreas(areas) }))
        }
        return files
    }

    /// The area tables as one CSV: per township the area by first-level class (DLBM's first two
    /// characters), by second-level class (DLBM), the total, and the declared DCMJ of XZQ and CJDCQ
    /// against the parcels.
    public static func renderAreas(_ areas: ReportGeometry.Areas) -> String {
        var rows = [
            ["表 table", "乡镇 township", "代码 code", "地类 class", "面积 area", "图斑合计 parcels", "差值 difference", "结果 result"]
                .map(quote)
        ]
        func number(_ value: Double) -> String { HTMLReportWriter.area(value) }
        let firstLevel = AreaTables.firstLevel(areas)
        for township in firstLevel.keys.sorted() {
            for (level, area) in firstLevel[township]!.sorted(by: { $0.key < $1.key }) {
                rows.append([quote("一级地类 first-level"), code(township), "", code(level), number(area), "", "", ""])
            }
            for (dlbm, area) in areas.byClass[township]!.sorted(by: { $0.key < $1.key }) {
                rows.append([quote("二级地类 second-level"), code(township), "", code(dlbm), number(area), "", "", ""])
            }
            rows.append([
                quote("合计 total"), code(township), "", "", number(areas.byTownship[township] ?? 0), "", "", "",
            ])
        }
        for check in AreaTables.checks(areas) {
            rows.append([
                quote("\(check.layer).DCMJ"), code(String(check.code.prefix(9))), code(check.code), "",
                number(check.declared), number(check.parcels), number(check.declared - check.parcels),
                check.agrees ? "agrees" : "differs",
            ])
        }
        return table(rows)
    }

    private static func table(_ rows: [[String]]) -> String {
        "\u{FEFF}" + rows.map { $0.joined(separator: ",") + "\r\n" }.joined()
    }

    /// A code field: digits that a spreadsheet would read as a number losing digits or leading zeros
    /// (12 digits or more, or a leading zero) become `="…"`; anything else is quoted as usual.
    static func code(_ field: String) -> String {
        let digits = !field.isEmpty && field.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        guard digits, field.utf8.count >= 12 || (field.utf8.count > 1 && field.hasPrefix("0")) else {
            return quote(field)
        }
        return "\"=\"\"\(field)\"\"\""
    }

    /// Quotes a field when it holds a comma, a quote or a line break, doubling inner quotes.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
