/// `not-empty`: a shape is null or has no vertex.
struct NotEmptyCheck: PerRecordGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "not-empty",
        summary: LocalizedText(zh: "要素没有几何图形（空或 NULL）", en: "A feature has no shape (null or empty)."),
        message: LocalizedText(zh: "几何为{what_zh}", en: "the shape is {what}"),
        element: .conceptualConsistency)

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self { Self() }

    func inspectMissing(null: Bool) -> GeometryDefect? {
        GeometryDefect(values: ["what": null ? "null" : "empty", "what_zh": null ? "空（NULL）" : "空几何"], geometry: nil)
    }

    func inspect(_ shape: ShapeUnderCheck) -> GeometryDefect? { nil }
}
