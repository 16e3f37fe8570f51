/// The outcome of one rule over the submission, after the INSPIRE ETF statuses.
public enum RuleStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Could not be evaluated (its layer could not be read): never a silent pass.
    case error
    /// Findings of severity `error`.
    case failed
    /// Findings of severity `warning`.
    case warning
    /// Evaluated with no finding above `info`.
    case passed
    /// Its layer or field is absent (reported once by another rule), or it had nothing to check.
    case notApplicable = "not-applicable"
    /// Deselected.
    case skipped

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// Aggregation order: error > failed > warning > passed > not-applicable > skipped.
    public static func < (lhs: RuleStatus, rhs: RuleStatus) -> Bool { lhs.rank < rhs.rank }
}

/// Per-rule statistics: what the rule is, how much it checked, and how it came out.
public struct RuleResult: Hashable, Sendable, Codable {
    public var id: String
    public var title: LocalizedText
    public var severity: Severity
    public var clause: String
    public var layer: String?
    public var field: String?
    /// The built-in check the rule configures.
    public var check: String
    public var confidence: Confidence
    /// Where the rule is declared.
    public var source: String
    /// Records (or schemas, for schema rules) it examined.
    public var checked: Int
    /// Findings it raised.
    public var failed: Int
    public var status: RuleStatus
}

/// Whether the submission conforms.
public enum Verdict: String, Sendable, Codable {
    /// No finding of severity `error`, and every rule could be evaluated.
    case conformant
    case nonConformant = "non-conformant"
}

/// One layer as read, for the report's manifest.
public struct LayerSummary: Hashable, Sendable, Codable {
    public var name: String
    public var file: String
    public var format: String
    public var geometryType: String?
    public var records: Int
    public var fields: [FieldDefinition]
    public var encoding: EncodingInfo?
    public var crs: CRSSummary?
    /// The standard's layer it was checked as; nil when the standard has no such layer.
    public var standardLayer: String?
}

/// The CRS facts worth a report line (the WKT itself is left to `stdcheck inspect`).
public struct CRSSummary: Hashable, Sendable, Codable {
    public var name: String?
    public var epsg: Int?
    public var confidence: Int?
}

/// The report: run manifest, per-rule results, findings and verdict. Every output format is rendered from it.
public struct ConformanceReport: Sendable, Codable {
    public struct Tool: Hashable, Sendable, Codable {
        public var name: String
        public var version: String

        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    public struct StandardInfo: Hashable, Sendable, Codable {
        public var id: String
        public var version: String
        public var title: LocalizedText
        public var basis: [String]
        /// sha256 of the pack's files.
        public var packDigest: String
        /// The packs this one extends, nearest first.
        public var extends: [String]?
        /// `given` (by --standard) or `detected`, with the reason for a detection.
        public var selection: String
        public var reason: String?
    }

    public struct Input: Hashable, Sendable, Codable {
        public var path: String
        public var files: [SubmittedFile]
    }

    public struct Options: Hashable, Sendable, Codable {
        public var failOn: String
        /// `--rules`, `--skip-rules` and `--severity`, when any was given.
        public var rules: RuleSelection?
    }

    public struct Summary: Hashable, Sendable, Codable {
        /// Rules per status, every status present.
        public var rules: [String: Int]
        /// Findings per severity, every severity present.
        public var findings: [String: Int]
    }

    /// The report format's version; bumped on any incompatible change.
    public var reportVersion = 1
    public var tool: Tool
    public var standard: StandardInfo
    public var input: Input
    public var options: Options
    public var layers: [LayerSummary]
    public var rules: [RuleResult]
    public var findings: [Finding]
    public var summary: Summary
    public var verdict: Verdict
}
