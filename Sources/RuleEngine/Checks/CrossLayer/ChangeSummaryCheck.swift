import Foundation
import Yams

/// `change-summary:`: what the base database becomes after the update, per unit and first-level class
/// (the report's change table), and the cells where it does not balance; evaluated by `CrossLayerRun`.
/// The process layer names the before- and after-parcels' unit and class with the prefixes BGQ and BGH.
struct ChangeSummaryCheck: CrossLayerCheck {
    static let formKey = "change-summary"
    static let descriptor = CheckDescriptor(
        id: "change-not-balanced",
        summary: LocalizedText(
            zh: "更新后的面积与基础库面积加减变更面积不一致",
            en: "The area after the update differs from the base area minus the area out plus the area in."),
        message: LocalizedText(
            zh: "{unit} 的一级地类 {class}：基础面积 {base} − 变出 {out} + 变入 {in} = {new}，而更新后的数据库有 {updated}（差 {difference}）",
            en:
                "{unit}, class {class}: base {base} − out {out} + in {in} = {new}, but the updated database holds {updated} (difference {difference})"
        ),
        element: .quantitativeAttributeAccuracy,
        parameters: [
            CheckParameter("base", "layer", "the base layer (`base.DLTB`)"),
            CheckParameter("process", "layer", "the update-process layer (`DLTBGXGC`)"),
            CheckParameter("key", "field", "the parcel identifier of the base", default: "BSM"),
            CheckParameter("before", "field", "the process layer's before-parcel identifier", default: "BGQTBBSM"),
            CheckParameter("after", "field", "the process layer's after-parcel identifier", default: "BGHTBBSM"),
            CheckParameter(
                "unit", "field", "the location code; the process layer has it with BGQ/BGH", default: "ZLDWDM"),
            CheckParameter(
                "unit-digits", "number", "the leading digits of `unit` that name the township", default: "9"),
            CheckParameter("class", "field", "the land class; the process layer has it with BGQ/BGH", default: "DLBM"),
            CheckParameter("class-digits", "number", "the leading digits of `class` of the first level", default: "2"),
            CheckParameter("area", "field", "a parcel's area", default: "TBMJ"),
            CheckParameter("changed", "field", "a process record's area", default: "TBBGMJ"),
            CheckParameter("tolerance", "number", "the difference allowed per cell, in m²", default: "0"),
        ])

    var base: String
    var process: String
    /// The update layer: the rule's own.
    var update: String
    var key = "BSM"
    var before = "BGQTBBSM"
    var after = "BGHTBBSM"
    var unit = "ZLDWDM"
    var unitDigits = 9
    var landClass = "DLBM"
    var classDigits = 2
    var area = "TBMJ"
    var changed = "TBBGMJ"
    var allowed = 0.0

    /// `change-summary: {base, process, key, before, after, unit, unit-digits, class, class-digits, area,
    /// changed, tolerance}`: the updated database per township and first-level class, on the update layer.
    static func parse<Form: RuleForm>(_ map: inout YAMLMapping, _ form: Form) throws(RulePackError) -> Self {
        let update = try form.needLayer("change-summary")
        let baseName = try map.requireString("base")
        let processName = try map.requireString("process")
        guard form.isBaseLayer(baseName) else {
            throw RulePackError(
                .invalidValue(key: "base", value: baseName, allowed: "a layer of the base dataset (base.DLTB)"),
                at: map.location)
        }
        let base = try form.spec(baseName, key: "base", at: map.location)
        let process = try form.spec(processName, key: "process", at: map.location)
        var rule = ChangeSummaryCheck(base: baseName, process: processName, update: update.name)
        rule.key = try map.string("key") ?? rule.key
        rule.before = try map.string("before") ?? rule.before
        rule.after = try map.string("after") ?? rule.after
        rule.unit = try map.string("unit") ?? rule.unit
        rule.unitDigits = try map.int("unit-digits") ?? rule.unitDigits
        rule.landClass = try map.string("class") ?? rule.landClass
        rule.classDigits = try map.int("class-digits") ?? rule.classDigits
        rule.area = try map.string("area") ?? rule.area
        rule.changed = try map.string("changed") ?? rule.changed
        rule.allowed = try map.double("tolerance") ?? 0
        let needed: [(Form.Layer, [String])] = [
            (base, [rule.key, rule.unit, rule.landClass, rule.area]),
            (update, [rule.unit, rule.landClass, rule.area]),
            (
                process,
                [rule.before, rule.after, rule.changed]
                    + ["BGQ", "BGH"].flatMap { [$0 + rule.unit, $0 + rule.landClass] }
            ),
        ]
        for (spec, fields) in needed {
            for field in fields where !spec.declares(field: field) {
                throw RulePackError(.unknownField(field, layer: spec.name), at: map.location)
            }
        }
        try map.finish()
        return rule
    }

    /// The base, process and update layers.
    func layers(ruleLayer: String?) -> [String] { [base, process, update] }

    func evaluation(ruleID: String, ruleLayer: String?) -> any CrossLayerEvaluation {
        ChangeSummaryEvaluation(rule: self, id: ruleID)
    }

    var text: String {
        "change summary of \(update) over \(base) by \(process): per "
            + "left(\(unit), \(unitDigits)) and left(\(landClass), \(classDigits)), "
            + "\(area) − \(changed) out + \(changed) in = the updated \(area), "
            + "tolerance \(ValueRange.format(allowed))"
    }
}

