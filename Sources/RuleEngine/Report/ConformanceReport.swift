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
    /// The ISO 19157 quality element its findings belong to.
    public var qualityElement: QualityElement
    /// True when the JSON report lists only the first `--max-findings-per-rule` of its findings.
    public var truncated: Bool

    public init(
        id: String, title: LocalizedText, severity: Severity, clause: String, layer: String?, field: String?,
        check: String, confidence: Confidence, source: String, checked: Int, failed: Int, status: RuleStatus,
        qualityElement: QualityElement? = nil, truncated: Bool = false
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.clause = clause
        self.layer = layer
        self.field = field
        self.check = check
        self.confidence = confidence
        self.source = source
        self.checked = checked
        self.failed = failed
        self.status = status
        self.qualityElement = qualityElement ?? QualityElement.of(check: check)
        self.truncated = truncated
    }
}

/// Whether the submission conforms, or could not be judged.
public enum Verdict: String, Sendable, Codable {
    /// Everything was read, every rule could be evaluated, and no finding has severity `error`.
    case conformant
    /// Everything was read and applied, and a finding has severity `error`.
    case nonConformant = "non-conformant"
    /// Something the standard asks for could not be read or applied (an empty submission, no data of
    /// the standard, a member in a format StdCheck does not read, an unreadable file or folder, a
    /// required layer absent, a rule that could not be evaluated): never a pass.
    case notChecked = "not-checked"
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
    /// The bounding box of the shapes read, `[minX, minY, maxX, maxY]` in the layer's CRS; nil without shapes.
    public var extent: [Double]?
    /// How the reader read the layer where that shapes what the rules saw (`Layer.readingNotes`:
    /// GDAL's curve linearisation); nil when it says nothing.
    public var reading: [String: String]? = nil
}

/// The CRS facts worth a report line (the WKT itself is left to `stdcheck inspect`).
public struct CRSSummary: Hashable, Sendable, Codable {
    public var name: String?
    public var epsg: Int?
    public var confidence: Int?
}

