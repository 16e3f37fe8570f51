import Formats
import Foundation
import RuleEngine

extension CheckSession {
    /// Loads a standard by reference. A bare id stands for its latest version, which is said and returned
    /// as the reason of the selection; `option` names where the reference came from (`--standard`).
    public static func loadStandard(
        named name: String, in searchPath: RulesSearchPath, option: String? = "--standard",
        say: (String) -> Void
    ) throws(CheckSessionError) -> (standard: Standard, reason: String?) {
        var reference = name
        var reason: String?
        if case .latest(let latest, let count) = searchPath.resolve(name) {
            reference = latest
            let said = "\(option.map { $0 + " " } ?? "")\(name) is \(latest) (the latest of \(count))"
            reason = said
            say("stdcheck: \(said)")
        }
        do {
            return (try RulePackLoader.load(reference, searchPath: searchPath), reason)
        } catch {
            say(error.description)
            throw .exit(2)
        }
    }

    /// Every pack on the search path; exit status 2 when the path holds none (every place looked in is said)
    /// or one does not load.
    public static func allStandards(in searchPath: RulesSearchPath, say: (String) -> Void) throws(CheckSessionError)
        -> [Standard]
    {
        try requirePacks(in: searchPath, say: say)
        var standards: [Standard] = []
        for name in searchPath.available() {
            do {
                standards.append(try RulePackLoader.load(name, searchPath: searchPath))
            } catch {
                say(error.description)
                throw .exit(2)
            }
        }
        return standards
    }

    /// Fails with exit status 2, listing every place looked in, when the search path holds no pack.
    public static func requirePacks(in searchPath: RulesSearchPath, say: (String) -> Void) throws(CheckSessionError) {
        guard searchPath.available().isEmpty else { return }
        say(
            "stdcheck: error: no rule pack found; looked in:\n"
                + searchPath.placesLookedIn.map { "  " + $0 }.joined(separator: "\n")
                + "\n(give a folder of packs with --rules-dir or $STDCHECK_RULES)")
        throw .exit(2)
    }

    /// Why no standard was detected, what the submission holds, the nearest pack, and what to do.
    public static func noStandardFits(_ submission: Submission, candidates: [Standard]) -> String {
        var message = "no standard fits this submission (\(submission.path)): "
        let names = Array(Set(submission.layers.map(\.name))).sorted()
        let unsupported = submission.findings.filter { $0.defect == .memberFormatUnsupported }
        let unreadable = submission.findings.filter {
            [.memberUnreadable, .memberNameUndecodable, .datasetUnreadable].contains($0.defect)
        }
        if !names.isEmpty {
            message += "its layers are \(names.joined(separator: ", "))"
        } else if submission.files.isEmpty && unsupported.isEmpty && unreadable.isEmpty {
            message += "it holds no file"
        } else {
            let count = submission.files.count
            let shown = submission.files.prefix(5).map(\.path).joined(separator: ", ")
            let more = count > 5 ? " and \(count - 5) more" : ""
            message +=
                "it holds no layer or table StdCheck reads"
                + (count == 0 ? "" : " (\(count) \(count == 1 ? "file" : "files"): \(shown)\(more))")
        }
        if !unreadable.isEmpty {
            message +=
                "; cannot be read: "
                + unreadable.prefix(5).map { "\($0.location.file) (\($0.values["reason"] ?? $0.defect.rawValue))" }
                .joined(separator: ", ")
        }
        if !unsupported.isEmpty {
            message +=
                "; not read: "
                + unsupported.prefix(5).map { "\($0.location.file) (\($0.values["format"] ?? ""))" }.joined(
                    separator: ", ")
        }
        if let closest = StandardDetector.closest(layers: submission.layers, among: candidates) {
            message +=
                "; the closest is \(closest.standard) (\(closest.layers) of \(closest.layerTotal) layers, "
                + "\(closest.fields) of \(closest.fieldTotal) fields)"
        }
        let known = candidates.map(\.reference).sorted()
        message +=
            "; choose one with --standard (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")); "
            + "--standard structure@1 checks the files' structure only)"
        return message
    }

    /// The day waivers are judged on: `today`, else $STDCHECK_TODAY, else the UTC date (read only with waivers).
    static func waiverDate(_ request: CheckRequest) throws(CheckSessionError) -> String {
        guard request.waivers != nil else { return "" }
        if let given = request.today ?? ProcessInfo.processInfo.environment["STDCHECK_TODAY"] {
            guard WaiverFile.isDate(given) else {
                throw .usage("--today must be YYYY-MM-DD, not '\(given)'")
            }
            return given
        }
        return utcDay()
    }

    /// Today in UTC, YYYY-MM-DD.
    public static func utcDay(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// `--rules`, `--skip-rules` and `--severity`, checked against the standard's rule ids.
    static func ruleSelection(_ request: CheckRequest, for standard: Standard) throws(CheckSessionError)
        -> RuleSelection
    {
        let ids = standard.rules.map(\.id)
        for glob in request.onlyRules + request.skipRules
        where !ids.contains(where: { RuleSelection.glob(glob, matches: $0) }) {
            throw .usage("'\(glob)' matches no rule of \(standard.reference) (`stdcheck rules list`)")
        }
        var levels: [String: String] = [:]
        for item in request.severity {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["error", "warning", "info", "off"].contains(parts[1]) else {
                throw .usage("--severity takes RULE=error|warning|info|off, not '\(item)'")
            }
            guard ids.contains(parts[0]) else {
                throw .usage("--severity names '\(parts[0])', which is no rule of \(standard.reference)")
            }
            levels[parts[0]] = parts[1]
        }
        return RuleSelection(include: request.onlyRules, exclude: request.skipRules, severity: levels)
    }
}
