import RuleEngine

/// Every finding as a CSV row (RFC 4180, CRLF), UTF-8 with a byte-order mark so Excel keeps the Chinese.
public enum CSVReportWriter: ReportWriter {
    public static let id = "csv"
    public static let fileName = "report.csv"
    public static let summary = "Every finding as a CSV row, UTF-8 with a BOM so that Excel opens the Chinese intact."

    static let header = [
        "rule", "severity", "quality_element", "file", "layer", "record", "field", "key", "value", "message_zh",
        "message_en", "x", "y", "fingerprint", "baseline", "waiver",
    ]

    public static func render(_ report: ConformanceReport) -> String {
        let elements = Dictionary(
            report.rules.map { ($0.id, $0.qualityElement.rawValue) }, uniquingKeysWith: { a, _ in a })
        var rows = [header]
        for finding in report.findings {
            let point = finding.geometry?.points.first
            rows.append([
                finding.rule, finding.severity.rawValue, elements[finding.rule] ?? "", finding.location.file,
                finding.location.layer ?? "", finding.location.record.map(String.init) ?? "",
                finding.location.field ?? "", finding.keyText ?? "", finding.value ?? "", finding.message.zh,
                finding.message.en, point.map { "\($0[0])" } ?? "", point.map { "\($0[1])" } ?? "",
                finding.fingerprint, finding.baseline?.rawValue ?? "", finding.waiver?.reason ?? "",
            ])
        }
        return "\u{FEFF}" + rows.map { $0.map(quote).joined(separator: ",") + "\r\n" }.joined()
    }

    /// Quotes a field when it holds a comma, a quote or a line break, doubling inner quotes.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
