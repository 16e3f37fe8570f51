import Foundation
import RuleEngine

/// One self-contained HTML page (no external resources), in Chinese and English, that an inspector
/// signs and prints: a cover (submission, standard, 检查单位 / 检查人 / 检查日期, tool version, pack
/// digest), the conclusion, where the problems are (by township, village, rule × township, and the
/// area tables the parcels imply), an overview map, the findings grouped by quality element and
/// rule each with a small map of its own, and last, collapsed, the rule table and the run manifest.
///
/// The maps are inline SVG. With a `ReportGeometry` in the context they draw the feature, its
/// neighbours (thin outlines, their BSM on hover), the village and township outlines around it and
/// the error geometry, with a scale bar and a north arrow; the overview draws the layers' outlines
/// simplified to the pixel (see `ReportGeometry`) with the findings on top, errors last, each a link
/// to its finding. Without it (`render(_:)`), the maps show the error geometry alone.
///
/// It lists the JSON report's sample (`--max-findings-per-rule`); the first
/// `ReportGeometry.mapsPerRule` located findings of each rule get a map, so large runs stay small.
/// The print stylesheet sets A4 pages with a running header and page numbers.
public enum HTMLReportWriter: ReportWriter {
    public static let id = "html"
    public static let fileName = "report.html"
    public static let summary =
        "One self-contained HTML page in Chinese and English that prints: cover, conclusion, tables by place, maps, findings, rules."

    public static func render(_ report: ConformanceReport) -> String {
        render(report, context: ReportContext())
    }

    public static func render(_ report: ConformanceReport, context: ReportContext) -> String {
        let standard = "\(report.standard.id)@\(report.standard.version)"
        let geometry = context.geometry
        var html: [String] = []
        html.append(
            """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>数据质量检查报告 \(e(report.input.path)) — \(e(standard))</title>
            <style>\(style)
            \(pageStyle(report, standard: standard))</style>
            </head>
            <body>
            """)
        html.append(cover(report, context: context, standard: standard))
        html.append(conclusion(report, standard: standard))
        html.append(places(report, geometry: geometry))
        html.append(overview(report, geometry: geometry))
        html.append(findings(report, geometry: geometry))
        if report.changeSummary != nil { html.append(ChangeSummaryTable.html(report)) }
        html.append(rules(report))
        html.append(manifest(report, standard: standard, geojsonCRS: context.geojsonCRS))
        html.append(
            "<footer>\(e(report.tool.name)) \(e(report.tool.version)) · \(e(standard)) · sha256 \(e(String(report.standard.packDigest.prefix(16))))…</footer>"
        )
        html.append("<script>\(script)</script>\n</body>\n</html>")
        return html.joined(separator: "\n") + "\n"
    }

    // MARK: Cover and conclusion

