/// Reports a field whose declared width or number of decimals differs from the standard's.
struct FieldWidthCheck: FieldTableCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "field-width-mismatch",
        summary: LocalizedText(zh: "字段长度或小数位数与标准不符", en: "A field's width or decimals differ from the standard's."),
        message: LocalizedText(
            zh: "字段 {field} 的长度为 {actual}，标准要求 {expected_zh}",
            en: "field {field} is declared {actual}; the standard wants {expected}"),
        element: .formatConsistency,
        parameters: [
            CheckParameter("width", "number", "the field's `width:`"),
            CheckParameter("decimals", "number", "the field's `decimals:`"),
        ])

    static let derivationOrder = 12

    /// A field's `width:` and `decimals:`, where the table gives them.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.filter { $0.width != nil || $0.decimals != nil }.map { field in
            Derivation(
                suffix: "field-width-mismatch", field: field,
                check: FieldWidthCheck(field: field.name, width: field.width, decimals: field.decimals),
                confidence: field.confidence)
        }
    }

    func tableText(layer: String, field: String) -> String {
        "\(field): width \(width.map(String.init) ?? "-"), decimals \(decimals.map(String.init) ?? "-")"
    }

    let field: String
    let width: Int?
    let decimals: Int?

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        guard let index = schema.index(of: field) else { return false }
        let actual = schema.fields[index]
        // A delimited text table declares no widths (empty type code): the rule does not apply.
        guard !actual.typeCode.isEmpty else { return false }
        // Nor does it to a number of a format without widths (GeoPackage, File Geodatabase).
        guard actual.sizeDeclared != false else { return false }
        let widthDiffers = width.map { $0 != actual.width } ?? false
        let decimalsDiffer = decimals.map { $0 != actual.decimals } ?? false
        if widthDiffers || decimalsDiffer {
            let declared =
                "\(actual.typeCode)(\(actual.width)\(actual.decimals > 0 || decimals != nil ? ",\(actual.decimals)" : ""))"
            var wanted = "width \(width.map(String.init) ?? "any")"
            var wantedZh = "长度 \(width.map(String.init) ?? "不限")"
            if let decimals {
                wanted += ", \(decimals) decimals"
                wantedZh += "，小数 \(decimals) 位"
            }
            defects.append(
                Defect(
                    field: actual.name, value: declared,
                    ["field": actual.name, "actual": declared, "expected": wanted, "expected_zh": wantedZh]))
        }
        return true
    }
}
