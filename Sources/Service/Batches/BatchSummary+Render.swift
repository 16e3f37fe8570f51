import Foundation

extension BatchSummary {
    public static let formats = ["json", "csv", "html"]

    public func render(_ format: String) -> Data? {
        switch format {
        case "json": json()
        case "csv": csv()
        case "html": Data(html().utf8)
        default: nil
        }
    }

    /// Keys sorted, two-space indentation, a final newline.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }

    /// UTF-8 with a BOM (Excel opens it as UTF-8), Chinese and English headers, one row per province, city,
    /// county and item; codes written `="330106"` so that Excel keeps them as text, as the report's CSV does.
    public func csv() -> Data {
        var lines = [
            [
                "层级 level", "代码 code", "名称 name", "结论 verdict", "数量 items", "合格 conformant",
                "不合格 non-conformant", "未检查 not checked", "失败 failed", "待检 pending", "错误 errors",
                "警告 warnings", "图斑 parcels", "面积 area", "主要规则 top rules", "报告 report", "说明 note",
            ].map(BatchSummary.csvField).joined(separator: ",")
        ]
        func row(
            _ level: String, _ code: String, _ name: String, _ group: Group, report: String = "", note: String = ""
        ) {
            let fields = [
                level, "=\"\(code)\"", name, group.verdict, "\(group.items)", "\(group.conformant)",
                "\(group.nonConformant)", "\(group.notChecked)", "\(group.failed)", "\(group.pending)",
                "\(group.errors)", "\(group.warnings)", "\(group.parcels)", BatchSummary.area(group.area),
                BatchSummary.rulesText(group.topRules), report, note,
            ]
            lines.append(fields.map(BatchSummary.csvField).joined(separator: ","))
        }
        row("全部 all", batch, name, totals)
        for province in provinces {
            row("省 province", province.code, province.name ?? "", province.group)
            for city in province.cities {
                row("市 city", city.code, "", city.group)
                for county in city.counties {
                    row("县 county", county.code, "", county.group)
                    for item in county.items {
                        row(
                            "交付 item", item.region, item.id, BatchSummary.group([item]), report: item.report ?? "",
                            note: item.failureReason ?? "")
                    }
                }
            }
        }
        return Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func area(_ value: Double) -> String { String(format: "%.2f", value) }

    static func rulesText(_ rules: [RuleCount]) -> String {
        rules.map { "\($0.rule) ×\($0.findings)" }.joined(separator: "; ")
    }
}
