/// Reports values that do not match the field's pattern as a whole.
struct PatternCheck: ValueCheck {
    static let descriptor = CheckDescriptor(
        id: "pattern-mismatch",
        summary: LocalizedText(zh: "字段值格式不符合标准", en: "A value does not have the form the standard prescribes."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 不符合格式 {pattern}", en: "{field} value '{value}' does not match {pattern}"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("pattern", "string", "the field's `pattern:`, a regular expression without back-references")
        ])

    let field: String
    let pattern: String
    /// Matched in linear time (see `LinearPattern`), whatever the pack's pattern and the value.
    let matcher: LinearPattern
    var column: Int?

    /// Fails only for a pattern the loader has not validated.
    init(field: String, pattern: String) throws {
        self.field = field
        self.pattern = pattern
        matcher = try LinearPattern(pattern)
    }

    mutating func inspect(value: String, record: Int, into defects: inout [Defect]) {
        if !matcher.matches(value) {
            defects.append(
                Defect(
                    record: record, field: field, value: value, ["field": field, "value": value, "pattern": pattern]))
        }
    }
}