/// The report: run manifest, per-rule results, findings and verdict. Every output format is rendered from it.
///
/// `findings` holds every finding and is what JSONL, SARIF, CSV and GeoJSON render; the JSON
/// report encodes `sample` under the key `findings`: the first `maxFindingsPerRule` of each rule.
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
        /// The rules search path the standard was looked up on, in order (folders as given, or relative to
        /// the working directory when beneath it); absent when no pack was looked up.
        public var searchPath: [String]?
    }

    public struct Input: Hashable, Sendable, Codable {
        public var path: String
        public var files: [SubmittedFile]
    }

    public struct Options: Hashable, Sendable, Codable {
        public var failOn: String
        /// Findings listed per rule in the JSON report; 0 lists them all.
        public var maxFindingsPerRule: Int
        /// The baseline report, as given on the command line.
        public var baseline: String?
        /// The waivers file, as given on the command line.
        public var waivers: String?
        /// The date waivers were judged against (YYYY-MM-DD), when there are waivers.
        public var today: String?
        /// `--rules`, `--skip-rules` and `--severity`, when any was given.
        public var rules: RuleSelection?
        /// The base dataset (`--base`) the submission was compared with, as given on the command line.
        public var base: String?
        /// The other standards' datasets (`--with id@version=PATH`), by `id@version`, as given.
        public var with: [String: String]?

        public init(
            failOn: String, maxFindingsPerRule: Int = 0, baseline: String? = nil, waivers: String? = nil,
            today: String? = nil, rules: RuleSelection? = nil
        ) {
            self.rules = rules
            self.failOn = failOn
            self.maxFindingsPerRule = maxFindingsPerRule
            self.baseline = baseline
            self.waivers = waivers
            self.today = today
        }
    }

    /// Counts for one group of rules: a quality element or a layer.
    public struct Group: Hashable, Sendable, Codable {
        /// The element id (`domain-consistency`) or layer name; `_files` for the rules over the files.
        public var name: String
        public var title: LocalizedText
        public var rules: Int
        /// Rules that raised at least one finding.
        public var rulesWithFindings: Int
        public var findings: Int
        /// The worst rule status of the group (error > failed > warning > passed > not-applicable > skipped).
        public var status: RuleStatus
    }

    public struct Summary: Hashable, Sendable, Codable {
        /// Rules per status, every status present.
        public var rules: [String: Int]
        /// Findings per severity, every severity present.
        public var findings: [String: Int]
        /// Per ISO 19157 quality element that any rule names, in the standard's element order.
        public var byQualityElement: [Group]
        /// Per layer of the standard, in pack order, then `_files` for the format rules.
        public var byLayer: [Group]
        /// Findings a waiver accepts.
        public var waived: Int
    }

    /// How this run compares with a previous report's fingerprints.
    public struct BaselineSummary: Hashable, Sendable, Codable {
        /// Findings the baseline did not have.
        public var new: Int
        /// Findings the baseline had too.
        public var unchanged: Int
        /// Baseline findings this run no longer has.
        public var fixed: Int

        public init(new: Int, unchanged: Int, fixed: Int) {
            self.new = new
            self.unchanged = unchanged
            self.fixed = fixed
        }
    }

    /// What decides the exit status: findings at or above `failOn`, not waived, and new when there is a baseline.
    public struct Gate: Hashable, Sendable, Codable {
        public var failOn: String
        /// Findings that fail the gate, plus rules that could not be evaluated.
        public var failing: Int
        public var passed: Bool
    }

    /// The report format's version; bumped on any incompatible change (`docs/report.schema.json`).
    /// 3: the verdict `not-checked`.
    public var reportVersion = 3
    public var tool: Tool
    public var standard: StandardInfo
    public var input: Input
    public var options: Options
    public var layers: [LayerSummary]
    public var rules: [RuleResult]
    /// Every finding, sorted. Not encoded: the JSON report has `sample`.
    public var findings: [Finding] = []
    /// The findings the JSON report lists: per rule, the first `options.maxFindingsPerRule`.
    public var sample: [Finding] = []
    public var summary: Summary
    public var baseline: BaselineSummary?
    /// The baseline's findings this run no longer has, one line each, sorted (not encoded: the text report lists them).
    public var fixedFindings: [String] = []
    public var gate: Gate
    public var verdict: Verdict
    /// Without `--base`: how many rules name a layer of the base dataset (`base.DLTB`) and were
    /// therefore not applicable; absent with `--base` or when no rule needs it.
    public var rulesNeedingBase: Int?
    /// Per other standard (`gtdc@2020`) whose dataset was not given with `--with`: how many rules read
    /// its layers and were therefore not applicable (or not evaluated); absent when none is missing.
    public var rulesNeedingWith: [String: Int]?
    /// With `--base` and a `change-summary:` rule: what the base database becomes after the update, per
    /// township and first-level class.
    public var changeSummary: ChangeSummary?

    private enum CodingKeys: String, CodingKey {
        case reportVersion, tool, standard, input, options, layers, rules, summary, baseline, gate, verdict
        case rulesNeedingBase, rulesNeedingWith, changeSummary
        case sample = "findings"
    }

    public init(
        tool: Tool, standard: StandardInfo, input: Input, options: Options, layers: [LayerSummary],
        rules: [RuleResult], findings: [Finding], layerOrder: [String]
    ) {
        self.tool = tool
        self.standard = standard
        self.input = input
        self.options = options
        self.layers = layers
        self.rules = rules
        self.findings = findings
        self.layerOrder = layerOrder
        summary = Summary(rules: [:], findings: [:], byQualityElement: [], byLayer: [], waived: 0)
        gate = Gate(failOn: options.failOn, failing: 0, passed: true)
        verdict = .conformant
        finish()
    }

    /// The standard's layer names in pack order, for `summary.byLayer`.
    private var layerOrder: [String] = []

    /// Recomputes everything derived from rules and findings: order, sample, truncation, summaries,
    /// gate and verdict. Called after every change (waivers, baseline).
    public mutating func finish() {
        findings.sort()
        let cap = options.maxFindingsPerRule
        var listed: [String: Int] = [:]
        sample = findings.filter { finding in
            listed[finding.rule, default: 0] += 1
            return cap == 0 || listed[finding.rule]! <= cap
        }
        var byRule: [String: Int] = [:]
        for finding in findings { byRule[finding.rule, default: 0] += 1 }
        for index in rules.indices {
            rules[index].failed = byRule[rules[index].id] ?? 0
            rules[index].truncated = cap > 0 && rules[index].failed > cap
        }

        var ruleCounts = Dictionary(uniqueKeysWithValues: RuleStatus.allCases.map { ($0.rawValue, 0) })
        for result in rules { ruleCounts[result.status.rawValue, default: 0] += 1 }
        var findingCounts = Dictionary(uniqueKeysWithValues: Severity.allCases.map { ($0.rawValue, 0) })
        for finding in findings { findingCounts[finding.severity.rawValue, default: 0] += 1 }

        let elements = Set(rules.map(\.qualityElement)).sorted()
        let byElement = elements.map { element in
            Self.group(element.rawValue, element.title, rules.filter { $0.qualityElement == element })
        }
        var layerNames = layerOrder.filter { name in rules.contains { $0.layer == name } }
        for rule in rules {
            if let layer = rule.layer, !layerNames.contains(layer) { layerNames.append(layer) }
        }
        var byLayer = layerNames.map { name in
            Self.group(name, LocalizedText(zh: name, en: name), rules.filter { $0.layer == name })
        }
        let fileRules = rules.filter { $0.layer == nil }
        if !fileRules.isEmpty {
            byLayer.append(Self.group("_files", LocalizedText(zh: "文件与提交", en: "Files and submission"), fileRules))
        }
        summary = Summary(
            rules: ruleCounts, findings: findingCounts, byQualityElement: byElement, byLayer: byLayer,
            waived: findings.filter { $0.waiver != nil }.count)

        if baseline != nil {
            let fixed = baseline?.fixed ?? 0
            baseline = BaselineSummary(
                new: findings.filter { $0.baseline == .new }.count,
                unchanged: findings.filter { $0.baseline == .unchanged }.count, fixed: fixed)
        }
        let coverage = Set(uncheckedFindings.map(\.fingerprint))
        let failingFindings = findings.filter { failsGate($0, coverage: coverage) }.count
        let unevaluated = options.failOn == "never" ? 0 : rules.filter { $0.status == .error }.count
        gate = Gate(
            failOn: options.failOn, failing: failingFindings + unevaluated, passed: failingFindings + unevaluated == 0)

        if !coverage.isEmpty || rules.contains(where: { $0.status == .error }) {
            verdict = .notChecked
        } else {
            verdict = findingCounts[Severity.error.rawValue] == 0 ? .conformant : .nonConformant
        }
    }

    /// Whether a finding fails the gate: at or above `--fail-on`, and neither waived nor unchanged from the
    /// baseline, unless it says what could not be read (`coverage`, the fingerprints of `uncheckedFindings`),
    /// which no waiver or baseline excuses.
    public func failsGate(_ finding: Finding, coverage: Set<String>) -> Bool {
        guard let threshold = Severity(rawValue: options.failOn), finding.severity <= threshold else { return false }
        if coverage.contains(finding.fingerprint) { return true }
        return finding.waiver == nil && finding.baseline != .unchanged
    }

    /// The error findings that say what could not be read or applied (`FormatDefect.coverageChecks`):
    /// any of them makes the verdict NOT CHECKED.
    public var uncheckedFindings: [Finding] {
        let coverageRules = Set(rules.filter { FormatDefect.coverageChecks.contains($0.check) }.map(\.id))
        return findings.filter { $0.severity == .error && coverageRules.contains($0.rule) }
    }

    /// The rules that could not be evaluated (status `error`): they too make the verdict NOT CHECKED.
    public var unevaluatedRules: [RuleResult] { rules.filter { $0.status == .error } }

    private static func group(_ name: String, _ title: LocalizedText, _ rules: [RuleResult]) -> Group {
        Group(
            name: name, title: title, rules: rules.count, rulesWithFindings: rules.filter { $0.failed > 0 }.count,
            findings: rules.map(\.failed).reduce(0, +), status: rules.map(\.status).min() ?? .notApplicable)
    }
}
