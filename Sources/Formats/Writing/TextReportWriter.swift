import RuleEngine

/// A summary for terminals and CI logs: counts by rule, the first findings of each rule, and the verdict.
public enum TextReportWriter: ReportWriter {
    public static let id = "text"
    public static let fileName = "report.txt"
    public static let summary =
        "Counts by rule, the first findings of each rule in English and Chinese, and the verdict."
    /// Findings shown per rule; the JSON report has them all.
    public static let findingsPerRule = 5

    public static func render(_ report: ConformanceReport) -> String {
        render(report, context: ReportContext())
    }

    /// In the context's language: English first by default, Chinese first with `--lang zh`.
    public static func render(_ report: ConformanceReport, context: ReportContext) -> String {
        let zh = context.language == .zh
        func t(_ english: String, _ chinese: String) -> String { zh ? chinese : english }
        var lines: [String] = []
        let standard = "\(report.standard.id)@\(report.standard.version)"
        lines.append(
            "\(report.tool.name) \(report.tool.version): \(report.input.path) "
                + t("against \(standard)", "按 \(standard) 检查"))
        lines.append(
            zh
                ? "  \(report.standard.title.zh) / \(report.standard.title.en)"
                : "  \(report.standard.title.zh) / \(report.standard.title.en)")
        let records = report.layers.map(\.records).reduce(0, +)
        lines.append(
            t(
                "  \(report.input.files.count) files, \(report.layers.count) layers, \(records) records",
                "  \(report.input.files.count) 个文件，\(report.layers.count) 个图层，\(records) 条记录"))
        for layer in report.layers {
            var facts = [
                t("\(layer.records) records", "\(layer.records) 条记录"), layer.geometryType ?? t("no geometry", "无几何"),
            ]
            if let encoding = layer.encoding {
                facts.append(
                    "text \(encoding.used) (\(encoding.declared.map { "declared \($0)" } ?? encoding.source.rawValue))")
            }
            if let crs = layer.crs {
                facts.append(
                    crs.epsg.map { "EPSG:\($0) (\(crs.confidence ?? 0)%)" } ?? (crs.name ?? "CRS not identified"))
            }
            facts += (layer.reading ?? [:]).sorted { $0.key < $1.key }.map(\.value)
            lines.append("  \(layer.file) [\(layer.name)]: " + facts.joined(separator: ", "))
        }

        let failing = report.rules.filter { $0.failed > 0 }
        if !failing.isEmpty {
            lines.append("")
            lines.append(t("Findings by rule:", "按规则统计的问题："))
            let width = failing.map(\.id.count).max() ?? 0
            for rule in failing {
                let id = rule.id.padding(toLength: width, withPad: " ", startingAt: 0)
                let severity = rule.severity.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
                lines.append(
                    "  \(severity) \(id) \(String(rule.failed).leftPadded(to: 5))  \(zh ? rule.title.zh : rule.title.en)"
                )
            }
            lines.append("")
            lines.append(t("First findings of each rule:", "各规则的前几个问题："))
            var shown: [String: Int] = [:]
            for finding in report.findings {
                let count = shown[finding.rule, default: 0]
                shown[finding.rule] = count + 1
                if count == findingsPerRule {
                    let total = report.rules.first { $0.id == finding.rule }?.failed ?? 0
                    lines.append(
                        t(
                            "  … \(total - findingsPerRule) more [\(finding.rule)] in the JSON report",
                            "  … 另有 \(total - findingsPerRule) 个 [\(finding.rule)]，见 JSON 报告"))
                }
                guard count < findingsPerRule else { continue }
                var place = place(of: finding.location, root: report.input.path, base: report.options.base)
                if let key = finding.key { place += " (\(key.field)=\(key.value))" }
                if let xpath = finding.location.xpath { place += " (\(xpath))" }
                lines.append(
                    "\(place): \(finding.severity.rawValue): \(zh ? finding.message.zh : finding.message.en) [\(finding.rule)]"
                )
                lines.append("    \(zh ? finding.message.en : finding.message.zh)")
            }
        }

        lines += ChangeSummaryTable.text(report, zh: zh)
        lines.append("")
        let statuses = RuleStatus.allCases.map { "\(report.summary.rules[$0.rawValue] ?? 0) \($0.rawValue)" }
        lines.append(t("Rules: ", "规则：") + "\(report.rules.count) (" + statuses.joined(separator: ", ") + ")")
        if let needing = report.rulesNeedingBase {
            lines.append(
                t(
                    "\(needing) rules need --base (the database the submission updates): not applicable without it",
                    "\(needing) 条规则需要 --base（被更新的数据库）：未提供时不适用"))
        }
        if let base = report.options.base { lines.append(t("Base: ", "基础数据库：") + base) }
        for (other, needing) in (report.rulesNeedingWith ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append(
                t(
                    "\(needing) rules need --with \(other)=PATH (that standard's dataset): not evaluated without it",
                    "\(needing) 条规则需要 --with \(other)=PATH（该标准的数据）：未提供时不评价"))
        }
        for (other, path) in (report.options.with ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append(t("With \(other): ", "对照数据 \(other)：") + path)
        }
        let severities = Severity.allCases.map { "\(report.summary.findings[$0.rawValue] ?? 0) \($0.rawValue)" }
        lines.append(t("Findings: ", "问题：") + "\(report.findings.count) (" + severities.joined(separator: ", ") + ")")
        if let baseline = report.baseline {
            lines.append(
                "Baseline \(report.options.baseline ?? ""): \(baseline.new) new, \(baseline.unchanged) unchanged, \(baseline.fixed) fixed"
            )
            for fixed in report.fixedFindings.prefix(fixedListed) { lines.append("  fixed: " + fixed) }
            if report.fixedFindings.count > fixedListed {
                lines.append("  … and \(report.fixedFindings.count - fixedListed) more fixed")
            }
        }
        if let waivers = report.options.waivers {
            lines.append(
                "Waivers \(waivers) (as of \(report.options.today ?? "")): \(report.summary.waived) findings waived")
        }
        if report.baseline != nil || report.options.waivers != nil {
            lines.append(
                "Gate (--fail-on \(report.gate.failOn)): "
                    + (report.gate.passed ? "passed" : "failed by \(report.gate.failing) findings"))
        }
        if zh {
            switch report.verdict {
            case .conformant:
                lines.append("结论：符合标准：\(report.input.path) 符合 \(standard)（CONFORMANT）")
            case .nonConformant:
                lines.append("结论：不符合标准：\(report.input.path) 不符合 \(standard)（NON-CONFORMANT）")
            case .notChecked:
                lines.append(
                    "结论：未检查：\(report.input.path) 未能按 \(standard) 完成检查（NOT CHECKED）：\(notCheckedCauses(report, zh: true))"
                )
            }
            return lines.joined(separator: "\n") + "\n"
        }
        switch report.verdict {
        case .conformant:
            lines.append("Verdict: CONFORMANT: \(report.input.path) conforms to \(standard) (符合标准)")
        case .nonConformant:
            lines.append("Verdict: NON-CONFORMANT: \(report.input.path) does not conform to \(standard) (不符合标准)")
        case .notChecked:
            lines.append(
                "Verdict: NOT CHECKED: \(report.input.path) could not be checked against \(standard) (未检查): "
                    + "\(notCheckedCauses(report))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fixed findings listed under the baseline line.
    static let fixedListed = 20

    /// Why a run is NOT CHECKED, in one line: the first causes, and how many more.
    static func notCheckedCauses(_ report: ConformanceReport, zh: Bool = false) -> String {
        let causes =
            report.uncheckedFindings.map { "\(zh ? $0.message.zh : $0.message.en) [\($0.rule)]" }
            + report.unevaluatedRules.map { zh ? "规则 \($0.id) 无法评估" : "rule \($0.id) could not be evaluated" }
        let shown = causes.prefix(3).joined(separator: "; ")
        return causes.count > 3 ? shown + (zh ? "；另有 \(causes.count - 3) 项" : "; and \(causes.count - 3) more") : shown
    }

    /// A location with the submission path in front, so that it can be opened from the working directory.
    static func place(of location: Location, root: String, base: String? = nil) -> String {
        var prefixed = location
        prefixed.file = location.file == "." ? root : root + "/" + location.file
        // a file of the base dataset (`base:DLTB.shp`) is under the --base path
        if let base, location.file.hasPrefix("base:") {
            prefixed.file = "base:" + base + "/" + location.file.dropFirst("base:".count)
        }
        return prefixed.description
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
