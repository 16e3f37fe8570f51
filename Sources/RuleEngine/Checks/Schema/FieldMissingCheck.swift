/// Reports a field of the standard's table that the layer does not have.
struct FieldMissingCheck: FieldTableCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "field-missing",
        summary: LocalizedText(zh: "图层缺少标准属性表中的字段", en: "A field of the standard's table is absent from the layer."),
        message: LocalizedText(zh: "缺少字段 {field}（{title_zh}）", en: "field {field} ({title}) is missing"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter(
                "field", "field",
                "a field of the layer's field table; absent-ok fields (`may-be-absent: true`) get no rule")
        ])

    static let derivationOrder = 10

    /// Every field that may not be absent.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.filter { !$0.mayBeAbsent }.map { field in
            Derivation(
                suffix: "field-missing", field: field, check: FieldMissingCheck(field: field.name, title: field.title))
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): (in the field table)" }

    let field: String
    let title: LocalizedText

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        if schema.index(of: field) == nil {
            defects.append(Defect(field: field, ["field": field, "title": title.en, "title_zh": title.zh]))
        }
        return true
    }
}
