/// Reports a name field that is not the code list's name for the record's code (DLMC for DLBM).
///
/// A code that is not in the list is left to `code-unknown`: one root cause, one finding.
struct NameMatchesCodeCheck: FieldTableCheck {
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

    static let derivationOrder = 18

    /// A field with `name-of:` a field that has a code list: the names' confidence is the list's.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.compactMap { field in
            field.nameOf.map { code in
                Derivation(
                    suffix: "name-code-mismatch", field: field,
                    check: NameMatchesCodeCheck(field: field.name, codeField: code.field, list: code.list.list),
                    confidence: code.list.namesConfidence,
                    evidence: code.list.source.map { source in field.source.map { "\($0); \(source)" } ?? source })
            }
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): name-of \(codeField)" }

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
