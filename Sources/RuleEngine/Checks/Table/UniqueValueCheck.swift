/// Reports values of an identifying field that repeat a value used by an earlier record.
struct UniqueValueCheck: ValueCheck, FieldTableCheck {
    static let family = CheckFamily.table
    static let descriptor = CheckDescriptor(
        id: "value-duplicated",
        summary: LocalizedText(zh: "标识值重复", en: "An identifying value repeats a value used by an earlier record."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 与第 {first} 条记录重复", en: "{field} value '{value}' is also used by record {first}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("unique", "boolean", "the field's `unique: true`", default: "false")
        ])

    static let derivationOrder = 17

    /// A field with `unique: true`.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.fields.filter(\.unique).map { field in
            Derivation(suffix: "value-duplicated", field: field, check: UniqueValueCheck(field: field.name))
        }
    }

    func tableText(layer: String, field: String) -> String { "\(field): unique: true" }

    let field: String
    var column: Int?
    /// The first record number that used each value.
    var firstSeen: [String: Int] = [:]

    init(field: String) {
        self.field = field
    }

    /// Sizes the table once instead of regrowing it (and rehashing every value) as it fills; the header's
    /// count is capped, so a hostile one cannot make this allocate much.
    mutating func expect(records: Int) {
        firstSeen.reserveCapacity(min(max(0, records), Self.largestReservation))
    }

    static let largestReservation = 1 << 21

    mutating func inspect(value: String, record: Int, into defects: inout [Defect]) {
        if let first = firstSeen[value] {
            defects.append(
                Defect(
                    record: record, field: field, value: value,
                    ["field": field, "value": value, "first": String(first)]))
        } else {
            firstSeen[value] = record
        }
    }
}
