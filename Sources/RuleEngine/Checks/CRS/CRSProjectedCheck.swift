/// `projected`: the CRS is projected, not geographic.
struct CRSProjectedCheck: CRSCheck {
    static let descriptor = CheckDescriptor(
        id: "crs-projected",
        summary: LocalizedText(zh: "坐标系不是投影坐标系", en: "The coordinate reference system is not projected."),
        message: LocalizedText(zh: "坐标系 {crs} 是地理坐标系", en: "the CRS {crs} is geographic"),
        element: .conceptualConsistency)
    static let stage = 0

    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self { Self() }

    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure? {
        layer.isGeographic ? CRSFailure(values: ["crs": layer.name]) : nil
    }
}
