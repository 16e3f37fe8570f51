/// Reports fields the layer has that the standard's table does not list.
struct FieldUnexpectedCheck: Check {
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

    let expected: Set<String>

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        for field in schema.fields where !expected.contains(field.name.uppercased()) {
            defects.append(Defect(field: field.name, ["field": field.name]))
        }
        return true
    }
}
