/// Reports records in which a mandatory field is blank.
struct ValueMissingCheck: FieldTableCheck {
    static let descriptor = CheckDescriptor(
        id: "value-missing",
        summary: LocalizedText(zh: "必填字段为空", en: "A mandatory field is blank."),
        message: LocalizedText(zh: "必填字段 {field} 为空", en: "mandatory field {field} is blank"),
        element: .completenessOmission,
        parameters: [
            CheckParameter(
                "obligation", "M | O | C", "the field's `obligation:`: a mandatory (M) field must not be blank")
        ])

    static let derivationOrder = 13

    /// Every mandatory field.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.filter(\.mandatory).map { field in
            Derivation(suffix: "value-missing", field: field, check: ValueMissingCheck(field: field.name))
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): obligation M" }

    let field: String
    var column: Int?

    init(field: String) {
        self.field = field
    }

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        column = schema.index(of: field)
        return column != nil
    }

    mutating func inspect(_ record: Record, into defects: inout [Defect]) {
        guard let column, record[column] == nil else { return }
        defects.append(Defect(record: record.number, field: field, ["field": field]))
    }
}
