import RuleEngine

/// VCT's field types (TableStructure) mapped to the format-neutral `FieldType`, so that the packs'
/// type and width rules apply unchanged. The type as written is kept as `typeCode` (messages name it).
///
/// | VCT type | FieldType | note |
/// |---|---|---|
/// | `Char`, `Varchar`, `String`, `Text` | `text` | |
/// | `Int`, `Integer`, `Int1`/`Int2`/`Int4`/`Int8`, `Short`, `Long`, `Smallint`, `Bigint` | `integer` (0 decimals) | |
/// | `Float`, `Double`, `Real`, `Numeric`, `Decimal`, `Number` | `real` | decimals as declared (0 when absent) |
/// | `Date` | `date` | |
/// | `Datetime` | `datetime` | |
/// | `Bool`, `Boolean`, `Logical` | `boolean` | |
/// | `Varbin`, `Blob` | `binary` | Varbin holds a file path |
/// | `Time` and anything else | `other` | |
///
/// A width left out is 0 (Varbin has none); a type rule then reports what the standard wants.
enum VCTFieldType {
    static func fieldType(_ written: String) -> FieldType {
        switch written.uppercased() {
        case "CHAR", "VARCHAR", "STRING", "TEXT", "NCHAR", "NVARCHAR": .text
        case "INT", "INTEGER", "INT1", "INT2", "INT4", "INT8", "SHORT", "LONG", "SMALLINT", "BIGINT": .integer
        case "FLOAT", "DOUBLE", "REAL", "NUMERIC", "DECIMAL", "NUMBER": .real
        case "DATE": .date
        case "DATETIME": .datetime
        case "BOOL", "BOOLEAN", "LOGICAL": .boolean
        case "VARBIN", "BLOB": .binary
        default: .other
        }
    }

    /// The names VCT files use for each type, for messages.
    static let names = FieldTypeNames([
        .text: ["Char", "Varchar"], .integer: ["Int", "Integer"], .real: ["Double", "Float"], .date: ["Date"],
        .datetime: ["Datetime"], .boolean: ["Bool"], .binary: ["Varbin"],
    ])

    static func definition(name: String, type: String, width: Int?, decimals: Int?) -> FieldDefinition {
        FieldDefinition(
            name: name, type: fieldType(type), typeCode: type, width: max(0, width ?? 0),
            decimals: max(0, decimals ?? 0))
    }
}
