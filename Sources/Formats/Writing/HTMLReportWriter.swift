import RuleEngine

/// One self-contained HTML page (no external resources), in Chinese and English, that prints well:
/// verdict, run manifest, summaries by quality element and layer, the rule table, a map of the
/// error locations (inline SVG) and the findings with filters.
///
/// It lists the JSON report's sample (`--max-findings-per-rule`), so large runs stay small.
public enum HTMLReportWriter: ReportWriter {
    public static let id = "html"
    public static let fileName = "report.html"
    public static let summary =
        "One self-contained HTML page in Chinese and English: verdict, manifest, summaries, rules, map, findings."

    public static func render(_ report: ConformanceReport) -> String {
        let standard = "\(report.standard.id)@\(report.standard.version)"
        var html: [String] = []
        html.append(
            """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>StdCheck \(e(report.input.path)) — \(e(standard))</title>
            <style>\(style)</style>
            </head>
            <body>
            <header>
            <h1>数据质量检查报告 <span class="en">Conformance report</span></h1>
            <p class="subject">\(e(report.input.path)) · \(e(report.standard.title.zh)) <span class="en">\(e(report.standard.title.en))</span></p>
            """)
        let verdictClass: String
        let verdictText: String
        switch report.verdict {
        case .conformant: (verdictClass, verdictText) = ("pass", "符合标准 <span class=\"en\">CONFORMANT</span>")
        case .nonConformant: (verdictClass, verdictText) = ("fail", "不符合标准 <span class=\"en\">NON-CONFORMANT</span>")
        case .notChecked: (verdictClass, verdictText) = ("unchecked", "未检查 <span class=\"en\">NOT CHECKED</span>")
        }
        html.append(
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
        html.append("<p class=\"gate\">\(gate)</p>")
        if report.verdict == .notChecked {
            html.append("<ul id=\"not-checked\">")
            for finding in report.uncheckedFindings {
                html.append(
                    "<li>\(e(finding.location.description)): \(e(finding.message.zh)) <span class=\"en\">\(e(finding.message.en))</span> [\(e(finding.rule))]</li>"
                )
            }
            for rule in report.unevaluatedRules {
                html.append("<li>\(e(rule.id)): 无法评估 <span class=\"en\">could not be evaluated</span></li>")
            }
            html.append("</ul>")
        }
        html.append("</header>")

        // Manifest
        html.append("<section id=\"manifest\"><h2>运行清单 <span class=\"en\">Run manifest</span></h2><table class=\"kv\">")
        let manifest: [(String, String)] = [
            ("工具 Tool", "\(report.tool.name) \(report.tool.version)"),
            ("标准 Standard", standard + " — " + report.standard.basis.joined(separator: "; ")),
            ("规则包摘要 Pack sha256", report.standard.packDigest),
            ("报告版本 Report version", "\(report.reportVersion)"),
            ("选项 Options", options(report.options)),
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
        html.append("</tbody></table></section>")

        // Summaries
        html.append("<section id=\"summary\"><h2>汇总 <span class=\"en\">Summary</span></h2>")
        html.append(
            groupTable(
                "按质量元素（ISO 19157） <span class=\"en\">By quality element (ISO 19157)</span>",
                report.summary.byQualityElement))
        html.append(groupTable("按图层 <span class=\"en\">By layer</span>", report.summary.byLayer))
        html.append("</section>")

        // Rules
        html.append(
            "<section id=\"rules\"><h2>规则 <span class=\"en\">Rules</span> (\(report.rules.count))</h2><table><thead><tr><th>规则 Rule</th><th>条款 Clause</th><th>严重性 Severity</th><th>质量元素 Element</th><th>检查数 Checked</th><th>问题数 Failed</th><th>状态 Status</th></tr></thead><tbody>"
        )
        for rule in report.rules {
            html.append(
                "<tr class=\"st-\(rule.status.rawValue)\"><td><code>\(e(rule.id))</code><br>\(e(rule.title.zh)) <span class=\"en\">\(e(rule.title.en))</span></td><td>\(e(rule.clause))</td><td class=\"sev-\(rule.severity.rawValue)\">\(rule.severity.rawValue)</td><td>\(rule.qualityElement.rawValue)</td><td class=\"n\">\(rule.checked)</td><td class=\"n\">\(rule.failed)\(rule.truncated ? "*" : "")</td><td>\(rule.status.rawValue)</td></tr>"
            )
        }
        html.append("</tbody></table>")
        if report.rules.contains(where: \.truncated) {
            html.append(
                "<p class=\"note\">* 仅列出前 \(report.options.maxFindingsPerRule) 个问题 <span class=\"en\">only the first \(report.options.maxFindingsPerRule) findings of this rule are listed; report.jsonl has them all</span></p>"
            )
        }
        html.append("</section>")

        html.append(map(report))

        // Findings
        html.append(
            "<section id=\"findings\"><h2>问题 <span class=\"en\">Findings</span> (\(report.sample.count) / \(report.findings.count))</h2>"
        )
        html.append(
            "<div class=\"filters\"><label>严重性 <span class=\"en\">Severity</span> <select id=\"f-severity\"><option value=\"\">全部 all</option>"
        )
        for severity in Severity.allCases { html.append("<option>\(severity.rawValue)</option>") }
        html.append(
            "</select></label> <label>规则 <span class=\"en\">Rule</span> <select id=\"f-rule\"><option value=\"\">全部 all</option>"
        )
        for rule in report.rules where rule.failed > 0 { html.append("<option>\(e(rule.id))</option>") }
        html.append(
            "</select></label> <label>搜索 <span class=\"en\">Search</span> <input id=\"f-text\" type=\"search\"></label> <span id=\"f-count\"></span></div>"
        )
        html.append(
            "<table id=\"finding-table\"><thead><tr><th>位置 Place</th><th>要素 Key</th><th>严重性 Severity</th><th>问题 Message</th><th>规则 Rule</th></tr></thead><tbody>"
        )
        for finding in report.sample {
            let place = TextReportWriter.place(of: finding.location, root: report.input.path, base: report.options.base)
            var flags = ""
            if let state = finding.baseline { flags += " <span class=\"tag\">\(state.rawValue)</span>" }
            if finding.waiver != nil { flags += " <span class=\"tag\">waived</span>" }
            html.append(
                "<tr data-severity=\"\(finding.severity.rawValue)\" data-rule=\"\(e(finding.rule))\"><td><code>\(e(place))</code></td><td>\(e(finding.keyText ?? ""))</td><td class=\"sev-\(finding.severity.rawValue)\">\(finding.severity.rawValue)\(flags)</td><td>\(e(finding.message.zh))<br><span class=\"en\">\(e(finding.message.en))</span></td><td><code>\(e(finding.rule))</code></td></tr>"
            )
        }
        html.append("</tbody></table></section>")
        html.append(
            "<footer>\(e(report.tool.name)) \(e(report.tool.version)) · \(e(standard)) · sha256 \(e(String(report.standard.packDigest.prefix(16))))…</footer>"
        )
        html.append("<script>\(script)</script>\n</body>\n</html>")
        return html.joined(separator: "\n") + "\n"
    }

    private static func e(_ text: String) -> String { escapeMarkup(text) }

    private static func options(_ options: ConformanceReport.Options) -> String {
        var parts = ["--fail-on \(options.failOn)", "--max-findings-per-rule \(options.maxFindingsPerRule)"]
        if let baseline = options.baseline { parts.append("--baseline \(baseline)") }
        if let waivers = options.waivers { parts.append("--waivers \(waivers)") }
        if let today = options.today { parts.append("today \(today)") }
        if let crs = options.geojsonCRS { parts.append("--geojson-crs \(crs)") }
        return parts.joined(separator: " ")
    }

    private static func groupTable(_ title: String, _ groups: [ConformanceReport.Group]) -> String {
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

    /// An SVG of each layer's extent with the listed findings that have a place, y pointing north.
    private static func map(_ report: ConformanceReport) -> String {
        var parts = ["<section id=\"map\"><h2>错误位置 <span class=\"en\">Error locations</span></h2>"]
        let located = report.sample.filter { $0.geometry != nil }
        var drawn = 0
        for layer in report.layers {
            guard let extent = layer.extent, extent.count == 4 else { continue }
            let points = located.filter { report.layer(of: $0) == layer }
            let width = 760.0
            let spanX = max(extent[2] - extent[0], 1e-9)
            let spanY = max(extent[3] - extent[1], 1e-9)
            let scale = width / spanX
            let height = min(max(spanY * scale, 80), 760)
            let scaleY = height / spanY
            let crs = layer.crs.flatMap { $0.epsg.map { "EPSG:\($0)" } } ?? "CRS unknown"
            parts.append(
                "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-10 -10 \(r(width + 20)) \(r(height + 20))\" width=\"100%\" role=\"img\" aria-label=\"\(e(layer.name)) error map\">"
            )
            parts.append("<rect x=\"0\" y=\"0\" width=\"\(r(width))\" height=\"\(r(height))\" class=\"extent\"/>")
            for finding in points {
                guard let point = finding.geometry?.points.first else { continue }
                let x = (point[0] - extent[0]) * scale
                let y = (extent[3] - point[1]) * scaleY
                parts.append(
                    "<circle cx=\"\(r(x))\" cy=\"\(r(y))\" r=\"5\" class=\"sev-\(finding.severity.rawValue)\"><title>\(e(finding.location.description)) \(e(finding.keyText ?? "")): \(e(finding.message.zh)) / \(e(finding.message.en)) [\(e(finding.rule))]</title></circle>"
                )
                drawn += 1
            }
            parts.append(
                "</svg><figcaption>\(e(layer.name)) (\(e(layer.file))): \(points.count) 个问题位置 <span class=\"en\">located findings</span>; 范围 <span class=\"en\">extent</span> \(extent.map { r($0) }.joined(separator: ", ")) (\(e(crs)))</figcaption></figure>"
            )
        }
        if drawn == 0 && located.isEmpty {
            parts.append("<p class=\"note\">没有可定位的问题 <span class=\"en\">no finding has a place on the map</span></p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// A number with at most two decimals, for SVG coordinates and extents.
    private static func r(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), let whole = Int(exactly: rounded) { return String(whole) }
        return "\(rounded)"
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.4}
        h1{font-size:1.5em;margin:0}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.5em}h3{font-size:1em}
        .en{color:#555;font-size:.92em}table{border-collapse:collapse;margin:.5em 0;width:100%;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}th{background:#f0f0f0}
        td.n{text-align:right}code{font-size:.9em;word-break:break-all}.kv th{width:14em}
        .verdict{font-size:1.3em;font-weight:bold;padding:.4em .6em;border-radius:4px}
        .verdict.pass{background:#e3f5e1;color:#1d5e17}.verdict.fail{background:#fbe3e1;color:#8a1c12}.verdict.unchecked{background:#fff1c9;color:#6b4a00}
        .sev-error{color:#b3261e;fill:#d93025}.sev-warning{color:#8a5a00;fill:#f29900}.sev-info{color:#1a5fb4;fill:#1a73e8}
        circle{stroke:#fff;stroke-width:1.5;fill-opacity:.85}.extent{fill:#f7f7f2;stroke:#888}
        tr.st-failed td:last-child,tr.st-error td:last-child{color:#b3261e;font-weight:bold}
        .tag{border:1px solid #999;border-radius:3px;padding:0 .2em;font-size:.8em}.filters{margin:.5em 0}
        figure{margin:0}svg{max-width:48em;border:1px solid #ddd}footer{margin-top:2em;color:#777;font-size:.8em}
        @media print{.filters{display:none}body{margin:0}section{break-inside:avoid-page}tr{break-inside:avoid}a{color:inherit}}
        """

    static let script = """
        (function(){var s=document.getElementById('f-severity'),r=document.getElementById('f-rule'),t=document.getElementById('f-text'),
        c=document.getElementById('f-count'),rows=document.querySelectorAll('#finding-table tbody tr');
        function apply(){var n=0,q=t.value.toLowerCase();rows.forEach(function(row){var ok=(!s.value||row.dataset.severity===s.value)&&
        (!r.value||row.dataset.rule===r.value)&&(!q||row.textContent.toLowerCase().indexOf(q)>=0);row.style.display=ok?'':'none';if(ok)n++;});
        c.textContent=n+' / '+rows.length;}s.onchange=apply;r.onchange=apply;t.oninput=apply;apply();})();
        """
}
