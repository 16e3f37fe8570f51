/// Reports a layer the standard requires that the submission lacks.
///
/// The engine raises it itself, since there is no layer to drive; the type carries the descriptor.
enum LayerMissingCheck: BuiltInCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "layer-missing",
        summary: LocalizedText(zh: "提交成果缺少标准要求的图层", en: "A layer the standard requires is absent from the submission."),
        message: LocalizedText(zh: "缺少必选图层 {layer}（{title_zh}）", en: "required layer {layer} ({title}) is missing"),
        element: .completenessOmission,
        parameters: [
            CheckParameter(
                "obligation", "M | O | C", "from the layer's `obligation:`: a mandatory (M) layer must be present")
        ])
}
