import Foundation
import RuleEngine

/// What a report needs beyond the `ConformanceReport`: the facts of the cover an inspector signs,
/// the language to speak first, and the shapes the HTML maps draw (`ReportGeometry`).
///
/// The check command builds it once per run; writers stay pure functions of report and context.
public struct ReportContext: Sendable {
    /// 检查人: who inspected the submission (`--inspector`).
    public var inspector: String?
    /// 检查单位: the inspecting organization (`--organization`).
    public var organization: String?
    /// 检查日期, YYYY-MM-DD (`--inspection-date`, else --today / $STDCHECK_TODAY, else today in UTC).
    public var date: String?
    /// The language spoken first (`--lang`): the text report's language.
    public var language: ReportLanguage
    /// The submission's shapes near the findings and the layers' outlines, for the HTML maps; nil when
    /// the writer renders from the report alone (the maps then show only the error geometry).
    public var geometry: ReportGeometry?
    /// The GeoJSON writer's option (`--geojson-crs`): its coordinates in the layers' CRS or in WGS 84.
    /// It changes how the findings are drawn, not what the report says, so it is not in the report.
    public var geojsonCRS: GeoJSONReportWriter.CRS

    public init(
        inspector: String? = nil, organization: String? = nil, date: String? = nil, language: ReportLanguage = .en,
        geometry: ReportGeometry? = nil, geojsonCRS: GeoJSONReportWriter.CRS = .source
    ) {
        self.inspector = inspector
        self.organization = organization
        self.date = date
        self.language = language
        self.geometry = geometry
        self.geojsonCRS = geojsonCRS
    }
}

/// The language a report or message is written in first.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh
    case en

    /// From the POSIX locale variables, in their order of precedence (LC_ALL, LC_MESSAGES, LANG):
    /// `zh…` is Chinese, anything else English.
    public static func fromEnvironment(_ environment: [String: String]) -> ReportLanguage {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}
