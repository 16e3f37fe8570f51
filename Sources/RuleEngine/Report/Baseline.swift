import Foundation

/// The fingerprints of a previous run, read from its JSON report or JSONL stream.
public struct Baseline: Sendable {
    /// The path as given.
    public var path: String
    public var fingerprints: Set<String>
    /// Each finding of the baseline in one line (`place: severity: message [rule]`), by fingerprint, so
    /// that the fixed ones can be listed.
    public var described: [String: String] = [:]

    public init(path: String, fingerprints: Set<String>, described: [String: String] = [:]) {
        self.path = path
        self.fingerprints = fingerprints
        self.described = described
    }

    /// Why a baseline cannot be used.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var problem: String
        public var description: String { "\(path): error: \(problem)" }
    }

    private struct ReportShape: Decodable {
        struct Rule: Decodable {
            var id: String
            var truncated: Bool?
        }
        struct Entry: Decodable {
            var fingerprint: String
            var rule: String?
            var severity: String?
            var message: LocalizedText?
            var location: Location?

            var line: String? {
                guard let rule, let location, let message else { return nil }
                return "\(location.description): \(severity ?? "error"): \(message.en) [\(rule)]"
            }
        }
        var reportVersion: Int
        var rules: [Rule]
        var findings: [Entry]
    }

    private typealias LineShape = ReportShape.Entry

    /// Reads `report.json` (refused when any rule's findings were truncated: use the JSONL) or `report.jsonl`.
    public static func load(_ path: String) throws(LoadError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(path: path, problem: "cannot read the baseline report")
        }
        let decoder = JSONDecoder()
        if path.lowercased().hasSuffix(".jsonl") {
            var fingerprints = Set<String>()
            var described: [String: String] = [:]
            for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
                guard let entry = try? decoder.decode(LineShape.self, from: Data(line)) else {
                    throw LoadError(path: path, problem: "line \(index + 1) is not a finding with a fingerprint")
                }
                fingerprints.insert(entry.fingerprint)
                described[entry.fingerprint] = entry.line
            }
            return Baseline(path: path, fingerprints: fingerprints, described: described)
        }
        let report: ReportShape
        do {
            report = try decoder.decode(ReportShape.self, from: data)
        } catch {
            throw LoadError(
                path: path, problem: "not a StdCheck JSON report with fingerprints (reportVersion 2 or later)")
        }
        let truncated = report.rules.filter { $0.truncated == true }.map(\.id)
        guard truncated.isEmpty else {
            throw LoadError(
                path: path,
                problem: "the report lists only some findings of \(truncated.joined(separator: ", ")); "
                    + "use its report.jsonl as the baseline, or --max-findings-per-rule 0")
        }
        var described: [String: String] = [:]
        for entry in report.findings { described[entry.fingerprint] = entry.line }
        return Baseline(path: path, fingerprints: Set(report.findings.map(\.fingerprint)), described: described)
    }
}

extension ConformanceReport {
    /// Marks each finding new or unchanged against the baseline and counts the fixed ones.
    /// With a baseline, only new findings fail the gate.
    public mutating func compare(with baseline: Baseline) {
        var current = Set<String>()
        for index in findings.indices {
            let fingerprint = findings[index].fingerprint
            current.insert(fingerprint)
            findings[index].baseline = baseline.fingerprints.contains(fingerprint) ? .unchanged : .new
        }
        options.baseline = baseline.path
        let fixed = baseline.fingerprints.subtracting(current)
        self.baseline = BaselineSummary(new: 0, unchanged: 0, fixed: fixed.count)
        fixedFindings = fixed.map { baseline.described[$0] ?? "fingerprint \($0)" }.sorted()
        finish()
    }
}
