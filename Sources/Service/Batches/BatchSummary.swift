import Foundation

/// The summary of a batch per province → city → county (the region code's first 2, 4 and 6 digits):
/// verdict, counts of items by outcome, error and warning findings, the rules with the most findings,
/// checked parcels (records of the DLTB layer) and area (the totals of report-areas.csv), and a link to
/// each item's report. Built from the items' report files; rendered as JSON, CSV and HTML
/// (BatchSummary+Render.swift), byte for byte the same for the same reports.
public struct BatchSummary: Sendable, Codable, Equatable {
    public var batch: String
    public var name: String
    public var createdAt: String
    public var totals: Group
    public var provinces: [Province]

    /// One rule's findings.
    public struct RuleCount: Sendable, Codable, Equatable {
        public var rule: String
        public var severity: String
        public var findings: Int
    }

    /// The figures of any set of items.
    public struct Group: Sendable, Codable, Equatable {
        /// NON-CONFORMANT if any item is; else PENDING while any is unfinished; else FAILED if any check
        /// failed; else NOT CHECKED if any was not checked; else CONFORMANT.
        public var verdict: String
        public var items: Int
        public var conformant: Int
        public var nonConformant: Int
        public var notChecked: Int
        public var failed: Int
        public var pending: Int
        public var errors: Int
        public var warnings: Int
        public var parcels: Int
        /// Square metres, to the centimetre.
        public var area: Double
        /// The five rules with the most findings (ties by rule id).
        public var topRules: [RuleCount]
    }

    public struct Province: Sendable, Codable, Equatable {
        public var code: String
        public var name: String?
        public var group: Group
        public var cities: [City]
    }

    public struct City: Sendable, Codable, Equatable {
        public var code: String
        public var group: Group
        public var counties: [County]
    }

    public struct County: Sendable, Codable, Equatable {
        public var code: String
        public var group: Group
        public var items: [Item]
    }

    /// One manifest row.
    public struct Item: Sendable, Codable, Equatable {
        public var id: String
        public var region: String
        public var submission: String
        /// queued, checking, checked (also accepted, returned) or failed.
        public var state: String
        public var verdict: String?
        public var errors: Int
        public var warnings: Int
        public var parcels: Int?
        public var area: Double?
        public var topRules: [RuleCount]
        public var failureReason: String?
        /// The HTML report, when there is one.
        public var report: String?

        public init(
            id: String, region: String, submission: String, state: String, verdict: String? = nil, errors: Int = 0,
            warnings: Int = 0, parcels: Int? = nil, area: Double? = nil, topRules: [RuleCount] = [],
            failureReason: String? = nil, report: String? = nil
        ) {
            self.id = id
            self.region = region
            self.submission = submission
            self.state = state
            self.verdict = verdict
            self.errors = errors
            self.warnings = warnings
            self.parcels = parcels
            self.area = area
            self.topRules = topRules
            self.failureReason = failureReason
            self.report = report
        }

        /// Fills verdict, counts, rules, parcels and area from a report folder (report.json and, when it
        /// exists, report-areas.csv). A folder whose report.json is missing or unreadable leaves them
        /// empty and says so in `failureReason`.
        public mutating func read(reportFolder folder: URL) {
            let json = folder.appendingPathComponent("report.json")
            guard let data = try? Data(contentsOf: json) else {
                failureReason = failureReason ?? "the report \(json.lastPathComponent) is missing"
                return
            }
            guard let report = try? JSONDecoder().decode(ReportDigest.self, from: data) else {
                failureReason = failureReason ?? "the report \(json.lastPathComponent) cannot be read"
                return
            }
            // the report's "non-conformant", "conformant", "not-checked" as the service's verdicts
            verdict = report.verdict == "not-checked" ? "NOT CHECKED" : report.verdict.uppercased()
            errors = report.summary.findings["error"] ?? 0
            warnings = report.summary.findings["warning"] ?? 0
            let parcelLayers = report.layers.filter { $0.standardLayer == "DLTB" }
            parcels = parcelLayers.isEmpty ? nil : parcelLayers.reduce(0) { $0 + ($1.records ?? 0) }
            topRules = BatchSummary.top(
                report.rules.compactMap { rule in
                    guard let failed = rule.failed, failed > 0 else { return nil }
                    return RuleCount(rule: rule.id, severity: rule.severity ?? "", findings: failed)
                })
            area = BatchSummary.areaTotal(folder.appendingPathComponent("report-areas.csv"))
        }
    }

