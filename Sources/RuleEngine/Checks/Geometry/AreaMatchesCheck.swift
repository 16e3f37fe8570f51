/// `area-matches`: a field records the shape's area, planar or on the ellipsoid.
struct AreaMatchesCheck: PerRecordGeometryCheck {
    /// How an area is computed.
    enum Method: String, Sendable, CaseIterable {
        case planar
        case ellipsoidal
    }

    static let descriptor = CheckDescriptor(
        id: "area-matches",
        summary: LocalizedText(zh: "记录的面积与几何计算面积不符", en: "A recorded area differs from the shape's area."),
        message: LocalizedText(
            zh: "{field} {value} 与{method_zh}计算面积 {area} 相差 {difference}（容差 {tolerance}）",
            en: "{field} {value} differs from the {method} area {area} by {difference} (tolerance {tolerance})"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("field", "field", "the field holding the recorded area"),
            CheckParameter(
                "method", "planar | ellipsoidal",
                "planar: in the layer's CRS; ellipsoidal: on its ellipsoid, edges straight in longitude and latitude",
                default: "planar"),
            CheckParameter("tolerance", "number", "the difference allowed, in m²"),
        ])

    var field: String
    var method: Method
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        let name = try parameters.field(try parameters.map.requireString("field"))
        let method = try parameters.map.choice("method", Method.self) ?? .planar
        return Self(field: name, method: method, tolerance: try parameters.number("tolerance"))
    }

    var parameterText: String {
        "field \(field), method \(method.rawValue), tolerance \(GeometryParameters.format(tolerance))"
    }
    var isMetric: Bool { method == .planar }
    var needsLibrary: Bool { method == .ellipsoidal }
    var needsEPSG: Bool { method == .ellipsoidal }
    var recordedField: String? { field }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? {
        guard shape.isValidPolygon, let recorded = shape.recorded else { return nil }
        let area: Double? =
            switch method {
            case .planar: shape.geometry.organizedArea
            case .ellipsoidal: shape.epsg.flatMap { shape.session?.ellipsoidalArea(of: shape.geometry, epsg: $0) }
            }
        guard let area else { return nil }
        let difference = recorded - area
        guard abs(difference) > tolerance + 1e-9 else { return nil }
        return GeometryDefect(
            field: field, value: GeometryFormat.number(recorded),
            values: [
                "field": field, "value": GeometryFormat.number(recorded), "area": GeometryFormat.number(area),
                "difference": GeometryFormat.number(difference), "tolerance": GeometryFormat.number(tolerance),
                "method": method.rawValue, "method_zh": method == .planar ? "平面" : "椭球",
            ], geometry: nil, exact: false)
    }
}
