import RuleEngine

/// JUnit XML for CI test tabs: a test suite per layer (and one for the file rules), a test case per rule.
///
/// A rule fails as the gate does: when it has findings at or above `--fail-on` that are neither waived
/// nor unchanged from the `--baseline`; not-applicable and deselected rules are skipped; a rule that
/// could not be evaluated is an error. The other findings are listed in the test case's `system-out`.
public enum JUnitReportWriter: ReportWriter {
    public static let id = "junit"
    public static let fileName = "report.junit.xml"
    public static let summary = "JUnit XML: a suite per layer, a test case per rule, for CI test tabs."
    /// Findings quoted per failing test case.
    static let findingsPerCase = 20

    public static func render(_ report: ConformanceReport) -> String {
        var findingsByRule: [String: [Finding]] = [:]
        for finding in report.sample { findingsByRule[finding.rule, default: []].append(finding) }
        // a rule fails as the gate does: waived findings and findings unchanged from the baseline do not fail it
        let coverage = Set(report.uncheckedFindings.map(\.fingerprint))
        var failing: [String: Int] = [:]
        for finding in report.findings where report.failsGate(finding, coverage: coverage) {
            failing[finding.rule, default: 0] += 1
        }
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for group in report.summary.byLayer {
            let rules = report.rules.filter { ($0.layer ?? "_files") == group.name }
            var cases: [String] = []
            var counts = (failures: 0, errors: 0, skipped: 0)
            for rule in rules {
                let name = escapeMarkup(rule.id)
                let findings = findingsByRule[rule.id] ?? []
                let listing = escapeMarkup(
                    findings.prefix(findingsPerCase).map {
                        "\(TextReportWriter.place(of: $0.location, root: report.input.path, base: report.options.base)): \($0.message.en) / \($0.message.zh)"
                    }.joined(separator: "\n")
                        + (rule.failed > min(findings.count, findingsPerCase)
                            ? "\n… \(rule.failed - min(findings.count, findingsPerCase)) more" : ""))
                var line = "    <testcase classname=\"\(escapeMarkup(group.name))\" name=\"\(name)\""
                switch rule.status {
                case .error:
                    counts.errors += 1
                    line +=
                        ">\n      <error message=\"the rule could not be evaluated\" type=\"could-not-evaluate\"/>\n    </testcase>"
                case .notApplicable, .skipped:
                    counts.skipped += 1
                    line += ">\n      <skipped message=\"\(rule.status.rawValue)\"/>\n    </testcase>"
                default:
                    if let fails = failing[rule.id] {
                        counts.failures += 1
                        let excused = rule.failed - fails
                        let note = excused > 0 ? " (\(excused) more waived or unchanged from the baseline)" : ""
                        line +=
                            ">\n      <failure message=\"\(fails) finding(s)\(note): \(escapeMarkup(rule.title.en))\" "
                            + "type=\"\(rule.severity.rawValue)\">\(listing)</failure>\n    </testcase>"
                    } else if rule.failed > 0 {
                        line += ">\n      <system-out>\(listing)</system-out>\n    </testcase>"
                    } else {
                        line += "/>"
                    }
                }
                cases.append(line)
            }
            totals.tests += rules.count
            totals.failures += counts.failures
            totals.errors += counts.errors
            totals.skipped += counts.skipped
            suites.append(
                "  <testsuite name=\"\(escapeMarkup(group.name))\" tests=\"\(rules.count)\" failures=\"\(counts.failures)\" "
                    + "errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\">\n" + cases.joined(separator: "\n")
                    + "\n  </testsuite>")
        }
        let name = escapeMarkup("\(report.input.path) against \(report.standard.id)@\(report.standard.version)")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"\(name)\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" "
            + "errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n" + suites.joined(separator: "\n")
            + "\n</testsuites>\n"
    }
}
