/// Reports a layer whose geometry type is not the one the standard gives it.
struct GeometryTypeCheck: FieldTableCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "geometry-type-mismatch",
        summary: LocalizedText(zh: "图层几何类型与标准不符", en: "The layer's geometry type differs from the standard's."),
        message: LocalizedText(
            zh: "图层几何类型为 {actual}，标准要求 {expected}", en: "layer geometry is {actual}; the standard wants {expected}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter(
                "geometry", GeometryKind.allCases.map(\.rawValue).joined(separator: " | "), "the layer's `geometry:`")
        ])

    static let derivationOrder = 1

    /// A layer's `geometry:`.
    static func derive(from table: FieldTable) -> [Derivation] {
        table.geometry.map { [Derivation(suffix: "geometry-type-mismatch", check: GeometryTypeCheck(expected: $0))] }
            ?? []
    }

    func tableText(layer: String, field: String) -> String { "\(layer): geometry: \(expected.rawValue)" }

    let expected: GeometryKind

    mutating func begin(_ schema: LayerSchema, into defects: inout [Defect]) -> Bool {
        let actual = schema.geometryType ?? "none"
        if Self.kind(of: actual) != expected {
            defects.append(Defect(value: actual, ["actual": actual, "expected": expected.rawValue]))
        }
        return true
    }

    /// The kind of a geometry type name such as `PolygonZ` or `MultiPoint`.
    static func kind(of typeName: String) -> GeometryKind? {
        let name = typeName.lowercased()
        if name.hasPrefix("multipoint") { return .multipoint }
        if name.hasPrefix("multipatch") { return .multipatch }
        if name.hasPrefix("point") { return .point }
        if name.hasPrefix("polygon") { return .polygon }
        if name.hasPrefix("line") || name.hasPrefix("arc") || name.hasPrefix("polyline") { return .line }
        return nil
    }
}
