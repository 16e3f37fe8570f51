/// `reference:`: a key of a layer's record must exist in the target layer (and its `match` fields agree);
/// evaluated by `CrossLayerRun` after every layer's pass, so layer order does not matter.
enum ReferenceCheck: BuiltInCheck {
    static let family = CheckFamily.crossLayer
    static let descriptor = CheckDescriptor(
        id: "reference-missing",
        summary: LocalizedText(
            zh: "引用的键在目标图层中不存在或属性不一致", en: "A referenced key is absent from the target layer, or its attributes differ."
        ),
        message: LocalizedText(
            zh: "{key} 在 {target} 中{problem_zh}", en: "{key} {problem} in {target}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the target layer (`base.X` for the base dataset's)"),
            CheckParameter("key", "expression", "the referring key, over the rule's layer"),
            CheckParameter("target", "expression", "the key it must equal, over the target layer"),
            CheckParameter(
                "match", "{expression: expression}", "values that must agree with the target's", default: "none"),
            CheckParameter(
                "report-missing", "boolean", "whether a key absent from the target is reported", default: "true"),
        ])
}
