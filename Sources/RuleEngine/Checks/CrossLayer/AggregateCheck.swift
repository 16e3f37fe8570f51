/// `aggregate:`: a recorded total must equal the sum of its parts in another layer; evaluated by `CrossLayerRun`.
enum AggregateCheck: BuiltInCheck {
    static let family = CheckFamily.crossLayer
    static let descriptor = CheckDescriptor(
        id: "aggregate-mismatch",
        summary: LocalizedText(zh: "汇总值与明细之和不一致", en: "A recorded total differs from the sum of its parts."),
        message: LocalizedText(
            zh: "记录值 {value} 与 {source} 汇总 {sum} 相差 {difference}（容差 {tolerance}）",
            en: "recorded {value} differs from the {source} sum {sum} by {difference} (tolerance {tolerance})"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("of", "layer", "the layer holding the parts"),
            CheckParameter("group", "expression", "the parts' group, over that layer"),
            CheckParameter("sum", "expression", "the number summed per group"),
            CheckParameter("key", "expression", "the total's group, over the rule's layer"),
            CheckParameter("value", "expression", "the recorded total"),
            CheckParameter("tolerance", "number", "the difference allowed", default: "0"),
            CheckParameter(
                "combine", "boolean", "whether totals of one key are added before comparing", default: "false"),
            CheckParameter(
                "skip-unmatched", "boolean", "whether a total without parts is passed over", default: "false"),
        ])
}
