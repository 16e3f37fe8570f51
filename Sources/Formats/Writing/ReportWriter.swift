import Foundation
import RuleEngine

/// Renders a conformance report in one output format: a pure function, same report, same bytes.
public protocol ReportWriter: Sendable {
    /// Kebab-case, as accepted by `--format`.
    static var id: String { get }
    /// The file name the writer uses under `--output`.
    static var fileName: String { get }
    /// One sentence for `--help`.
    static var summary: String { get }
    static func render(_ report: ConformanceReport) -> String
    /// Renders with the run's context (cover facts, language, shapes); by default `render(report)`.
    static func render(_ report: ConformanceReport, context: ReportContext) -> String
    /// The files the writer writes under `--output`: by default `fileName` alone.
    static func files(_ report: ConformanceReport, context: ReportContext) -> [(name: String, render: () -> String)]
}

extension ReportWriter {
    public static func render(_ report: ConformanceReport, context: ReportContext) -> String { render(report) }

    public static func files(_ report: ConformanceReport, context: ReportContext) -> [(
        name: String, render: () -> String
    )] {
        [(fileName, { render(report, context: context) })]
    }
}

/// Every writer, in the order `--help` lists them; the first is the default.
public let builtInWriters: [any ReportWriter.Type] = [
    TextReportWriter.self,
    JSONReportWriter.self,
    JSONLinesReportWriter.self,
    HTMLReportWriter.self,
    SARIFReportWriter.self,
    JUnitReportWriter.self,
    GeoJSONReportWriter.self,
    CSVReportWriter.self,
    ISO19157ReportWriter.self,
]

/// The whole report as JSON: keys sorted, two-space indentation, no escaped slashes.
public enum JSONReportWriter: ReportWriter {
    public static let id = "json"
    public static let fileName = "report.json"
    public static let summary =
        "The report as JSON (docs/report.schema.json): manifest, per-rule counts, capped findings, verdict."

    public static func render(_ report: ConformanceReport) -> String {
        encode(report)
    }

    /// Encodes any value the way reports are encoded.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            // Every report type is a plain Codable tree of strings, numbers and arrays.
            preconditionFailure("report encoding failed: \(error)")
        }
    }
}

/// Every finding, one JSON object per line, uncapped: for streaming into other tools.
public enum JSONLinesReportWriter: ReportWriter {
    public static let id = "jsonl"
    public static let fileName = "report.jsonl"
    public static let summary = "Every finding as one JSON object per line, with no cap."

    public static func render(_ report: ConformanceReport) -> String {
        report.findings.map { encode($0) }.joined()
    }

    private static func encode(_ finding: Finding) -> String {
        JSONReportWriter.encode(finding, pretty: false)
    }
}

extension ConformanceReport {
    /// The layer instance a finding is located in: the one of its layer name read from its file, or
    /// from the file its sidecar belongs to (a `.prj` beside the `.shp`); else the first of that name.
    func layer(of finding: Finding) -> LayerSummary? {
        guard let name = finding.location.layer else { return nil }
        let named = layers.filter { $0.name == name }
        guard named.count > 1 else { return named.first }
        func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }
        return named.first { $0.file == finding.location.file }
            ?? named.first { stem($0.file) == stem(finding.location.file) } ?? named.first
    }
}
