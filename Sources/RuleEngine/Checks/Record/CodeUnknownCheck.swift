/// Reports values that are not codes of the field's code list.
struct CodeUnknownCheck: ValueCheck {
    static let descriptor = CheckDescriptor(
        id: "code-unknown",
        summary: LocalizedText(zh: "字段值不在代码表中", en: "A value is not a code of the field's code list."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 不在代码表 {codelist} 中", en: "{field} value '{value}' is not in code list {codelist}"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("codelist", "string", "the field's `codelist:`, a code list of the pack")
        ])

    let field: String
    let list: CodeList
    var column: Int?

    init(field: String, list: CodeList) {
        self.field = field
        self.list = list
    }

    mutating func inspect(value: String, record: Int, into defects: inout [Defect]) {
        if !list.contains(value) {
            defects.append(
                Defect(
                    record: record, field: field, value: value, ["field": field, "value": value, "codelist": list.name])
            )
        }
    }
}
