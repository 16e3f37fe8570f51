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
}

/// Every writer, in the order `--help` lists them; the first is the default.
public let builtInWriters: [any ReportWriter.Type] = [
    TextReportWriter.self,
    JSONReportWriter.self,
]

/// The whole report as JSON: keys sorted, two-space indentation, no escaped slashes.
public enum JSONReportWriter: ReportWriter {
    public static let id = "json"
    public static let fileName = "report.json"
    public static let summary = "The whole report as JSON, the source every other format is rendered from."

    public static func render(_ report: ConformanceReport) -> String {
        encode(report)
    }

    /// Encodes any value the way reports are encoded.
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            // Every report type is a plain Codable tree of strings, numbers and arrays.
            preconditionFailure("report encoding failed: \(error)")
        }
    }
}