    /// What the summary reads of a report.json.
    struct ReportDigest: Decodable {
        struct Summary: Decodable { var findings: [String: Int] }
        struct Rule: Decodable {
            var id: String
            var severity: String?
            var failed: Int?
        }
        struct Layer: Decodable {
            var records: Int?
            var standardLayer: String?
        }
        var verdict: String
        var summary: Summary
        var rules: [Rule]
        var layers: [Layer]
    }

    /// The sum of the `合计 total` rows (one per township) of report-areas.csv; nil without the file.
    static func areaTotal(_ file: URL) -> Double? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        var total = 0.0
        var found = false
        for record in CSVLines.split(String(decoding: data, as: UTF8.self)) {
            guard let first = record.fields.first, first.hasSuffix("合计 total") || first == "合计 total",
                record.fields.count > 4, let value = Double(record.fields[4])
            else { continue }
            total += value
            found = true
        }
        return found ? rounded(total) : nil
    }

    static func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    /// The five largest counts, ties by rule id.
    static func top(_ counts: [RuleCount]) -> [RuleCount] {
        var merged: [String: RuleCount] = [:]
        for count in counts {
            if var known = merged[count.rule] {
                known.findings += count.findings
                merged[count.rule] = known
            } else {
                merged[count.rule] = count
            }
        }
        return Array(
            merged.values.sorted { ($0.findings, $1.rule) > ($1.findings, $0.rule) }.prefix(5))
    }

    /// Groups the items by province, city and county, each level sorted by code (items by id).
    public init(batch: String, name: String, createdAt: String, items: [Item]) {
        self.batch = batch
        self.name = name
        self.createdAt = createdAt
        totals = BatchSummary.group(items)
        let byProvince = Dictionary(grouping: items) { String($0.region.prefix(2)) }
        provinces = byProvince.keys.sorted().map { province in
            let provinceItems = byProvince[province] ?? []
            let byCity = Dictionary(grouping: provinceItems) { String($0.region.prefix(4)) }
            return Province(
                code: province, name: ProvinceNames.name(of: province), group: BatchSummary.group(provinceItems),
                cities: byCity.keys.sorted().map { city in
                    let cityItems = byCity[city] ?? []
                    let byCounty = Dictionary(grouping: cityItems) { String($0.region.prefix(6)) }
                    return City(
                        code: city, group: BatchSummary.group(cityItems),
                        counties: byCounty.keys.sorted().map { county in
                            let countyItems = (byCounty[county] ?? []).sorted { $0.id < $1.id }
                            return County(code: county, group: BatchSummary.group(countyItems), items: countyItems)
                        })
                })
        }
    }

    static func group(_ items: [Item]) -> Group {
        var group = Group(
            verdict: "CONFORMANT", items: items.count, conformant: 0, nonConformant: 0, notChecked: 0, failed: 0,
            pending: 0, errors: 0, warnings: 0, parcels: 0, area: 0, topRules: [])
        var area = 0.0
        for item in items {
            switch (item.state, item.verdict ?? "") {
            case ("failed", _): group.failed += 1
            case ("queued", _), ("checking", _), ("uploaded", _): group.pending += 1
            case (_, "CONFORMANT"): group.conformant += 1
            case (_, "NON-CONFORMANT"): group.nonConformant += 1
            default: group.notChecked += 1
            }
            group.errors += item.errors
            group.warnings += item.warnings
            group.parcels += item.parcels ?? 0
            area += item.area ?? 0
        }
        group.area = rounded(area)
        group.topRules = top(items.flatMap(\.topRules))
        if group.nonConformant > 0 {
            group.verdict = "NON-CONFORMANT"
        } else if group.pending > 0 {
            group.verdict = "PENDING"
        } else if group.failed > 0 {
            group.verdict = "FAILED"
        } else if group.notChecked > 0 {
            group.verdict = "NOT CHECKED"
        }
        return group
    }
}

/// The provinces' names by the first two digits of a county code (GB/T 2260).
enum ProvinceNames {
    static let names: [String: String] = [
        "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区", "21": "辽宁省",
        "22": "吉林省", "23": "黑龙江省", "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省",
        "35": "福建省", "36": "江西省", "37": "山东省", "41": "河南省", "42": "湖北省", "43": "湖南省",
        "44": "广东省", "45": "广西壮族自治区", "46": "海南省", "50": "重庆市", "51": "四川省", "52": "贵州省",
        "53": "云南省", "54": "西藏自治区", "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区",
        "65": "新疆维吾尔自治区", "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
    ]

    static func name(of code: String) -> String? { names[code] }
}
