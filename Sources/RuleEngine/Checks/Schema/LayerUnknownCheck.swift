/// Reports a layer present in the submission that the standard does not describe (`layer-unknown`, a
/// format rule every pack carries). The engine raises it itself after the layers' passes.
enum LayerUnknownCheck: BuiltInCheck {
    static let family = CheckFamily.schema
    static let descriptor = CheckDescriptor(
        id: "layer-unknown",
        summary: LocalizedText(
            zh: "提交成果中的图层不属于所选标准，未作检查", en: "A layer in the submission is not part of the standard and was not checked."
        ),
        message: LocalizedText(
            zh: "图层 {layer} 不属于所选标准，未作检查",
            en: "layer {layer} is not part of the standard and was not checked"),
        element: .completenessCommission)
}
