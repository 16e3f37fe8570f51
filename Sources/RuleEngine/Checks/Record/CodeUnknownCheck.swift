/// Reports values that are not codes of the field's code list.
struct CodeUnknownCheck: ValueCheck, FieldTableCheck {
    static let descriptor = CheckDescriptor(
        id: "code-unknown",
        summary: LocalizedText(zh: "字段值不在代码表中", en: "A value is not a code of the field's code list."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 不在代码表 {codelist} 中", en: "{field} value '{value}' is not in code list {codelist}"),
        element: .domainConsistency,
        parameters: [
            CheckParameter("codelist", "string", "the field's `codelist:`, a code list of the pack")
        ])

    static let derivationOrder = 14

    /// A field's `codelist:`, with the code list's confidence, clause and source.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.compactMap { field in
            field.codeList.map { info in
                Derivation(
                    suffix: "code-unknown", field: field, check: CodeUnknownCheck(field: field.name, list: info.list),
                    confidence: info.confidence,
                    clause: info.clause.map { "\(field.clause ?? table.clause); \($0)" },
                    evidence: info.source.map { source in field.source.map { "\($0); \(source)" } ?? source })
            }
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): codelist \(list.name)" }

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
