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
        html.append(rules(report))
        html.append(manifest(report, standard: standard, geojsonCRS: context.geojsonCRS))
        html.append(
            "<footer>\(e(report.tool.name)) \(e(report.tool.version)) · \(e(standard)) · sha256 \(e(String(report.standard.packDigest.prefix(16))))…</footer>"
        )
        html.append("<script>\(script)</script>\n</body>\n</html>")
        return html.joined(separator: "\n") + "\n"
    }

    // MARK: Cover and conclusion

    private static func cover(_ report: ConformanceReport, context: ReportContext, standard: String) -> String {
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

    // MARK: Where the problems are

    private static func places(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
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

    private static func areaTables(_ areas: ReportGeometry.Areas) -> String {
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

    // MARK: Maps

    /// Pixel placement of ground coordinates in a map: x right, y down.
    struct Frame {
        var minX: Double
        var maxY: Double
        var scale: Double
        /// The map's size in pixels, for clipping; nil draws every vertex.
        var size: (width: Double, height: Double)? = nil
        func x(_ value: Double) -> String { r((value - minX) * scale) }
        func y(_ value: Double) -> String { r((maxY - value) * scale) }

        /// SVG path data of one part. With a `size`, the path is simplified to the map: vertices are
        /// rounded to a tenth of a pixel and repeats dropped, and a vertex is left out when it, the
        /// last vertex kept and the next one all lie beyond the same edge of the map (widened by a
        /// margin), which changes the drawing only outside the map. A county's village outline then
        /// costs a few vertices in a parcel's map, not thousands.
        func path(_ coordinates: [Double], closed: Bool) -> String {
            guard coordinates.count >= 4 else { return "" }
            let count = coordinates.count / 2
            var pixels: [(Double, Double)] = []
            pixels.reserveCapacity(count)
            for index in 0..<count {
                pixels.append(((coordinates[2 * index] - minX) * scale, (maxY - coordinates[2 * index + 1]) * scale))
            }
            guard let size else {
                var text = "M\(r(pixels[0].0)) \(r(pixels[0].1))"
                for pixel in pixels.dropFirst() { text += "L\(r(pixel.0)) \(r(pixel.1))" }
                return closed ? text + "Z" : text
            }
            let margin = 20.0
            func side(_ p: (Double, Double)) -> Int {
                var bits = 0
                if p.0 < -margin { bits |= 1 }
                if p.0 > size.width + margin { bits |= 2 }
                if p.1 < -margin { bits |= 4 }
                if p.1 > size.height + margin { bits |= 8 }
                return bits
            }
            func tenth(_ value: Double) -> Double { (value * 10).rounded() / 10 }
            var kept: [(Double, Double)] = []
            for index in 0..<count {
                let point = (tenth(pixels[index].0), tenth(pixels[index].1))
                if let last = kept.last, last == point { continue }
                if let last = kept.last, index + 1 < count,
                    side(last) & side(point) & side(pixels[index + 1]) != 0
                {
                    continue
                }
                kept.append(point)
            }
            var text = "M\(r(kept[0].0)) \(r(kept[0].1))"
            for pixel in kept.dropFirst() { text += "L\(r(pixel.0)) \(r(pixel.1))" }
            return closed ? text + "Z" : text
        }
    }

    private static func overview(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
        var parts = ["<section id=\"map\"><h2>问题位置总图 <span class=\"en\">Overview map</span></h2>"]
        // where each listed finding is drawn: its error geometry, else the middle of its feature
        let located: [(Int, Finding, (Double, Double))] = report.sample.enumerated().compactMap { index, finding in
            if let geometry = finding.geometry, let point = anchor(geometry) { return (index, finding, point) }
            if let own = ownFeature(finding, geometry: geometry) {
                return (index, finding, (own.envelope.centerX, own.envelope.centerY))
            }
            return nil
        }
        let extents = report.layers.compactMap(\.extent).filter { $0.count == 4 }
        guard let first = extents.first else {
            parts.append(
                "<p class=\"note\">没有可定位的问题 <span class=\"en\">no layer has shapes to map</span></p></section>")
            return parts.joined(separator: "\n")
        }
        let outlines = geometry?.outlines ?? []
        let extent =
            outlines.first?.extent
            ?? extents.dropFirst().reduce(first) {
                [min($0[0], $1[0]), min($0[1], $1[1]), max($0[2], $1[2]), max($0[3], $1[3])]
            }
        let spanX = max(extent[2] - extent[0], 1e-9)
        let spanY = max(extent[3] - extent[1], 1e-9)
        var scale = ReportGeometry.overviewWidth / spanX
        if spanY * scale > ReportGeometry.overviewWidth { scale = ReportGeometry.overviewWidth / spanY }
        let width = spanX * scale
        let height = spanY * scale
        let frame = Frame(minX: extent[0], maxY: extent[3], scale: scale)
        parts.append(
            "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"overview\" viewBox=\"-10 -10 \(r(width + 20)) \(r(height + 20))\" role=\"img\" aria-label=\"overview map\">"
        )
        parts.append("<rect x=\"0\" y=\"0\" width=\"\(r(width))\" height=\"\(r(height))\" class=\"extent\"/>")
        // larger layers underneath, the village and township outlines on top
        let drawOrder = outlines.enumerated().sorted { a, b in
            let ra = a.element.drawn + a.element.belowPixel + a.element.leftOut
            let rb = b.element.drawn + b.element.belowPixel + b.element.leftOut
            return ra != rb ? ra > rb : a.offset < b.offset
        }
        for (rank, item) in drawOrder.enumerated() {
            parts.append(
                "<path class=\"ol ol\(min(rank, 3))\" d=\"\(item.element.path)\"><title>\(e(item.element.layer))</title></path>"
            )
        }
        let order: [Severity] = [.info, .warning, .error]
        var dots = 0
        for severity in order {
            for (index, finding, point) in located where finding.severity == severity {
                guard dots < maxOverviewDots else { continue }
                dots += 1
                parts.append(
                    "<a href=\"#f-\(index + 1)\"><circle cx=\"\(frame.x(point.0))\" cy=\"\(frame.y(point.1))\" r=\"5\" class=\"sev-\(severity.rawValue)\"><title>\(e(finding.location.description)) \(e(finding.keyText ?? "")): \(e(finding.message.zh)) / \(e(finding.message.en)) [\(e(finding.rule))]</title></circle></a>"
                )
            }
        }
        parts.append(northArrow(x: width - 18, y: 4))
        parts.append(scaleBar(width: width, height: height, scale: scale, geographic: isGeographic(extent)))
        parts.append("</svg>")
        // legend
        var legend = ["<figcaption><div class=\"legend\">"]
        for severity in Severity.allCases {
            legend.append(
                "<span><svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\"><circle cx=\"7\" cy=\"7\" r=\"5\" class=\"sev-\(severity.rawValue)\"/></svg> \(severity.rawValue)</span>"
            )
        }
        for (rank, item) in drawOrder.enumerated() {
            legend.append(
                "<span><svg width=\"22\" height=\"14\" viewBox=\"0 0 22 14\"><path class=\"ol ol\(min(rank, 3))\" d=\"M1 7H21\"/></svg> \(e(item.element.layer))</span>"
            )
        }
        legend.append("</div>")
        legend.append(
            "\(dots) 个问题位置，点击跳转到问题 <span class=\"en\">located findings; click one to go to it</span>. 范围 <span class=\"en\">extent</span> \(extent.map { r($0) }.joined(separator: ", "))"
        )
        for outline in outlines {
            var said =
                "<br>\(e(outline.layer)) (\(e(outline.file))): \(outline.drawn) 个轮廓 <span class=\"en\">outlines drawn</span>"
            if outline.belowPixel > 0 {
                said += ", \(outline.belowPixel) 个小于一个像素未画 <span class=\"en\">smaller than a pixel, not drawn</span>"
            }
            if outline.leftOut > 0 {
                said +=
                    ", \(outline.leftOut) 个未画：该图层超出总图轮廓容量（\(ReportGeometry.outlineByteBudget) 字节） <span class=\"en\">not drawn: the layer does not fit in the overview's outline budget of \(ReportGeometry.outlineByteBudget) bytes</span>"
            }
            legend.append(said)
        }
        if located.count > dots {
            legend.append(
                "<br>仅画出前 \(maxOverviewDots) 个问题 <span class=\"en\">only the first \(maxOverviewDots) findings are drawn</span>"
            )
        }
        legend.append("</figcaption></figure>")
        parts.append(legend.joined(separator: "\n"))
        if located.isEmpty {
            parts.append("<p class=\"note\">没有可定位的问题 <span class=\"en\">no finding has a place on the map</span></p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    /// The feature a finding is on, when the context has its shape.
    private static func ownFeature(_ finding: Finding, geometry: ReportGeometry?) -> ReportGeometry.Feature? {
        guard let geometry, let record = finding.location.record else { return nil }
        func stem(_ path: String) -> String { (path as NSString).deletingPathExtension }
        return (geometry.near[finding.fingerprint] ?? []).lazy.map { geometry.features[$0] }.first {
            stem($0.file) == stem(finding.location.file) && $0.record == record
        }
    }

    /// Findings drawn on the overview at most.
    static let maxOverviewDots = 5000

    /// The point a finding is drawn at on the overview: a point itself, else the middle of its box.
    private static func anchor(_ geometry: ErrorGeometry) -> (Double, Double)? {
        if case .point(let x, let y) = geometry { return (x, y) }
        let points = geometry.points
        guard let xs = points.map({ $0[0] }).min(), let xe = points.map({ $0[0] }).max(),
            let ys = points.map({ $0[1] }).min(), let ye = points.map({ $0[1] }).max()
        else { return nil }
        return ((xs + xe) / 2, (ys + ye) / 2)
    }

    private static func isGeographic(_ extent: [Double]) -> Bool {
        extent.allSatisfy { abs($0) <= 360 }
    }

    private static func northArrow(x: Double, y: Double) -> String {
        "<g class=\"north\" transform=\"translate(\(r(x)) \(r(y)))\"><path d=\"M7 0L13 16L7 12L1 16Z\"/><text x=\"7\" y=\"26\" text-anchor=\"middle\">N</text></g>"
    }

    /// A scale bar of a round length (1, 2 or 5 × 10ⁿ) near a quarter of the map's width, bottom left.
    private static func scaleBar(width: Double, height: Double, scale: Double, geographic: Bool) -> String {
        let target = width / 4 / scale
        let power = pow(10, (log10(target)).rounded(.down))
        let length = [5.0, 2, 1].map { $0 * power }.first { $0 <= target } ?? power
        let pixels = length * scale
        let unit: String
        if geographic {
            unit = "\(r(length))°"
        } else if length >= 1000 {
            unit = "\(r(length / 1000)) km"
        } else {
            unit = "\(r(length)) m"
        }
        let y = height - 6
        return
            "<g class=\"scale\"><path d=\"M4 \(r(y - 4))V\(r(y))H\(r(4 + pixels))V\(r(y - 4))\"/><text x=\"\(r(4 + pixels + 4))\" y=\"\(r(y))\">\(unit)</text></g>"
    }

    /// The small map of one finding: its feature, the neighbours, the error geometry.
    ///
    /// Features of the finding's own layer are its neighbours (thin grey); of a layer with fewer
    /// features (the villages, the township around a parcel) the context (dashed brown); of the next
    /// layer with more (the villages of a township, the parcels of a village: what an aggregate sums)
    /// the involved features (thin blue); of layers finer still the detail (faint grey).
    private static func findingMap(_ finding: Finding, geometry: ReportGeometry?, records: [String: Int]) -> String {
        let features = (geometry?.near[finding.fingerprint] ?? []).map { geometry!.features[$0] }
        let own = ownFeature(finding, geometry: geometry)
        let error = finding.geometry
        guard error != nil || own != nil else { return "" }
        let points = error?.points ?? []
        var box = Envelope(
            minX: points.map { $0[0] }.min() ?? .infinity, minY: points.map { $0[1] }.min() ?? .infinity,
            maxX: points.map { $0[0] }.max() ?? -.infinity, maxY: points.map { $0[1] }.max() ?? -.infinity)
        if let own {
            box = Envelope(
                minX: min(box.minX, own.envelope.minX), minY: min(box.minY, own.envelope.minY),
                maxX: max(box.maxX, own.envelope.maxX), maxY: max(box.maxY, own.envelope.maxY))
        }
        let size = max(box.maxX - box.minX, box.maxY - box.minY, isGeographic([box.minX, box.minY]) ? 1e-4 : 10)
        let margin = size * 0.25
        let (width, height) = (260.0, 190.0)
        let groundWidth = max(box.maxX - box.minX + 2 * margin, (box.maxY - box.minY + 2 * margin) * width / height)
        let scale = width / groundWidth
        let frame = Frame(
            minX: box.centerX - width / 2 / scale, maxY: box.centerY + height / 2 / scale, scale: scale,
            size: (width, height))
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fmap\" viewBox=\"0 0 \(r(width)) \(r(height))\" role=\"img\" aria-label=\"finding map\">",
            "<rect width=\"\(r(width))\" height=\"\(r(height))\" class=\"bg\"/>",
        ]
        let findingLayer = finding.location.layer
        // other layers (villages, townships) first, then the neighbours, then the feature
        let ownCount = records[findingLayer ?? ""] ?? 0
        // the next finer layer holds the features an aggregate is made of (the villages of a township,
        // the parcels of a village): drawn as involved; finer still, faint detail; coarser, context
        let involved = Set(features.map(\.layer)).filter { (records[$0] ?? 0) > ownCount }
            .min { ((records[$0] ?? 0), $0) < ((records[$1] ?? 0), $1) }
        func kind(_ feature: ReportGeometry.Feature) -> String {
            if feature.layer == findingLayer { return "nb" }
            if feature.layer == involved { return "inv" }
            return (records[feature.layer] ?? 0) > ownCount ? "detail" : "ctx"
        }
        let rank = ["detail": 0, "inv": 1, "ctx": 2, "nb": 3]
        let ordered = features.filter { $0 != own }.enumerated().sorted { a, b in
            let (ra, rb) = (rank[kind(a.element)]!, rank[kind(b.element)]!)
            return ra != rb ? ra < rb : a.offset < b.offset
        }.map(\.element)
        // the feature's fill first, under everything; its outline last, over everything
        let ownPath =
            own.map { own in
                own.parts.map { frame.path($0, closed: own.kind == .polygon || own.kind == .multipatch) }.joined()
            } ?? ""
        if own != nil { parts.append("<path class=\"own-fill\" d=\"\(ownPath)\"/>") }
        for feature in ordered {
            let closed = feature.kind == .polygon || feature.kind == .multipatch
            let d = feature.parts.map { frame.path($0, closed: closed) }.joined()
            let kind = kind(feature)
            parts.append(
                "<path class=\"\(kind)\" d=\"\(d)\"><title>\(e(feature.layer)) \(feature.key.map { "BSM \(e($0))" } ?? "#\(feature.record)")</title></path>"
            )
        }
        if let own {
            parts.append(
                "<path class=\"own\" d=\"\(ownPath)\"><title>\(e(own.layer)) \(own.key.map { "BSM \(e($0))" } ?? "#\(own.record)")</title></path>"
            )
        }
        switch error {
        case nil: break
        case .point(let x, let y):
            parts.append("<circle class=\"err-pt\" cx=\"\(frame.x(x))\" cy=\"\(frame.y(y))\" r=\"6\"/>")
        case .lineString(let line):
            parts.append("<path class=\"err-ln\" d=\"\(frame.path(line.flatMap { $0 }, closed: false))\"/>")
        case .polygon(let rings):
            parts.append(
                "<path class=\"err\" d=\"\(rings.map { frame.path($0.flatMap { $0 }, closed: true) }.joined())\"/>")
        case .multiPolygon(let polygons):
            parts.append(
                "<path class=\"err\" d=\"\(polygons.flatMap { $0 }.map { frame.path($0.flatMap { $0 }, closed: true) }.joined())\"/>"
            )
        }
        // an error that covers a few pixels at most (a sliver, a thin overlap or gap along an edge)
        // gets a ring around its middle, so that it is seen
        let rings: [[[Double]]]
        switch error {
        case nil, .point, .lineString: rings = []
        case .polygon(let polygon): rings = polygon
        case .multiPolygon(let polygons): rings = polygons.flatMap { $0 }
        }
        if !rings.isEmpty, let error, let center = anchor(error) {
            var area = 0.0
            for ring in rings where ring.count > 2 {
                var twice = 0.0
                for index in ring.indices {
                    let next = ring[(index + 1) % ring.count]
                    twice += ring[index][0] * next[1] - next[0] * ring[index][1]
                }
                area += abs(twice) / 2
            }
            if area * scale * scale < 40 {
                parts.append(
                    "<circle class=\"err-pt\" cx=\"\(frame.x(center.0))\" cy=\"\(frame.y(center.1))\" r=\"9\"/>")
            }
        }
        parts.append(northArrow(x: width - 18, y: 4))
        parts.append(
            scaleBar(width: width, height: height, scale: scale, geographic: isGeographic([box.minX, box.minY])))
        parts.append("</svg>")
        return parts.joined()
    }

    // MARK: Findings, rules, manifest

    private static func findings(_ report: ConformanceReport, geometry: ReportGeometry?) -> String {
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

    private static func rules(_ report: ConformanceReport) -> String {
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

    private static func manifest(
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

    private static func e(_ text: String) -> String { escapeMarkup(text) }

    /// The options the run was given, as the command line wrote them; `--geojson-crs` is the GeoJSON
    /// writer's own option (in the context, not the report).
    private static func options(_ options: ConformanceReport.Options, geojsonCRS: GeoJSONReportWriter.CRS) -> String {
        var parts = ["--fail-on \(options.failOn)", "--max-findings-per-rule \(options.maxFindingsPerRule)"]
        if let baseline = options.baseline { parts.append("--baseline \(baseline)") }
        if let waivers = options.waivers { parts.append("--waivers \(waivers)") }
        if let today = options.today { parts.append("today \(today)") }
        if geojsonCRS == .wgs84 { parts.append("--geojson-crs \(geojsonCRS.rawValue)") }
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

    /// A number with at most two decimals, for SVG coordinates and extents.
    /// NaN and infinities (a shape the readers flagged) are 0, so the SVG stays valid.
    static func r(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : "\(rounded)"
    }

    /// A CSS string literal: quotes, backslashes and markup escaped.
    private static func cssString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&": out += "\\" + String(scalar.value, radix: 16) + " "
            case _ where scalar.value < 0x20: out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The printed page: A4, the report's title and subject at the top, page numbers at the bottom.
    private static func pageStyle(_ report: ConformanceReport, standard: String) -> String {
        """
        @page{size:A4;margin:16mm 12mm 16mm 12mm;
        @top-left{content:\(cssString("数据质量检查报告 Data quality inspection report"));font-size:8pt;color:#555}
        @top-right{content:\(cssString(report.input.path + " · " + standard));font-size:8pt;color:#555}
        @bottom-center{content:"第 " counter(page) " 页 / 共 " counter(pages) " 页 · page " counter(page) " of " counter(pages);font-size:8pt;color:#555}}
        """
    }

    static let style = """
        body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:1.5em;color:#222;line-height:1.4}
        h1{font-size:1.6em;margin:.2em 0 .6em;text-align:center}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.5em}h3{font-size:1em}
        h4{font-size:.95em;margin:.8em 0 .2em}.clause{margin:0 0 .3em;color:#555;font-size:.85em}
        .en{color:#555;font-size:.92em}table{border-collapse:collapse;margin:.5em 0;width:100%;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}th{background:#f0f0f0}
        td.n{text-align:right}code{font-size:.9em;word-break:break-all}.kv th{width:14em}.blank{color:#999}
        table.sign td{height:3.5em;vertical-align:bottom;color:#555;width:33%}
        .verdict{font-size:1.3em;font-weight:bold;padding:.4em .6em;border-radius:4px}
        .verdict.pass{background:#e3f5e1;color:#1d5e17}.verdict.fail{background:#fbe3e1;color:#8a1c12}.verdict.unchecked{background:#fff1c9;color:#6b4a00}
        .sev-error{color:#b3261e;fill:#d93025}.sev-warning{color:#8a5a00;fill:#f29900}.sev-info{color:#1a5fb4;fill:#1a73e8}
        circle{stroke:#fff;stroke-width:1.5;fill-opacity:.9}.extent{fill:#f7f7f2;stroke:#888}
        .ol{fill:none;stroke-linejoin:round}.ol0{stroke:#b8b8b8;stroke-width:.4}.ol1{stroke:#7a5c2e;stroke-width:1.2;stroke-dasharray:4 2}
        .ol2,.ol3{stroke:#222;stroke-width:1.6}
        .fmap .bg{fill:#fafaf6}.nb{fill:none;stroke:#8c8c8c;stroke-width:.7}.detail{fill:none;stroke:#c4c4c4;stroke-width:.5}.inv{fill:none;stroke:#5b7fa8;stroke-width:.9}.ctx{fill:none;stroke:#7a5c2e;stroke-width:1.4;stroke-dasharray:5 3}
        .own-fill{fill:#dce8f7;stroke:none}.own{fill:none;stroke:#1a4f9c;stroke-width:1.6}.err{fill:#d93025;fill-opacity:.55;stroke:#b3261e;stroke-width:2.5;stroke-linejoin:round}
        .err-ln{fill:none;stroke:#d93025;stroke-width:3}.err-pt{fill:none;stroke:#d93025;stroke-width:2.5}
        .nb:hover,.ctx:hover,.detail:hover,.inv:hover{stroke:#000;stroke-width:2}.north path{fill:#333}.north text,.scale text{font-size:10px;fill:#333}
        .scale path{fill:none;stroke:#333;stroke-width:1.5}
        tr.st-failed td:last-child,tr.st-error td:last-child{color:#b3261e;font-weight:bold}
        .tag{border:1px solid #999;border-radius:3px;padding:0 .2em;font-size:.8em}.filters{margin:.5em 0}
        figure{margin:0}svg.overview{width:100%;max-width:50em;border:1px solid #ddd}.legend span{margin-right:1em;white-space:nowrap}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17em,1fr));gap:.5em}
        .finding{border:1px solid #ddd;border-radius:3px;padding:.3em;font-size:.85em}.finding p{margin:.1em 0}
        .finding:target{outline:3px solid #f29900}.fmap{width:100%;display:block;margin-top:.2em;border:1px solid #eee}
        details summary{cursor:pointer}details summary h2{display:inline}footer{margin-top:2em;color:#777;font-size:.8em}
        @media print{body{margin:0;font-size:8pt}.filters{display:none}#cover{break-after:page}h1{margin-top:25mm}
        .finding,tr,figure{break-inside:avoid}.flow{columns:4;column-gap:2mm}.cards{display:block}.rule h4{break-inside:avoid}
        .finding{font-size:7pt;padding:1mm;margin-bottom:1.5mm}
        .finding .en{font-size:6.5pt}.clause{font-size:7pt}h2{margin-top:4mm}h3{margin:3mm 0 1mm}h4{margin:2mm 0 .5mm}
        table{font-size:7.5pt}svg.overview{max-height:130mm;width:auto;max-width:100%}h2,h3,h4{break-after:avoid}a{color:inherit}}
        """

    static let script = """
        (function(){var s=document.getElementById('f-severity'),r=document.getElementById('f-rule'),t=document.getElementById('f-text'),
        c=document.getElementById('f-count'),rows=document.querySelectorAll('#findings .finding');
        function apply(){var n=0,q=t.value.toLowerCase();rows.forEach(function(row){var ok=(!s.value||row.dataset.severity===s.value)&&
        (!r.value||row.dataset.rule===r.value)&&(!q||row.textContent.toLowerCase().indexOf(q)>=0);row.style.display=ok?'':'none';if(ok)n++;});
        c.textContent=n+' / '+rows.length;}s.onchange=apply;r.onchange=apply;t.oninput=apply;apply();})();
        """
}
