/// Reports a name field that is not the code list's name for the record's code (DLMC for DLBM).
///
/// A code that is not in the list is left to `code-unknown`: one root cause, one finding.
struct NameMatchesCodeCheck: Check {
    static let descriptor = CheckDescriptor(
        id: "name-code-mismatch",
        summary: LocalizedText(
            zh: "名称与代码不一致", en: "A name field does not hold the code list's name for the record's code."),
        message: LocalizedText(
            zh: "{field} 为 '{value}'，但 {code_field} = {code} 的名称是 '{expected}'",
            en: "{field} is '{value}' but the name of {code_field} {code} is '{expected}'"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("name-of", "field", "the field holding the code whose name this field must be")
        ])

    let field: String
    let codeField: String
    let list: CodeList
    var nameColumn: Int?
    var codeColumn: Int?

    init(field: String, codeField: String, list: CodeList) {
        self.field = field
        self.codeField = codeField
        self.list = list
    }

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        nameColumn = schema.index(of: field)
        codeColumn = schema.index(of: codeField)
        return nameColumn != nil && codeColumn != nil
    }

    mutating func inspect(_ record: Record, into defects: inout [Defect]) {
        guard let nameColumn, let codeColumn, let code = record[codeColumn], let expected = list.name(of: code) else {
            return
        }
        let name = record[nameColumn]
        if name != expected {
            let shown = name ?? ""
            defects.append(
                Defect(
                    record: record.number, field: field, value: shown,
                    ["field": field, "value": shown, "code_field": codeField, "code": code, "expected": expected]))
        }
    }
}
