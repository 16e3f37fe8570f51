/// Reports values that do not match the field's pattern as a whole.
struct PatternCheck: ValueCheck, FieldTableCheck {
    static let descriptor = CheckDescriptor(
        id: "pattern-mismatch",
        summary: LocalizedText(zh: "字段值格式不符合标准", en: "A value does not have the form the standard prescribes."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 不符合格式 {pattern}", en: "{field} value '{value}' does not match {pattern}"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("pattern", "string", "the field's `pattern:`, a regular expression without back-references")
        ])

    static let derivationOrder = 15

    /// A field's `pattern:`. The loader refuses a pattern that does not compile; one that reaches here
    /// anyway still gives its rule, which then cannot be evaluated (`fresh` throws) and is not passed.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.compactMap { field in
            field.pattern.map { pattern in
                Derivation(
                    suffix: "pattern-mismatch", field: field,
                    check: PatternCheck(field: field.name, pattern: pattern, matcher: try? LinearPattern(pattern)))
            }
        }
    }

    func fresh() throws -> any Check {
        guard matcher != nil else { throw LinearPattern.SyntaxError(message: "invalid pattern", offset: 0) }
        return self
    }

    func tableText(layer: String, field: String) -> String { "\(field): pattern \(pattern)" }

    let field: String
    let pattern: String
    /// Matched in linear time (see `LinearPattern`), whatever the pack's pattern and the value.
    let matcher: LinearPattern?
    var column: Int?

    mutating func inspect(value: String, record: Int, into defects: inout [Defect]) {
        if let matcher, !matcher.matches(value) {
            defects.append(
                Defect(
                    record: record, field: field, value: value, ["field": field, "value": value, "pattern": pattern]))
        }
    }
}
