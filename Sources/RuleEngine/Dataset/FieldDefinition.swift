/// The type of a field whatever the format declares it in. Each reader maps its own types to these
/// (docs/formats.md: dBASE letters for shapefiles and DBF tables, OGR types for GDAL, VCT's names),
/// and keeps the type as written in `FieldDefinition.typeCode`; a pack's field table
/// (`StandardFieldType`) is compared with these.
public enum FieldType: String, Sendable, Codable, CaseIterable {
    /// Character text.
    case text
    /// A whole number (a dBASE `N` without decimals, OGR Integer/Integer64, VCT Int).
    case integer
    /// A number with a fractional part (a dBASE `F`, or `N` with decimals; OGR Real; VCT Float/Double).
    case real
    /// A calendar date.
    case date
    /// A date with a time of day.
    case datetime
    /// A logical value.
    case boolean
    /// Bytes (OGR Binary, VCT Varbin/Blob).
    case binary
    /// A type the reader does not map (a dBASE memo `M`, OGR Time or lists); `typeCode` says which.
    case other
}

/// How a format names the field types it maps to `FieldType`, for messages that say what the file
/// should have declared (`Int (F/N)` for a DBF table).
public struct FieldTypeNames: Hashable, Sendable, Codable {
    /// The format's names of each type, as written in its files.
    public var names: [FieldType: [String]]

    public init(_ names: [FieldType: [String]]) {
        self.names = names
    }

    /// The format's names of any of `types`, sorted and joined with `/`; the types' own names for a
    /// format that gave none.
    public func describe(_ types: Set<FieldType>) -> String {
        let written = Set(types.flatMap { names[$0] ?? [] })
        return (written.isEmpty ? Set(types.map(\.rawValue)) : written).sorted().joined(separator: "/")
    }
}

/// One field of a layer as the file declares it.
public struct FieldDefinition: Hashable, Sendable, Codable {
    public var name: String
    public var type: FieldType
    /// The type exactly as the file writes it (`C`, `N` in a DBF; `String`, `Real` through GDAL; a
    /// VCT's `Char`); empty for a format that declares none (delimited text). The report's `type`.
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

extension FieldDefinition {
    enum CodingKeys: String, CodingKey {
        case name, type, typeCode, width, decimals, sizeDeclared
    }

    /// The report writes the type as the format names it (`type` and `typeCode`, as reports did when
    /// fields were dBASE's), so a report says what the file declares; `FieldType` is what rules compare.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(typeCode, forKey: .type)
        try container.encode(typeCode, forKey: .typeCode)
        try container.encode(width, forKey: .width)
        try container.encode(decimals, forKey: .decimals)
        try container.encodeIfPresent(sizeDeclared, forKey: .sizeDeclared)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let code = try container.decode(String.self, forKey: .typeCode)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            type: FieldType(rawValue: try container.decode(String.self, forKey: .type)) ?? .other, typeCode: code,
            width: try container.decode(Int.self, forKey: .width),
            decimals: try container.decode(Int.self, forKey: .decimals),
            sizeDeclared: try container.decodeIfPresent(Bool.self, forKey: .sizeDeclared))
    }
}

/// The fields and geometry of a layer, as found in the file.
public struct LayerSchema: Hashable, Sendable, Codable {
    public var fields: [FieldDefinition]
    /// The geometry type, such as `Polygon` or `PointZ`; nil for a table without geometry.
    public var geometryType: String?
    /// How the layer's format names its field types (messages); nil names them by `FieldType`.
    public var typeNames: FieldTypeNames?

    public init(fields: [FieldDefinition], geometryType: String?, typeNames: FieldTypeNames? = nil) {
        self.fields = fields
        self.geometryType = geometryType
        self.typeNames = typeNames
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
