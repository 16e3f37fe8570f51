import Foundation

extension BatchSummary {
    /// One self-contained page (no external asset: the style, the sorting script and the charts are inline):
    /// the totals with a bar chart of the top rules, then a sortable table per level (provinces, cities,
    /// counties with a link to each item's report), each province with its own chart.
    public func html() -> String {
        var page = """
            <!DOCTYPE html>
            <html lang="zh"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>批量检查汇总 Batch summary \(esc(name))</title>
            <style>
            body{font:14px/1.45 system-ui,"Noto Sans CJK SC",sans-serif;margin:24px;color:#1d2327}
            h1{font-size:20px}h2{font-size:17px;margin-top:28px}
            table{border-collapse:collapse;margin:8px 0}
            th,td{border:1px solid #c3c4c7;padding:3px 8px;text-align:right;vertical-align:top}
            th{background:#f0f0f1;cursor:pointer;user-select:none}th[aria-sort=ascending]::after{content:" ▲"}
            th[aria-sort=descending]::after{content:" ▼"}td.t{text-align:left}
            .NON-CONFORMANT,.FAILED{color:#b32d2e;font-weight:600}.CONFORMANT{color:#007017}
            .PENDING,.NOT{color:#996800}svg text{font-size:12px}
            </style></head><body>
            <h1>批量检查汇总 Batch summary: \(esc(name))</h1>
            <p>批次 batch <code>\(esc(batch))</code> · 提交于 submitted \(esc(createdAt)) · \
            结论 verdict <span class="\(cls(totals.verdict))">\(esc(totals.verdict))</span></p>

            """
        page += table(
            id: "totals", first: ["范围 scope"], rows: [(["全部 all"], totals, nil, "")])
        page += "<h2>主要规则 Top rules</h2>\n" + chart(totals.topRules)
        page += "<h2>省 Provinces</h2>\n"
        page += table(
            id: "provinces", first: ["省 province", "名称 name"],
            rows: provinces.map { ([$0.code, $0.name ?? ""], $0.group, nil, "") })
        for province in provinces where !province.group.topRules.isEmpty {
            page += "<h3>\(esc(province.code)) \(esc(province.name ?? "")) 主要规则 top rules</h3>\n"
            page += chart(province.group.topRules)
        }
        page += "<h2>市 Cities</h2>\n"
        page += table(
            id: "cities", first: ["省 province", "市 city"],
            rows: provinces.flatMap { province in province.cities.map { ([province.code, $0.code], $0.group, nil, "") }
            })
        page += "<h2>县 Counties and deliveries</h2>\n"
        var rows: [([String], Group, String?, String)] = []
        for province in provinces {
            for city in province.cities {
                for county in city.counties {
                    for item in county.items {
                        rows.append(
                            (
                                [city.code, county.code, item.id], BatchSummary.group([item]), item.report,
                                item.failureReason ?? ""
                            ))
                    }
                }
            }
        }
        page += table(id: "counties", first: ["市 city", "县 county", "交付 delivery"], rows: rows, links: true)
        page += "<script>\(BatchSummary.sortScript)</script>\n</body></html>\n"
        return page
    }

    func table(id: String, first: [String], rows: [([String], Group, String?, String)], links: Bool = false)
        -> String
    {
        var headers =
            first + [
                "结论 verdict", "数量 items", "合格 conformant", "不合格 non-conformant", "未检查 not checked",
                "失败 failed", "待检 pending", "错误 errors", "警告 warnings", "图斑 parcels", "面积 area (m²)",
                "主要规则 top rules",
            ]
        if links { headers += ["报告 report", "说明 note"] }
        var text = "<table class=\"sortable\" id=\"\(id)\"><thead><tr>"
        text += headers.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for (labels, group, report, note) in rows {
            text += "<tr>" + labels.map { "<td class=\"t\">\(esc($0))</td>" }.joined()
            text += "<td class=\"t \(cls(group.verdict))\">\(esc(group.verdict))</td>"
            let numbers = [
                group.items, group.conformant, group.nonConformant, group.notChecked, group.failed, group.pending,
                group.errors, group.warnings, group.parcels,
            ]
            text += numbers.map { "<td>\($0)</td>" }.joined()
            text += "<td>\(BatchSummary.area(group.area))</td>"
            text += "<td class=\"t\">\(esc(BatchSummary.rulesText(group.topRules)))</td>"
            if links {
                text += "<td class=\"t\">" + (report.map { "<a href=\"\(esc($0))\">report</a>" } ?? "") + "</td>"
                text += "<td class=\"t\">\(esc(note))</td>"
            }
            text += "</tr>\n"
        }
        return text + "</tbody></table>\n"
    }

    /// A horizontal bar chart of rule counts, inline SVG.
    func chart(_ rules: [RuleCount]) -> String {
        guard let largest = rules.map(\.findings).max(), largest > 0 else {
            return "<p>没有发现问题的规则 No rule found anything.</p>\n"
        }
        let (label, bar, row) = (260, 360, 22)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(label + bar + 80)\" height=\"\(rules.count * row + 4)\""
        svg += " role=\"img\" aria-label=\"top rules\">\n"
        for (index, rule) in rules.enumerated() {
            let y = index * row + 2
            let width = max(1, rule.findings * bar / largest)
            let colour = rule.severity == "error" ? "#d63638" : rule.severity == "warning" ? "#dba617" : "#72aee6"
            svg += "<text x=\"\(label - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(esc(rule.rule))</text>"
            svg += "<rect x=\"\(label)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"\(row - 6)\" fill=\"\(colour)\">"
            svg += "<title>\(esc(rule.rule)) (\(esc(rule.severity))): \(rule.findings)</title></rect>"
            svg += "<text x=\"\(label + width + 6)\" y=\"\(y + 15)\">\(rule.findings)</text>\n"
        }
        return svg + "</svg>\n"
    }

    func esc(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    func cls(_ verdict: String) -> String { verdict.split(separator: " ").first.map(String.init) ?? "" }

    /// Click a header to sort by its column (numbers as numbers), again to reverse.
    static let sortScript = """
        document.querySelectorAll("table.sortable th").forEach(function (th) {
          th.addEventListener("click", function () {
            var table = th.closest("table"), body = table.tBodies[0], index = th.cellIndex;
            var ascending = th.getAttribute("aria-sort") !== "ascending";
            table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            var rows = Array.prototype.slice.call(body.rows);
            rows.sort(function (a, b) {
              var x = a.cells[index].textContent, y = b.cells[index].textContent;
              var number = /^-?[0-9]+(\\.[0-9]+)?$/;
              var order = number.test(x) && number.test(y) ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh");
              return ascending ? order : -order;
            });
            rows.forEach(function (row) { body.appendChild(row); });
          });
        });
        """
}
