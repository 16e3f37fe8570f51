import Foundation
import RuleEngine

/// Where the problems are (by township, village and rule, and the area tables) and the findings by rule.
extension HTMLReportWriter {
    // MARK: Where the problems are

    static func places(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
        guard let geometry else { return "" }
        let tables = PlaceTables(report, geometry: geometry)
        guard !tables.townships.isEmpty || !geometry.areas.isEmpty else { return "" }
        var parts = ["<section id=\"places\"><h2>问题分布 <span class=\"en\">Where the problems are</span></h2>"]
        if !tables.townships.isEmpty {
            // findings per place, by severity: the township table, then the village table
            for (heading, column, rows) in [
                ("按乡镇 <span class=\"en\">By township</span>", "乡镇代码 Township", tables.townships),
                ("按村 <span class=\"en\">By village</span>", "村代码 Village", tables.villages),
            ] {
                parts.append(
                    "<h3>\(heading)</h3><table><thead><tr><th>\(column)</th><th>问题 Findings</th><th>error</th><th>warning</th><th>info</th></tr></thead><tbody>"
                )
                for row in rows {
                    parts.append(
                        "<tr><td><code>\(e(row.code))</code></td><td class=\"n\">\(row.total)</td>"
                            + Severity.allCases.map { "<td class=\"n\">\(row.bySeverity[$0] ?? 0)</td>" }.joined()
                            + "</tr>")
                }
                parts.append("</tbody></table>")
            }
            parts.append(
                "<h3>规则 × 乡镇 <span class=\"en\">Rule × township</span></h3><table><thead><tr><th>规则 Rule</th>"
                    + tables.townships.map { "<th><code>\(e($0.code))</code></th>" }.joined() + "</tr></thead><tbody>")
            for (rule, counts) in tables.ruleByTownship {
                parts.append(
                    "<tr><td><code>\(e(rule))</code></td>"
                        + tables.townships.map { "<td class=\"n\">\(counts[$0.code] ?? 0)</td>" }.joined() + "</tr>")
            }
            parts.append("</tbody></table>")
            if tables.unplaced > 0 {
                parts.append(
                    "<p class=\"note\">\(tables.unplaced) 个问题无乡镇代码（文件级、无坐落代码或代码不足 9 位） <span class=\"en\">findings have no township (file-level, or no ZLDWDM/XZQDM of 9 digits)</span></p>"
                )
            }
        }
        parts.append(areaTables(geometry.areas))
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    static func areaTables(_ areas: ReportGeometry.Areas) -> String {
        guard !areas.byTownship.isEmpty || !areas.declaredTownship.isEmpty else { return "" }
        var parts = [
            "<h3>面积汇总 <span class=\"en\">Area tables</span></h3><p class=\"note\">图斑面积取 \(e(areas.areaField ?? "—"))，单位平方米，按 ZLDWDM 前 9 位归乡镇 <span class=\"en\">parcel areas from \(e(areas.areaField ?? "—")), m², by the township of ZLDWDM (first 9 digits)</span></p>"
        ]
        let firstLevel = AreaTables.firstLevel(areas)
        let classes = Array(Set(firstLevel.values.flatMap(\.keys))).sorted()
        parts.append(
            "<table><thead><tr><th>乡镇 Township</th>" + classes.map { "<th>\(e($0))</th>" }.joined()
                + "<th>合计 Total</th></tr></thead><tbody>")
        for township in firstLevel.keys.sorted() {
            parts.append(
                "<tr><td><code>\(e(township))</code></td>"
                    + classes.map { "<td class=\"n\">\(area(firstLevel[township]?[$0] ?? 0))</td>" }.joined()
                    + "<td class=\"n\">\(area(areas.byTownship[township] ?? 0))</td></tr>")
        }
        parts.append("</tbody></table>")
        parts.append(
            "<details><summary>二级地类面积 <span class=\"en\">Area by second-level class</span></summary><table><thead><tr><th>乡镇 Township</th><th>DLBM</th><th>面积 Area</th></tr></thead><tbody>"
        )
        for township in areas.byClass.keys.sorted() {
            for (dlbm, value) in areas.byClass[township]!.sorted(by: { $0.key < $1.key }) {
                parts.append(
                    "<tr><td><code>\(e(township))</code></td><td>\(e(dlbm))</td><td class=\"n\">\(area(value))</td></tr>"
                )
            }
        }
        parts.append("</tbody></table></details>")
        let checks = AreaTables.checks(areas)
        if !checks.isEmpty {
            parts.append(
                "<h3>调查面积核对 <span class=\"en\">Declared DCMJ against the parcels</span> (|差值| ≤ \(area(AreaTables.tolerance)) m²)</h3><table><thead><tr><th>图层 Layer</th><th>代码 Code</th><th>DCMJ</th><th>图斑合计 Parcels</th><th>差值 Difference</th><th>结果 Result</th></tr></thead><tbody>"
            )
            for check in checks {
                parts.append(
                    "<tr class=\"\(check.agrees ? "" : "st-failed")\"><td>\(check.layer)</td><td><code>\(e(check.code))</code></td><td class=\"n\">\(area(check.declared))</td><td class=\"n\">\(area(check.parcels))</td><td class=\"n\">\(area(check.declared - check.parcels))</td><td>\(check.agrees ? "一致 agrees" : "不一致 differs")</td></tr>"
                )
            }
            parts.append("</tbody></table>")
        }
        return parts.joined(separator: "\n")
    }

    /// An area with two decimals, never `-0.00`.
    static func area(_ value: Double) -> String { String(format: "%.2f", abs(value) < 0.005 ? 0 : value) }

    static func findings(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
        var parts = [
            "<section id=\"findings\"><h2>问题 <span class=\"en\">Findings</span> (\(report.sample.count) / \(report.findings.count))</h2>"
        ]
        parts.append(
            "<div class=\"filters\"><label>严重性 <span class=\"en\">Severity</span> <select id=\"f-severity\"><option value=\"\">全部 all</option>"
        )
        for severity in Severity.allCases { parts.append("<option>\(severity.rawValue)</option>") }
        parts.append(
            "</select></label> <label>规则 <span class=\"en\">Rule</span> <select id=\"f-rule\"><option value=\"\">全部 all</option>"
        )
        for rule in report.rules where rule.failed > 0 { parts.append("<option>\(e(rule.id))</option>") }
        parts.append(
            "</select></label> <label>搜索 <span class=\"en\">Search</span> <input id=\"f-text\" type=\"search\"></label> <span id=\"f-count\"></span></div>"
        )
        let mapped = Set(ReportGeometry.mapped(report).map(\.fingerprint))
        var records: [String: Int] = [:]
        for layer in report.layers { records[layer.name, default: 0] += layer.records }
        var byRule: [String: [(Int, Finding)]] = [:]
        for (index, finding) in report.sample.enumerated() {
            byRule[finding.rule, default: []].append((index, finding))
        }
        for group in report.summary.byQualityElement {
            let rules = report.rules.filter { $0.qualityElement.rawValue == group.name && byRule[$0.id] != nil }
            guard !rules.isEmpty else { continue }
            parts.append(
                "<h3 class=\"element\">\(e(group.title.zh)) <span class=\"en\">\(e(group.title.en))</span> — \(group.findings)</h3><div class=\"flow\">"
            )
            for rule in rules {
                parts.append(
                    "<div class=\"rule\"><h4><code>\(e(rule.id))</code> \(e(rule.title.zh)) <span class=\"en\">\(e(rule.title.en))</span> · <span class=\"sev-\(rule.severity.rawValue)\">\(rule.severity.rawValue)</span> · \(rule.failed) / \(rule.checked)\(rule.truncated ? "*" : "")</h4><p class=\"clause\">\(e(rule.clause))</p><div class=\"cards\">"
                )
                for (index, finding) in byRule[rule.id] ?? [] {
                    let place = TextReportWriter.place(
                        of: finding.location, root: report.input.path, base: report.options.base)
                    var flags = ""
                    if let state = finding.baseline { flags += " <span class=\"tag\">\(state.rawValue)</span>" }
                    if finding.waiver != nil { flags += " <span class=\"tag\">waived</span>" }
                    let map =
                        mapped.contains(finding.fingerprint)
                        ? findingMap(finding, geometry: geometry, records: records) : ""
                    parts.append(
                        "<article class=\"finding\(map.isEmpty ? "" : " mapped")\" id=\"f-\(index + 1)\" data-severity=\"\(finding.severity.rawValue)\" data-rule=\"\(e(finding.rule))\"><p class=\"fh\"><span class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)</span>\(flags) <code>\(e(place))</code> \(e(finding.keyText ?? ""))</p><p>\(e(finding.message.zh))<br><span class=\"en\">\(e(finding.message.en))</span></p>\(map)</article>"
                    )
                }
                parts.append("</div></div>")
            }
            parts.append("</div>")
        }
        if report.rules.contains(where: \.truncated) {
            parts.append(
                "<p class=\"note\">* 仅列出前 \(report.options.maxFindingsPerRule) 个问题 <span class=\"en\">only the first \(report.options.maxFindingsPerRule) findings of this rule are listed; report.jsonl has them all</span></p>"
            )
        }
        parts.append(
            "<p class=\"note\">每条规则前 \(ReportGeometry.mapsPerRule) 个可定位问题附图 <span class=\"en\">the first \(ReportGeometry.mapsPerRule) located findings of each rule have a map</span></p></section>"
        )
        return parts.joined(separator: "\n")
    }
}
