/// Evaluates a row rule: where `when` holds, `assert` must not be false (null passes, as in SQL CHECK).
struct ExpressionCheck: Check {
    static let descriptor = CheckDescriptor(
        id: "assertion",
        summary: LocalizedText(zh: "记录不满足规则的条件表达式", en: "A record does not satisfy the rule's assertion."),
        message: LocalizedText(zh: "不满足 {assert}", en: "{assert} does not hold"))

    let rule: RowAssertion
    let field: String?
    var when: ExpressionEvaluator?
    var assert: ExpressionEvaluator?
    var columns: [(name: String, column: Int)] = []
    /// Records where the condition held.
    private(set) var evaluated = 0

    init(rule: RowAssertion, field: String?) {
        self.rule = rule
        self.field = field
    }

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        // A field the rule reads is absent: field-missing reports that once; judging every record
        // as if the field were blank would repeat it per record.
        guard rule.fields.allSatisfy({ schema.index(of: $0) != nil }) else { return false }
        when = rule.when.map { ExpressionCompiler.compile($0, schema: schema, scope: rule.scope) }
        assert = ExpressionCompiler.compile(rule.assert, schema: schema, scope: rule.scope)
        columns = rule.fields.compactMap { name in schema.index(of: name).map { (name, $0) } }
        return true
    }

    mutating func inspect(_ record: Record, into defects: inout [Defect]) {
        if let when, when(record) != .bool(true) { return }
        evaluated += 1
        guard let assert, assert(record) == .bool(false) else { return }
        var values: [String: String] = ["assert": rule.source]
        for (name, column) in columns {
            values[name] = record[column] ?? ""
            if let old = rule.aliases[name] { values[old] = values[name] }
        }
        let value = field.flatMap { values[$0] }
        defects.append(Defect(record: record.number, field: field, value: value, values))
    }

    var checkedCount: Int? { evaluated }
}

/// Descriptors of the rule forms that span layers; the engine evaluates them itself.
enum CrossLayerDescriptors {
    static let reference = CheckDescriptor(
        id: "reference-missing",
        summary: LocalizedText(
            zh: "引用的键在目标图层中不存在或属性不一致", en: "A referenced key is absent from the target layer, or its attributes differ."
        ),
        message: LocalizedText(
            zh: "{key} 在 {target} 中{problem_zh}", en: "{key} {problem} in {target}"))
    static let uniqueAcross = CheckDescriptor(
        id: "value-duplicated-across-layers",
        summary: LocalizedText(zh: "标识值在多个图层间重复", en: "An identifier repeats across layers."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 已被 {first} 使用", en: "{field} value '{value}' is also used by {first}"))
    static let aggregate = CheckDescriptor(
        id: "aggregate-mismatch",
        summary: LocalizedText(zh: "汇总值与明细之和不一致", en: "A recorded total differs from the sum of its parts."),
        message: LocalizedText(
            zh: "记录值 {value} 与 {source} 汇总 {sum} 相差 {difference}（容差 {tolerance}）",
            en: "recorded {value} differs from the {source} sum {sum} by {difference} (tolerance {tolerance})"))
}
