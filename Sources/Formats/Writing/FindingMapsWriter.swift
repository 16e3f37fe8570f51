import Foundation
import RuleEngine

/// The listed findings with their maps, one JSON object per line in report order, for the service's
/// submission view: each line has the finding's rule, severity, message, place, key and, for the
/// findings the HTML report maps (the first `ReportGeometry.mapsPerRule` located ones of each rule),
/// `map`: the SVG `HTMLReportWriter.findingMap` draws, byte for byte the report's. One finding per
/// line lets the service page through a large report without parsing all of it.
///
/// Not one of `builtInWriters` (the CLI's `--format` list): the service's check job writes it beside
/// the report files, and its page styles the maps with `HTMLReportWriter.mapStyle`.
public enum FindingMapsWriter: ReportWriter {
    public static let id = "finding-maps"
    public static let fileName = "findings.maps.jsonl"
    public static let summary =
        "The listed findings with their SVG maps, one JSON object per line (the service's view)."

    /// One line of the file.
    public struct Line: Codable, Sendable, Hashable {
        /// 1-based position in the report's list of findings (`#f-<index>` in the HTML report).
        public var index: Int
        public var rule: String
        public var severity: Severity
        public var message: LocalizedText
        /// The place as the text report writes it: file, layer, record, field.
        public var place: String
        public var key: String?
        /// How many other features the finding involves (listed and counted).
        public var related: Int?
        public var map: String?
    }

    public static func render(_ report: ConformanceReport) -> String {
        render(report, context: ReportContext())
    }

    public static func render(_ report: ConformanceReport, context: ReportContext) -> String {
        let mapped = Set(ReportGeometry.mapped(report).map(\.fingerprint))
        var records: [String: Int] = [:]
        for layer in report.layers { records[layer.name, default: 0] += layer.records }
        return report.sample.enumerated().map { index, finding in
            let map =
                mapped.contains(finding.fingerprint)
                ? HTMLReportWriter.findingMap(finding, geometry: context.geometry, records: records) : ""
            let related = (finding.related?.count ?? 0) + (finding.relatedMore ?? 0)
            return JSONReportWriter.encode(
                Line(
                    index: index + 1, rule: finding.rule, severity: finding.severity, message: finding.message,
                    place: TextReportWriter.place(
                        of: finding.location, root: report.input.path, base: report.options.base),
                    key: finding.keyText, related: related > 0 ? related : nil, map: map.isEmpty ? nil : map),
                pretty: false)
        }.joined()
    }
}
