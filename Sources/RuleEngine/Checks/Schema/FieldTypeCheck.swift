/// Reports a field whose declared type cannot carry the standard's type (text where a number belongs),
/// naming the types the file's format should have declared in its own words (`Int (F/N)` for a DBF).
struct FieldTypeCheck: FieldTableCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "field-type-mismatch",
        summary: LocalizedText(zh: "字段类型与标准不符", en: "A field's type differs from the standard's."),
        message: LocalizedText(
            zh: "字段 {field} 的类型为 {actual}，标准要求 {expected}",
            en: "field {field} has type {actual}; the standard wants {expected}"),
        element: .formatConsistency,
        parameters: [
            CheckParameter(
                "type", StandardFieldType.allCases.map(\.rawValue).joined(separator: " | "),
                "the field's `type:` in the field table")
        ])

    static let derivationOrder = 11

    /// Every field's `type:`.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.map { field in
            Derivation(
                suffix: "field-type-mismatch", field: field,
                check: FieldTypeCheck(field: field.name, expected: field.type),
                confidence: field.confidence)
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): type \(expected.rawValue)" }

    let field: String
    let expected: StandardFieldType

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        guard let index = schema.index(of: field) else { return false }
        let actual = schema.fields[index]
        // A delimited text table declares no types (empty type code): the rule does not apply.
        guard !actual.typeCode.isEmpty else { return false }
        if !expected.accepted.contains(actual.type) {
            let accepted = (schema.typeNames ?? FieldTypeNames([:])).describe(expected.accepted)
            defects.append(
                Defect(
                    field: actual.name, value: actual.typeCode,
                    ["field": actual.name, "actual": actual.typeCode, "expected": "\(expected.rawValue) (\(accepted))"])
            )
        }
        return true
    }
}
