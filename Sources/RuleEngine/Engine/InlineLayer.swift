/// A layer held in memory: for rule examples and for testing checks without any file format.
public struct InlineLayer: Layer {
    public let name: String
    public let file: String
    public let format = "inline"
    public let schema: LayerSchema
    public let rows: [[String?]]
    /// One shape per row (nil: none), or empty for a table without shapes.
    public let geometries: [Geometry?]
    public var encoding: EncodingInfo? { nil }
    /// Nil unless set (rule examples that name an EPSG code set it).
    public var crs: CRSInfo?
    public var recordCount: Int { rows.count }

    /// A layer of `rows`, each holding values in the order of `fields`; nil is a blank value.
    public init(
        name: String, file: String = "<inline>", fields: [FieldDefinition], geometryType: String? = nil,
        rows: [[String?]], geometries: [Geometry?] = [], crs: CRSInfo? = nil
    ) {
        self.name = name
        self.file = file
        schema = LayerSchema(fields: fields, geometryType: geometryType)
        self.rows = rows
        self.geometries = geometries
        self.crs = crs
    }

    public func records() -> any Sequence<Result<Record, ReadProblem>> {
        rows.enumerated().lazy.map { index, values in
            .success(
                Record(
                    number: index + 1, values: values, geometry: index < geometries.count ? geometries[index] : nil))
        }
    }
}
