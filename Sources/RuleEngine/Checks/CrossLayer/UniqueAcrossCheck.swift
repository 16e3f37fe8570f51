/// `unique-across:`: a field's values must not repeat across several layers; evaluated by `CrossLayerRun`.
enum UniqueAcrossCheck: BuiltInCheck {
    static let family = CheckFamily.crossLayer
    static let descriptor = CheckDescriptor(
        id: "value-duplicated-across-layers",
        summary: LocalizedText(zh: "标识值在多个图层间重复", en: "An identifier repeats across layers."),
        message: LocalizedText(
            zh: "{field} 的值 '{value}' 已被 {first} 使用", en: "{field} value '{value}' is also used by {first}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layers", "[layer]", "the layers sharing the identifier"),
            CheckParameter("field", "field", "the identifier's field"),
            CheckParameter(
                "within", "[field]", "fields that scope the uniqueness (unique within their values)", default: "none"),
        ])
}
