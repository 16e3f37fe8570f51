import RuleEngine

/// VCT's field types (TableStructure) mapped to StdCheck's `FieldType`, so that the packs' type and
/// width rules apply unchanged. The type as written is kept as `typeCode` (messages name it).
///
/// | VCT type | FieldType | note |
/// |---|---|---|
/// | `Char`, `Varchar`, `String`, `Text` | `character` | |
/// | `Int`, `Integer`, `Int1`/`Int2`/`Int4`/`Int8`, `Short`, `Long`, `Smallint`, `Bigint` | `numeric` (0 decimals) | |
/// | `Float`, `Double`, `Real`, `Numeric`, `Decimal`, `Number` | `float` | decimals as declared (0 when absent) |
/// | `Date` | `date` | |
/// | `Bool`, `Boolean`, `Logical` | `logical` | |
/// | `Time`, `Datetime`, `Varbin`, `Blob` and anything else | `other` | Varbin holds a file path |
///
/// A width left out is 0 (Varbin has none); a type rule then reports what the standard wants.
enum VCTFieldType {
    static func fieldType(_ written: String) -> FieldType {
        switch written.uppercased() {
        case "CHAR", "VARCHAR", "STRING", "TEXT", "NCHAR", "NVARCHAR": .character
        case "INT", "INTEGER", "INT1", "INT2", "INT4", "INT8", "SHORT", "LONG", "SMALLINT", "BIGINT": .numeric
        case "FLOAT", "DOUBLE", "REAL", "NUMERIC", "DECIMAL", "NUMBER": .float
        case "DATE": .date
        case "BOOL", "BOOLEAN", "LOGICAL": .logical
        default: .other
        }
    }

    static func definition(name: String, type: String, width: Int?, decimals: Int?) -> FieldDefinition {
        FieldDefinition(
            name: name, type: fieldType(type), typeCode: type, width: max(0, width ?? 0),
            decimals: max(0, decimals ?? 0))
    }
}