    static func cover(_ report: ConformanceReport, context: ReportContext, standard: String) -> String {
        let verdictClass: String
        let verdictText: String
        switch report.verdict {
        case .conformant: (verdictClass, verdictText) = ("pass", "符合标准 <span class=\"en\">CONFORMANT</span>")
        case .nonConformant: (verdictClass, verdictText) = ("fail", "不符合标准 <span class=\"en\">NON-CONFORMANT</span>")
        case .notChecked: (verdictClass, verdictText) = ("unchecked", "未检查 <span class=\"en\">NOT CHECKED</span>")
        }
        func blank(_ value: String?) -> String {
            value.map { e($0) } ?? "<span class=\"blank\">（未填写 <span class=\"en\">not given</span>）</span>"
        }
        var rows: [(String, String)] = [
            ("被检数据 <span class=\"en\">Submission</span>", "<code>\(e(report.input.path))</code>"),
            (
                "检查依据 <span class=\"en\">Standard</span>",
                "\(e(report.standard.title.zh)) <span class=\"en\">\(e(report.standard.title.en))</span> (<code>\(e(standard))</code>)"
                    + (report.standard.basis.isEmpty ? "" : "<br>\(e(report.standard.basis.joined(separator: "; ")))")
            ),
            ("检查单位 <span class=\"en\">Organization</span>", blank(context.organization)),
            ("检查人 <span class=\"en\">Inspector</span>", blank(context.inspector)),
            ("检查日期 <span class=\"en\">Inspection date</span>", blank(context.date)),
            ("检查工具 <span class=\"en\">Tool</span>", "\(e(report.tool.name)) \(e(report.tool.version))"),
            ("规则包摘要 <span class=\"en\">Pack sha256</span>", "<code>\(e(report.standard.packDigest))</code>"),
        ]
        if !report.input.files.isEmpty {
            rows.append(("文件 <span class=\"en\">Files</span>", "\(report.input.files.count)"))
        }
        var parts = [
            "<section id=\"cover\">",
            "<h1>数据质量检查报告<br><span class=\"en\">Data quality inspection report</span></h1>",
            "<table class=\"kv\">",
        ]
        for (label, value) in rows { parts.append("<tr><th>\(label)</th><td>\(value)</td></tr>") }
        parts.append("</table>")
        parts.append(
            "<p id=\"verdict\" class=\"verdict \(verdictClass)\">" + verdictText
                + ": \(e(report.input.path)) — \(e(standard)) · \(report.findings.count) 个问题 <span class=\"en\">findings</span> ("
                + Severity.allCases.map { "\(report.summary.findings[$0.rawValue] ?? 0) \($0.rawValue)" }.joined(
                    separator: ", ")
                + ")</p>")
        var gate =
            "门禁 <span class=\"en\">Gate</span> (--fail-on \(e(report.gate.failOn))): "
            + (report.gate.passed
                ? "通过 <span class=\"en\">passed</span>"
                : "未通过 <span class=\"en\">failed</span>, \(report.gate.failing)")
        if let baseline = report.baseline {
            gate +=
                " · 基线 <span class=\"en\">baseline</span>: \(baseline.new) new, \(baseline.unchanged) unchanged, \(baseline.fixed) fixed"
        }
        if report.summary.waived > 0 { gate += " · \(report.summary.waived) waived" }
        parts.append("<p class=\"gate\">\(gate)</p>")
        parts.append(
            "<table class=\"sign\"><tr><td>检查人（签字） <span class=\"en\">Inspector's signature</span></td><td>审核人（签字） <span class=\"en\">Reviewer's signature</span></td><td>日期 <span class=\"en\">Date</span></td></tr></table>"
        )
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// The conclusion paragraph, in Chinese then English.
    static func conclusion(_ report: ConformanceReport, standard: String) -> String {
        let count = { (status: RuleStatus) in report.summary.rules[status.rawValue] ?? 0 }
        let evaluated = report.rules.count - count(.notApplicable) - count(.skipped)
        let withFindings = report.rules.filter { $0.failed > 0 }.count
        let severity = { (level: Severity) in report.summary.findings[level.rawValue] ?? 0 }
        var zh =
            "经检查，提交数据 \(e(report.input.path)) 按《\(e(report.standard.title.zh))》（\(e(standard))）的 \(report.rules.count) 条规则检查，"
            + "其中 \(evaluated) 条已评估、\(count(.notApplicable)) 条不适用、\(count(.skipped)) 条未选；\(withFindings) 条规则发现问题，"
            + "共 \(report.findings.count) 个问题（错误 \(severity(.error)) 个，警告 \(severity(.warning)) 个，提示 \(severity(.info)) 个）。"
        var en =
            "\(e(report.input.path)) was checked against \(e(report.standard.title.en)) (\(e(standard))): \(report.rules.count) rules, "
            + "\(evaluated) evaluated, \(count(.notApplicable)) not applicable, \(count(.skipped)) not selected; \(withFindings) rules raised "
            + "\(report.findings.count) findings (\(severity(.error)) errors, \(severity(.warning)) warnings, \(severity(.info)) info)."
        switch report.verdict {
        case .conformant:
            zh += "结论：<strong>符合标准</strong>。"
            en += " Conclusion: <strong>conformant</strong>."
        case .nonConformant:
            zh += "结论：<strong>不符合标准</strong>，须按下列问题逐条整改后重新提交。"
            en +=
                " Conclusion: <strong>non-conformant</strong>; the findings below are to be corrected and the data resubmitted."
        case .notChecked:
            zh += "结论：<strong>未能完成检查</strong>（不视为通过），原因见下。"
            en += " Conclusion: <strong>not checked</strong> (never a pass); the causes follow."
        }
        var parts = [
            "<section id=\"conclusion\"><h2>检查结论 <span class=\"en\">Conclusion</span></h2><p>\(zh)</p><p class=\"en\">\(en)</p>"
        ]
        if report.verdict == .notChecked {
            parts.append("<ul id=\"not-checked\">")
            for finding in report.uncheckedFindings {
                parts.append(
                    "<li>\(e(finding.location.description)): \(e(finding.message.zh)) <span class=\"en\">\(e(finding.message.en))</span> [\(e(finding.rule))]</li>"
                )
            }
            for rule in report.unevaluatedRules {
                parts.append("<li>\(e(rule.id)): 无法评估 <span class=\"en\">could not be evaluated</span></li>")
            }
            parts.append("</ul>")
        }
        parts.append(
            groupTable("按质量元素（ISO 19157） <span class=\"en\">By quality element</span>", report.summary.byQualityElement)
        )
        parts.append(groupTable("按图层 <span class=\"en\">By layer</span>", report.summary.byLayer))
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    static func rules(_ report: ConformanceReport) -> String {
        var parts = [
            "<section id=\"rules\"><details><summary><h2>规则表 <span class=\"en\">Rules</span> (\(report.rules.count))</h2></summary><table><thead><tr><th>规则 Rule</th><th>条款 Clause</th><th>严重性 Severity</th><th>质量元素 Element</th><th>检查数 Checked</th><th>问题数 Failed</th><th>状态 Status</th></tr></thead><tbody>"
        ]
        for rule in report.rules {
            parts.append(
                "<tr class=\"st-\(rule.status.rawValue)\"><td><code>\(e(rule.id))</code><br>\(e(rule.title.zh)) <span class=\"en\">\(e(rule.title.en))</span></td><td>\(e(rule.clause))</td><td class=\"sev-\(rule.severity.rawValue)\">\(rule.severity.rawValue)</td><td>\(rule.qualityElement.rawValue)</td><td class=\"n\">\(rule.checked)</td><td class=\"n\">\(rule.failed)\(rule.truncated ? "*" : "")</td><td>\(rule.status.rawValue)</td></tr>"
            )
        }
        parts.append("</tbody></table></details></section>")
        return parts.joined(separator: "\n")
    }

    static func manifest(
        _ report: ConformanceReport, standard: String, geojsonCRS: GeoJSONReportWriter.CRS
    ) -> String {
        var html = [
            "<section id=\"manifest\"><details><summary><h2>运行清单 <span class=\"en\">Run manifest</span></h2></summary><table class=\"kv\">"
        ]
        let manifest: [(String, String)] = [
            ("工具 Tool", "\(report.tool.name) \(report.tool.version)"),
            ("标准 Standard", standard + " — " + report.standard.basis.joined(separator: "; ")),
            ("规则包摘要 Pack sha256", report.standard.packDigest),
            ("报告版本 Report version", "\(report.reportVersion)"),
            ("选项 Options", options(report.options, geojsonCRS: geojsonCRS)),
        ]
        for (label, value) in manifest { html.append("<tr><th>\(e(label))</th><td><code>\(e(value))</code></td></tr>") }
        html.append("</table><table><thead><tr><th>文件 File</th><th>字节 Bytes</th><th>sha256</th></tr></thead><tbody>")
        for file in report.input.files {
            html.append(
                "<tr><td>\(e(file.path))</td><td class=\"n\">\(file.size)</td><td><code>\(e(file.sha256))</code></td></tr>"
            )
        }
        html.append(
            "</tbody></table><table><thead><tr><th>图层 Layer</th><th>文件 File</th><th>几何 Geometry</th><th>记录 Records</th><th>编码 Encoding</th><th>坐标系 CRS</th></tr></thead><tbody>"
        )
        for layer in report.layers {
            let crs = layer.crs.map { crs in crs.epsg.map { "EPSG:\($0)" } ?? (crs.name ?? "?") } ?? "—"
            html.append(
                "<tr><td>\(e(layer.name))</td><td>\(e(layer.file))</td><td>\(e(layer.geometryType ?? "—"))</td><td class=\"n\">\(layer.records)</td><td>\(e(layer.encoding?.used ?? "—"))</td><td>\(e(crs))</td></tr>"
            )
        }
        html.append("</tbody></table></details></section>")
        return html.joined(separator: "\n")
    }

    static func e(_ text: String) -> String { escapeMarkup(text) }

    /// The options the run was given, as the command line wrote them; `--geojson-crs` is the GeoJSON
    /// writer's own option (in the context, not the report).
    static func options(_ options: ConformanceReport.Options, geojsonCRS: GeoJSONReportWriter.CRS) -> String {
        var parts = ["--fail-on \(options.failOn)", "--max-findings-per-rule \(options.maxFindingsPerRule)"]
        if let baseline = options.baseline { parts.append("--baseline \(baseline)") }
        if let waivers = options.waivers { parts.append("--waivers \(waivers)") }
        if let today = options.today { parts.append("today \(today)") }
        if geojsonCRS == .wgs84 { parts.append("--geojson-crs \(geojsonCRS.rawValue)") }
        return parts.joined(separator: " ")
    }

    static func groupTable(_ title: String, _ groups: [ConformanceReport.Group]) -> String {
        var rows = [
            "<h3>\(title)</h3><table><thead><tr><th>名称 Name</th><th>规则 Rules</th><th>有问题的规则 Rules with findings</th><th>问题 Findings</th><th>状态 Status</th></tr></thead><tbody>"
        ]
        for group in groups {
            rows.append(
                "<tr class=\"st-\(group.status.rawValue)\"><td>\(e(group.title.zh))\(group.title.en == group.title.zh ? "" : " <span class=\"en\">\(e(group.title.en))</span>")</td><td class=\"n\">\(group.rules)</td><td class=\"n\">\(group.rulesWithFindings)</td><td class=\"n\">\(group.findings)</td><td>\(group.status.rawValue)</td></tr>"
            )
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }
}
