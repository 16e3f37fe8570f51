import Foundation
import Yams

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
