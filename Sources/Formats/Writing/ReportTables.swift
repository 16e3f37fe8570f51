import RuleEngine

/// Findings counted by place: township (乡镇, the first 9 digits of the feature's ZLDWDM or XZQDM),
/// village (the first 12 digits), and rule × township. Built from `ReportGeometry.places`.
struct PlaceTables {
    struct Row {
        var code: String
        var total = 0
        var bySeverity: [Severity: Int] = [:]
    }
    var townships: [Row] = []
    var villages: [Row] = []
    /// Rule id → township → findings, rules in id order.
    var ruleByTownship: [(String, [String: Int])] = []
    /// Findings with no township.
    var unplaced = 0

    init(_ report: ConformanceReport, geometry: ReportGeometry) {
        var townships: [String: Row] = [:]
        var villages: [String: Row] = [:]
        var rules: [String: [String: Int]] = [:]
        for finding in report.findings {
            guard let place = geometry.places[finding.fingerprint] else {
                unplaced += 1
                continue
            }
            townships[place.township, default: Row(code: place.township)].total += 1
            townships[place.township]!.bySeverity[finding.severity, default: 0] += 1
            if let village = place.village {
                villages[village, default: Row(code: village)].total += 1
                villages[village]!.bySeverity[finding.severity, default: 0] += 1
            }
            rules[finding.rule, default: [:]][place.township, default: 0] += 1
        }
        self.townships = townships.values.sorted { $0.code < $1.code }
        self.villages = villages.values.sorted { $0.code < $1.code }
        ruleByTownship = rules.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// The area tables (面积汇总) and the checks of the declared DCMJ against them.
enum AreaTables {
    /// The largest difference, in m², at which a declared area agrees with the parcels.
    static let tolerance = 1.0

    struct Check {
        var layer: String
        var code: String
        var declared: Double
        var parcels: Double
        var agrees: Bool
    }

    /// township → first-level class (the first two characters of DLBM) → area.
    static func firstLevel(_ areas: ReportGeometry.Areas) -> [String: [String: Double]] {
        areas.byClass.mapValues { classes in
            var levels: [String: Double] = [:]
            for (dlbm, area) in classes { levels[String(dlbm.prefix(2)), default: 0] += area }
            return levels
        }
    }

    /// XZQ DCMJ per township and CJDCQ DCMJ per village, each against the parcels' sum.
    static func checks(_ areas: ReportGeometry.Areas) -> [Check] {
        guard !areas.byTownship.isEmpty else { return [] }
        var checks: [Check] = []
        for (code, declared) in areas.declaredTownship.sorted(by: { $0.key < $1.key }) {
            let parcels = areas.byTownship[code] ?? 0
            checks.append(
                Check(
                    layer: "XZQ", code: code, declared: declared, parcels: parcels,
                    agrees: abs(declared - parcels) <= tolerance))
        }
        for (code, declared) in areas.declaredVillage.sorted(by: { $0.key < $1.key }) {
            let parcels = areas.byVillage[code] ?? 0
            checks.append(
                Check(
                    layer: "CJDCQ", code: code, declared: declared, parcels: parcels,
                    agrees: abs(declared - parcels) <= tolerance))
        }
        return checks
    }
}
