/// The type of a field as a dBASE table declares it, by its one-letter code.
public enum FieldType: String, Sendable, Codable, CaseIterable {
    /// `C`: character text.
    case character = "C"
    /// `N`: a number written as decimal text (integer when it has no decimals).
    case numeric = "N"
    /// `F`: a floating-point number written as decimal text.
    case float = "F"
    /// `L`: a logical value (`T`, `F`, `Y`, `N`, `?`).
    case logical = "L"
    /// `D`: a date written `YYYYMMDD`.
    case date = "D"
    /// `M`: a memo reference (text kept in a separate file).
    case memo = "M"
    /// Any other type code, kept as read.
    case other = "?"

    /// The type for a dBASE type code; unknown codes become `.other`.
    public init(code: Character) {
        self = FieldType(rawValue: String(code).uppercased()) ?? .other
    }
}

/// One field of a layer as the file declares it.
public struct FieldDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var type: FieldType
    /// The type code exactly as written in the file (meaningful when `type` is `.other`).
    public var typeCode: String
    public var width: Int
    public var decimals: Int
    /// `false` when the format declares no width or decimals for the field (a GeoPackage or File
    /// Geodatabase number: `width` and `decimals` are then 0 and say nothing); nil when they are declared.
    public var sizeDeclared: Bool?

    public init(
        name: String, type: FieldType, typeCode: String? = nil, width: Int, decimals: Int, sizeDeclared: Bool? = nil
    ) {
        self.name = name
        self.type = type
        self.typeCode = typeCode ?? type.rawValue
        self.width = width
        self.decimals = decimals
        self.sizeDeclared = sizeDeclared
    }
}

/// The fields and geometry of a layer, as found in the file.
public struct LayerSchema: Hashable, Sendable, Codable {
    public var fields: [FieldDefinition]
    /// The geometry type, such as `Polygon` or `PointZ`; nil for a table without geometry.
    public var geometryType: String?

    public init(fields: [FieldDefinition], geometryType: String?) {
        self.fields = fields
        self.geometryType = geometryType
    }

    /// The 0-based position of a field, matched case-insensitively as dBASE names are.
    /// While checks bind to a layer, the position found is noted in `ReadUsage.current`.
    public func index(of name: String) -> Int? {
        let upper = name.uppercased()
        let found = fields.firstIndex(where: { $0.name == name }) ?? fields.firstIndex { $0.name.uppercased() == upper }
        if let found, let usage = ReadUsage.current { usage.note(column: found) }
        return found
    }
}
