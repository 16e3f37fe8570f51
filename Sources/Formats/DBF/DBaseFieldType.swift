import RuleEngine

/// dBASE's field types, by their one-letter code, and how the shapefile and DBF readers map them to
/// the format-neutral `FieldType` (docs/formats.md). The letter stays the field's `typeCode`, so
/// reports and messages name what the file declares.
///
/// | code | dBASE type | FieldType |
/// |---|---|---|
/// | `C` | character | text |
/// | `N` | number as decimal text | integer without decimals, else real |
/// | `F` | floating-point number as decimal text | real |
/// | `D` | date `YYYYMMDD` | date |
/// | `L` | logical (`T`, `F`, `Y`, `N`, `?`) | boolean |
/// | `M` | memo reference | other |
/// | anything else | | other |
enum DBaseFieldType: Character, Sendable, CaseIterable {
    case character = "C"
    case numeric = "N"
    case float = "F"
    case logical = "L"
    case date = "D"
    case memo = "M"
    case other = "?"

    /// The type for a dBASE type code (any case); unknown codes become `.other`.
    init(code: Character) {
        self = String(code).uppercased().first.flatMap { DBaseFieldType(rawValue: $0) } ?? .other
    }

    /// The format-neutral type of a field of this code with `decimals` decimals.
    func neutral(decimals: Int) -> FieldType {
        switch self {
        case .character: .text
        case .numeric: decimals > 0 ? .real : .integer
        case .float: .real
        case .date: .date
        case .logical: .boolean
        case .memo, .other: .other
        }
    }

    /// The letters a DBF writes for each neutral type (a number of either kind may be `N`), for messages.
    static let names = FieldTypeNames([
        .text: ["C"], .integer: ["N"], .real: ["F", "N"], .date: ["D"], .boolean: ["L"],
    ])
}
