import Foundation
import Yams

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

/// Reads a waivers file strictly: unknown keys, missing keys and bad dates are errors at their line and column.
///
/// ```yaml
/// waivers:
///   - rule: DLTB.BSM.value-duplicated
///     key: BSM=130100041
///     reason: renumbered in the next delivery
///     expires: 2026-12-31
/// ```
public enum WaiverFile {
    public static func load(_ path: String, displayPath: String) throws(RulePackError) -> [Waiver] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RulePackError(.unreadable(error.localizedDescription), at: Location(file: displayPath))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw RulePackError(.missingKey("waivers"), at: Location(file: displayPath, line: 1, column: 1))
            }
            root = node
        } catch let error as RulePackError {
            throw error
        } catch {
            throw RulePackError(.syntax("\(error)"), at: Location(file: displayPath, line: 1, column: 1))
        }
        var top = try YAMLMapping(root, file: displayPath, name: "waivers file")
        let entries = try top.sequence("waivers") ?? []
        try top.finish()
        var waivers: [Waiver] = []
        for node in entries {
            var map = try YAMLMapping(node, file: displayPath, name: "waiver")
            let ruleName = try map.string("rule")
            let fingerprint = try map.string("fingerprint")
            let key = try map.string("key")
            let reasonText = try map.string("reason")
            let expiresNode = map.node("expires")
            try map.finish()
            guard let rule = ruleName else { throw RulePackError(.missingKey("rule"), at: map.location) }
            guard let reason = reasonText else { throw RulePackError(.missingKey("reason"), at: map.location) }
            guard let expiresNode else { throw RulePackError(.missingKey("expires"), at: map.location) }
            let expires = expiresNode.string ?? ""
            guard isDate(expires) else {
                throw RulePackError(
                    .invalidValue(key: "expires", value: expires, allowed: "a date YYYY-MM-DD"),
                    at: map.location(of: expiresNode))
            }
            let target: Waiver.Target
            switch (fingerprint, key) {
            case (let fingerprint?, nil):
                target = .fingerprint(fingerprint)
            case (nil, let key?):
                let parts = key.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[0].isEmpty else {
                    throw RulePackError(
                        .invalidValue(key: "key", value: key, allowed: "FIELD=value, such as BSM=130100041"),
                        at: map.location)
                }
                target = .key(field: parts[0], value: parts[1])
            default:
                throw RulePackError(
                    .invalidValue(
                        key: "fingerprint/key", value: fingerprint == nil ? "neither" : "both",
                        allowed: "exactly one of 'fingerprint' and 'key'"), at: map.location)
            }
            waivers.append(
                Waiver(rule: rule, target: target, reason: reason, expires: expires, location: map.location))
        }
        return waivers
    }

    /// Whether text is a calendar date written YYYY-MM-DD.
    public static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), parts[0].count == 4, parts[1].count == 2, parts[2].count == 2
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return (1...12).contains(month) && (1...days[month - 1]).contains(day)
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
