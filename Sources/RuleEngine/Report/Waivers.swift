/// An accepted deviation: findings of `rule` at one fingerprint or one feature key, with a reason and an expiry date.
public struct Waiver: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case fingerprint(String)
        /// `field=value`, such as `BSM=130100041`.
        case key(field: String, value: String)
    }

    public var rule: String
    public var target: Target
    public var reason: String
    /// YYYY-MM-DD; the waiver applies up to and including this day.
    public var expires: String
    /// Where it is declared in the waivers file.
    public var location: Location

    public init(rule: String, target: Target, reason: String, expires: String, location: Location) {
        self.rule = rule
        self.target = target
        self.reason = reason
        self.expires = expires
        self.location = location
    }

    /// Whether it covers a finding.
    public func covers(_ finding: Finding) -> Bool {
        guard finding.rule == rule else { return false }
        switch target {
        case .fingerprint(let fingerprint): return finding.fingerprint == fingerprint
        case .key(let field, let value): return finding.key?.field == field && finding.key?.value == value
        }
    }
}

/// The reserved rules for waivers that no longer hold: every report with `--waivers` carries them.
public enum WaiverDefect: String, Sendable, CaseIterable {
    case expired = "waiver-expired"
    case unused = "waiver-unused"

    var title: LocalizedText {
        switch self {
        case .expired: LocalizedText(zh: "豁免已过期", en: "A waiver has expired")
        case .unused: LocalizedText(zh: "豁免未匹配任何问题", en: "A waiver matches no finding")
        }
    }

    func message(_ waiver: Waiver) -> LocalizedText {
        switch self {
        case .expired:
            LocalizedText(
                zh: "规则 \(waiver.rule) 的豁免已于 \(waiver.expires) 过期，相关问题重新计入",
                en: "the waiver of \(waiver.rule) expired on \(waiver.expires); its findings count again")
        case .unused:
            LocalizedText(
                zh: "规则 \(waiver.rule) 的豁免未匹配任何问题，可以删除",
                en: "the waiver of \(waiver.rule) matches no finding")
        }
    }
}

extension ConformanceReport {
    /// Applies waivers as of `today` (YYYY-MM-DD): a waiver in force marks the findings it covers;
    /// an expired one waives nothing and, like one that covers nothing, becomes a warning finding.
    public mutating func apply(_ waivers: [Waiver], file: String, today: String) {
        var found: [WaiverDefect: [Finding]] = [:]
        for waiver in waivers {
            let expired = waiver.expires < today
            var used = false
            for index in findings.indices where waiver.covers(findings[index]) {
                used = true
                if !expired, findings[index].waiver == nil {
                    findings[index].waiver = AppliedWaiver(
                        reason: waiver.reason, expires: waiver.expires, declaredAt: waiver.location.description)
                }
            }
            let defect: WaiverDefect? = expired ? .expired : (used ? nil : .unused)
            if let defect {
                let key: FeatureKey? = {
                    if case .key(let field, let value) = waiver.target { return FeatureKey(field: field, value: value) }
                    return nil
                }()
                var value: String?
                if case .fingerprint(let fingerprint) = waiver.target { value = fingerprint }
                found[defect, default: []].append(
                    Finding(
                        rule: defect.rawValue, severity: .warning, message: defect.message(waiver),
                        location: waiver.location, key: key, value: value))
            }
        }
        for defect in WaiverDefect.allCases {
            let raised = found[defect] ?? []
            rules.append(
                RuleResult(
                    id: defect.rawValue, title: defect.title, severity: .warning, clause: "StdCheck waiver rule",
                    layer: nil, field: nil, check: defect.rawValue, confidence: .high, source: "built-in",
                    checked: waivers.count, failed: raised.count,
                    status: raised.isEmpty ? (waivers.isEmpty ? .notApplicable : .passed) : .warning))
            findings += raised
        }
        options.waivers = file
        options.today = today
        finish()
    }
}
