/// Reports fields the layer has that the standard's table does not list.
struct FieldUnexpectedCheck: FieldTableCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "field-unexpected",
        summary: LocalizedText(
            zh: "图层含有标准属性表以外的字段", en: "The layer has a field that the standard's table does not list."),
        message: LocalizedText(zh: "字段 {field} 不在标准的属性表中", en: "field {field} is not in the standard's table"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter(
                "fields", "[field]", "every field of the layer's field table (a field not among them is reported)")
        ])

    static let derivationOrder = 2

    /// Every layer: its fields are the table's.
    static func derive(from table: FieldTable) -> [Derivation] {
        [
            Derivation(
                suffix: "field-unexpected",
                check: FieldUnexpectedCheck(names: table.fields.map(\.name)), severity: .info)
        ]
    }

    /// The table's fields, in its order (`expected` is their upper-cased set).
    let names: [String]

    init(names: [String]) {
        self.names = names
        expected = Set(names.map { $0.uppercased() })
    }

    func tableText(layer: String, field: String) -> String {
        let shown = names.prefix(6).joined(separator: ", ") + (names.count > 6 ? ", …" : "")
        return "\(layer): fields \(shown)"
    }

    let expected: Set<String>

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        for field in schema.fields where !expected.contains(field.name.uppercased()) {
            defects.append(Defect(field: field.name, ["field": field.name]))
        }
        return true
    }
}
