/// Evaluates a row rule: where `when` holds, `assert` must not be false (null passes, as in SQL CHECK).
struct ExpressionCheck: Check {
    static let descriptor = CheckDescriptor(
        id: "assertion",
        summary: LocalizedText(zh: "记录不满足规则的条件表达式", en: "A record does not satisfy the rule's assertion."),
        message: LocalizedText(zh: "不满足 {assert}", en: "{assert} does not hold"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("assert", "expression", "the row assertion that must hold"),
            CheckParameter("when", "expression", "the condition under which it is judged", default: "always"),
        ])

    let rule: RowAssertion
    let field: String?
    // Stored as plain closures, not optionals: an optional closure is kept at its most general
    // representation, and each call then goes through reabstraction thunks that copy the record.
    // `when` is called only when the rule has one.
    var when: ExpressionEvaluator = { _ in .bool(true) }
    var assert: ExpressionEvaluator = { _ in .null }
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
        if let condition = rule.when { when = ExpressionCompiler.compile(condition, schema: schema, scope: rule.scope) }
        assert = ExpressionCompiler.compile(rule.assert, schema: schema, scope: rule.scope)
        columns = rule.fields.compactMap { name in schema.index(of: name).map { (name, $0) } }
        return true
    }

    mutating func inspect(_ record: Record, into defects: inout [Defect]) {
        if rule.when != nil {
            guard case .bool(true) = when(record) else { return }
        }
        evaluated += 1
        guard case .bool(false) = assert(record) else { return }
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
