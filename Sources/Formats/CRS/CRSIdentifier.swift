import CProj
import RuleEngine

/// Identifies the CRS a `.prj` describes, through PROJ's `proj_identify` against the EPSG database.
public enum CRSIdentifier {
    /// The outcome: facts about the CRS, or why PROJ could not parse it.
    public enum Outcome: Sendable {
        case identified(CRSInfo)
        case unparsable(String)
    }

    /// Parses WKT (ESRI WKT1, OGC WKT1 or WKT2) and looks for the best EPSG match.
    public static func identify(wkt: String) -> Outcome {
        let trimmed = wkt.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .unparsable("the file is empty") }
        guard let context = proj_context_create() else { return .unparsable("PROJ could not start") }
        defer { proj_context_destroy(context) }
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, trimmed) else {
            let code = proj_context_errno(context)
            let reason = proj_context_errno_string(context, code).map { String(cString: $0) } ?? "unknown error"
            return .unparsable(reason)
        }
        defer { proj_destroy(crs) }
        guard proj_is_crs(crs) != 0 else {
            return .unparsable("the WKT does not describe a coordinate reference system")
        }
        var info = CRSInfo(wkt: trimmed, name: proj_get_name(crs).map { String(cString: $0) })
        var confidences: UnsafeMutablePointer<Int32>?
        if let matches = proj_identify(context, crs, "EPSG", nil, &confidences) {
            defer {
                proj_list_destroy(matches)
                proj_int_list_destroy(confidences)
            }
            if proj_list_get_count(matches) > 0, let best = proj_list_get(context, matches, 0) {
                defer { proj_destroy(best) }
                if let code = proj_get_id_code(best, 0), let number = Int(String(cString: code)) {
                    info.epsg = number
                    info.confidence = confidences.map { Int($0[0]) }
                }
            }
        }
        return .identified(info)
    }
}