/// A change summary while the layers are read: the base by cell (and each base parcel's cell and area,
/// for the parcels the update replaces), the process records' areas out and in, the update parcels' areas.
final class ChangeSummaryEvaluation: CrossLayerEvaluation {
    let rule: ChangeSummaryCheck
    let ruleID: String
    private var cells: [String] = []
    private var cellIndex: [String: Int] = [:]
    private var base: [Double] = []
    private var out: [Double] = []
    private var into: [Double] = []
    private var update: [Double] = []
    private var place: [Location?] = []
    /// Every base parcel's cell and area (for those a process record replaces).
    private var baseParcels: [String: (cell: Int, area: Double)] = [:]
    private var replaced: Set<String> = []
    /// The columns of the layer being read.
    private var role = Role.none
    private var columns: [Int?] = []

    enum Role { case none, base, process, update }

    init(rule: ChangeSummaryCheck, id: String) {
        self.rule = rule
        ruleID = id
    }

    var layers: [String] { rule.layers(ruleLayer: nil) }

    func begin(layer: String, schema: LayerSchema) {
        let names: [String]
        if layer == rule.base {
            role = .base
            names = [rule.key, rule.unit, rule.landClass, rule.area]
        } else if layer == rule.process {
            role = .process
            names = [
                rule.before, rule.after, "BGQ" + rule.unit, "BGQ" + rule.landClass, "BGH" + rule.unit,
                "BGH" + rule.landClass, rule.changed,
            ]
        } else if layer == rule.update {
            role = .update
            names = [rule.unit, rule.landClass, rule.area]
        } else {
            role = .none
            names = []
        }
        columns = names.map { schema.index(of: $0) }
    }

    private func value(_ record: Record, _ position: Int) -> String? {
        columns[position].flatMap { record[$0] }
    }

    private func number(_ record: Record, _ position: Int) -> Double {
        value(record, position).flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    }

    /// The cell of a unit code and a class code (blank parts stay blank, so they show).
    private func cell(_ unit: String?, _ landClass: String?) -> Int {
        let name =
            String((unit ?? "").prefix(rule.unitDigits)) + "\u{1F}" + String((landClass ?? "").prefix(rule.classDigits))
        if let found = cellIndex[name] { return found }
        cellIndex[name] = cells.count
        cells.append(name)
        base.append(0)
        out.append(0)
        into.append(0)
        update.append(0)
        place.append(nil)
        return cells.count - 1
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        switch role {
        case .none: return
        case .base:
            let at = cell(value(record, 1), value(record, 2))
            let area = number(record, 3)
            base[at] += area
            if let key = value(record, 0) { baseParcels[key] = (at, area) }
        case .process:
            let changed = number(record, 6)
            if let before = value(record, 0) {
                replaced.insert(before)
                let at = cell(value(record, 2), value(record, 3))
                out[at] += changed
                if place[at] == nil || place[at]?.file.hasPrefix("base:") == true { place[at] = location }
            }
            if value(record, 1) != nil {
                let at = cell(value(record, 4), value(record, 5))
                into[at] += changed
                if place[at] == nil || place[at]?.file.hasPrefix("base:") == true { place[at] = location }
            }
        case .update:
            let at = cell(value(record, 0), value(record, 1))
            update[at] += number(record, 2)
            if place[at]?.layer != rule.update { place[at] = location }
        }
    }

    func finish(field: String?) -> CrossLayerOutcome {
        var outcome = CrossLayerOutcome()
        var removed = [Double](repeating: 0, count: cells.count)
        for name in replaced {
            if let parcel = baseParcels[name] { removed[parcel.cell] += parcel.area }
        }
        var rows: [ChangeSummary.Row] = []
        var unitSums: [Double] = [0, 0, 0, 0]
        var total = [Double](repeating: 0, count: 4)
        var unit: String?
        /// The unit's total row after its classes.
        func closeUnit() {
            guard let unit else { return }
            rows.append(
                ChangeSummary.Row(
                    unit: unit, landClass: "*", baseArea: unitSums[0], areaOut: unitSums[1], areaIn: unitSums[2],
                    updatedArea: unitSums[3]))
            unitSums = [0, 0, 0, 0]
        }
        let format = CrossLayerFormat.number
        for index in cells.indices.sorted(by: { cells[$0] < cells[$1] }) {
            let parts = cells[index].split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            if parts[0] != unit {
                closeUnit()
                unit = parts[0]
            }
            let updated = base[index] - removed[index] + update[index]
            let row = ChangeSummary.Row(
                unit: parts[0], landClass: parts[1], baseArea: base[index], areaOut: out[index],
                areaIn: into[index], updatedArea: updated)
            rows.append(row)
            let sums = [base[index], out[index], into[index], updated]
            unitSums = zip(unitSums, sums).map { $0 + $1 }
            total = zip(total, sums).map { $0 + $1 }
            outcome.checked += 1
            let difference = row.newArea - row.updatedArea
            guard abs(difference) > rule.allowed + 1e-6 else { continue }
            let location = place[index] ?? Location(file: ".", layer: rule.update)
            outcome.add(
                Defect(
                    record: location.record, field: nil, value: format(row.updatedArea),
                    [
                        "unit": parts[0], "class": parts[1], "base": format(row.baseArea), "out": format(row.areaOut),
                        "in": format(row.areaIn), "new": format(row.newArea), "updated": format(row.updatedArea),
                        "difference": format(difference),
                    ]),
                at: location, key: nil)
        }
        closeUnit()
        outcome.summary = ChangeSummary(
            rule: ruleID, rows: rows,
            total: ChangeSummary.Row(
                unit: "*", landClass: "*", baseArea: total[0], areaOut: total[1], areaIn: total[2],
                updatedArea: total[3]))
        return outcome
    }
}
