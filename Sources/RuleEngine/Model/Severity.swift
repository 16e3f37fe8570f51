/// How much a rule's findings weigh: `error` breaks conformance, `warning` asks for a look, `info` only informs.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case error
    case warning
    case info

    /// Rank for sorting, most severe first.
    var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .info: 2
        }
    }

    /// `error` < `warning` < `info`: sorting ascending puts the most severe first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
