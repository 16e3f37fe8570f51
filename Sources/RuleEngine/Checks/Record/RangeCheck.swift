/// Reports numeric values outside the field's interval, and values that are not numbers at all.
struct RangeCheck: ValueCheck, FieldTableCheck {
    static let descriptor = CheckDescriptor(
        id: "out-of-range",
        summary: LocalizedText(zh: "数值超出标准允许的范围", en: "A number lies outside the interval the standard allows."),
        message: LocalizedText(
            zh: "{field} 的值 {value} {problem_zh}", en: "{field} value {value} {problem}"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("range", "{min: number, max: number}", "the field's `range:` (its bounds)")
        ])

    static let derivationOrder = 16

    /// A field's `range:`.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.compactMap { field in
            field.range.map {
                Derivation(suffix: "out-of-range", field: field, check: RangeCheck(field: field.name, range: $0))
            }
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): range \(range.description)" }

    let field: String
    let range: ValueRange
    var column: Int?

    init(field: String, range: ValueRange) {
        self.field = field
        self.range = range
    }

    mutating func inspect(value: String, record: Int, into defects: inout [Defect]) {
        let problem: (en: String, zh: String)
        if let number = Double(value), number.isFinite {
            if range.contains(number) { return }
            problem = ("is outside \(range.description)", "超出取值范围 \(range.description)")
        } else {
            problem = ("is not a number", "不是数值")
        }
        defects.append(
            Defect(
                record: record, field: field, value: value,
                ["field": field, "value": value, "problem": problem.en, "problem_zh": problem.zh]))
    }
}
