/// One kind of `crs:` check, in a file of its own. The kinds are judged in the order of their `stage`;
/// a layer is reported by the first that fails, so one wrong `.prj` is one finding (a later check is
/// not applicable to it).
protocol CRSCheck: BuiltInCheck, Sendable {
    static var descriptor: CheckDescriptor { get }
    /// The position in the order the checks are judged.
    static var stage: Int { get }
    /// Reads the rule's keys besides `check:`.
    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self
    /// Judges the layer's CRS; `configured` is the layer's rule of this kind, if it has one (a stage is
    /// judged without one, so that a later stage is not reported for a CRS an earlier stage rejects).
    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure?
    /// The configuration as a rule page shows it after the id; empty without parameters.
    var parameterText: String { get }
}

extension CRSCheck {
    var parameterText: String { "" }
}

/// What a CRS stage found: the message's values and, when it has one, the layer's extent as error geometry.
struct CRSFailure {
    var values: [String: String]
    var geometry: ErrorGeometry?
}

/// A layer's coordinate reference system and extent as the CRS checks see them.
struct CRSUnderCheck {
    let crs: CRSInfo
    let details: CRSDetails?
    /// The CRS's name, from the file or PROJ's database.
    let name: String
    let isGeographic: Bool
    /// The extent of the layer's shapes.
    let box: Envelope?
    let operations: (any GeometryOperations)?

    /// The extent as a polygon.
    var boxGeometry: ErrorGeometry? {
        box.map { box in
            ErrorGeometry.polygon([
                [
                    [box.minX, box.minY], [box.minX, box.maxY], [box.maxX, box.maxY], [box.maxX, box.minY],
                    [box.minX, box.minY],
                ]
            ])
        }
    }

    static func span(_ lower: Double, _ upper: Double) -> String {
        "\(GeometryFormat.number(lower))–\(GeometryFormat.number(upper))"
    }
}
