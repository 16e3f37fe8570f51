import Foundation
import RuleEngine

/// The change table of a report checked with `--base` (`ConformanceReport.changeSummary`): per township
/// and first-level class, base area, area out, area in and new area, as the text and HTML reports show it.
enum ChangeSummaryTable {
    static func number(_ value: Double) -> String {
        let text = String(format: "%.2f", value)
        return text == "-0.00" ? "0.00" : text
    }

    static func label(_ value: String, total: String) -> String { value == "*" ? total : value }

    /// Lines for the text report (empty without a summary).
    static func text(_ report: ConformanceReport, zh: Bool) -> [String] {
        guard let summary = report.changeSummary else { return [] }
        let header =
            zh ? ["乡镇", "一级地类", "基础面积", "变出面积", "变入面积", "更新后面积"] : ["township", "class", "base", "out", "in", "new"]
        let rows = (summary.rows + [summary.total]).map { row in
            [
                label(row.unit, total: zh ? "合计" : "total"), label(row.landClass, total: zh ? "小计" : "all"),
                number(row.baseArea), number(row.areaOut), number(row.areaIn),
                number(row.newArea)
                    + (abs(row.newArea - row.updatedArea) > 0.005 ? " (≠ \(number(row.updatedArea)))" : ""),
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "  "
                + cells.enumerated().map { column, cell in
                    column < 2
                        ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: max(0, widths[column] - cell.count)) + cell
                }.joined(separator: "  ")
        }
        return [
            "",
            zh
                ? "更新后的数据库（平方米，\(summary.rule)）："
                : "The database after the update (m², \(summary.rule)):",
            line(header),
        ] + rows.map(line)
    }

    /// The HTML section (empty without a summary).
    static func html(_ report: ConformanceReport) -> String {
        guard let summary = report.changeSummary else { return "" }
        let e = HTMLReportWriter.e
        var parts = [
            "<section id=\"changes\"><h2>更新后的数据库 <span class=\"en\">The database after the update</span></h2>"
                + "<p>按乡镇、一级地类统计（平方米；规则 \(e(summary.rule))）<span class=\"en\"> Per township and first-level class, in m² (rule \(e(summary.rule))).</span></p>"
                + "<table><thead><tr><th>乡镇 Township</th><th>一级地类 Class</th><th>基础面积 Base</th>"
                + "<th>变出 Out</th><th>变入 In</th><th>更新后 New</th><th>更新后数据库 Updated database</th></tr></thead><tbody>"
        ]
        for row in summary.rows + [summary.total] {
            let balanced = abs(row.newArea - row.updatedArea) <= 0.005
            let total = row.landClass == "*"
            parts.append(
                "<tr\(balanced ? "" : " class=\"st-failed\"")>"
                    + "<td>\(total ? "<b>" : "")\(e(label(row.unit, total: "合计 total")))\(total ? "</b>" : "")</td>"
                    + "<td>\(e(label(row.landClass, total: "小计 all")))</td>"
                    + [row.baseArea, row.areaOut, row.areaIn, row.newArea, row.updatedArea].map {
                        "<td class=\"n\">\(number($0))</td>"
                    }.joined() + "</tr>")
        }
        parts.append("</tbody></table></section>")
        return parts.joined(separator: "\n")
    }
}
