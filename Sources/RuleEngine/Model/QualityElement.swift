/// An ISO 19157 data quality element: what kind of quality a rule measures.
///
/// Raw values are kebab-case for the reports; `isoName` is the `DQ_` class of ISO/TS 19157-2.
public enum QualityElement: String, Sendable, Codable, CaseIterable, Comparable {
    case completenessCommission = "completeness-commission"
    case completenessOmission = "completeness-omission"
    case conceptualConsistency = "conceptual-consistency"
    case domainConsistency = "domain-consistency"
    case formatConsistency = "format-consistency"
    case topologicalConsistency = "topological-consistency"
    case absolutePositionalAccuracy = "absolute-positional-accuracy"
    case relativePositionalAccuracy = "relative-positional-accuracy"
    case temporalConsistency = "temporal-consistency"
    case temporalValidity = "temporal-validity"
    case thematicClassificationCorrectness = "thematic-classification-correctness"
    case nonQuantitativeAttributeCorrectness = "non-quantitative-attribute-correctness"
    case quantitativeAttributeAccuracy = "quantitative-attribute-accuracy"
    case usability

    /// The ISO/TS 19157-2 class name, such as `DQ_DomainConsistency`.
    public var isoClass: String {
        switch self {
        case .completenessCommission: "DQ_CompletenessCommission"
        case .completenessOmission: "DQ_CompletenessOmission"
        case .conceptualConsistency: "DQ_ConceptualConsistency"
        case .domainConsistency: "DQ_DomainConsistency"
        case .formatConsistency: "DQ_FormatConsistency"
        case .topologicalConsistency: "DQ_TopologicalConsistency"
        case .absolutePositionalAccuracy: "DQ_AbsoluteExternalPositionalAccuracy"
        case .relativePositionalAccuracy: "DQ_RelativeInternalPositionalAccuracy"
        case .temporalConsistency: "DQ_TemporalConsistency"
        case .temporalValidity: "DQ_TemporalValidity"
        case .thematicClassificationCorrectness: "DQ_ThematicClassificationCorrectness"
        case .nonQuantitativeAttributeCorrectness: "DQ_NonQuantitativeAttributeCorrectness"
        case .quantitativeAttributeAccuracy: "DQ_QuantitativeAttributeAccuracy"
        case .usability: "DQ_UsabilityElement"
        }
    }

    /// The element's name in Chinese (GB/T 21337 terms) and English.
    public var title: LocalizedText {
        switch self {
        case .completenessCommission: LocalizedText(zh: "完整性（多余）", en: "Completeness: commission")
        case .completenessOmission: LocalizedText(zh: "完整性（遗漏）", en: "Completeness: omission")
        case .conceptualConsistency: LocalizedText(zh: "概念一致性", en: "Conceptual consistency")
        case .domainConsistency: LocalizedText(zh: "值域一致性", en: "Domain consistency")
        case .formatConsistency: LocalizedText(zh: "格式一致性", en: "Format consistency")
        case .topologicalConsistency: LocalizedText(zh: "拓扑一致性", en: "Topological consistency")
        case .absolutePositionalAccuracy: LocalizedText(zh: "绝对位置精度", en: "Absolute positional accuracy")
        case .relativePositionalAccuracy: LocalizedText(zh: "相对位置精度", en: "Relative positional accuracy")
        case .temporalConsistency: LocalizedText(zh: "时间一致性", en: "Temporal consistency")
        case .temporalValidity: LocalizedText(zh: "时间有效性", en: "Temporal validity")
        case .thematicClassificationCorrectness:
            LocalizedText(zh: "分类正确性", en: "Thematic classification correctness")
        case .nonQuantitativeAttributeCorrectness:
            LocalizedText(zh: "非定量属性正确性", en: "Non-quantitative attribute correctness")
        case .quantitativeAttributeAccuracy: LocalizedText(zh: "定量属性精度", en: "Quantitative attribute accuracy")
        case .usability: LocalizedText(zh: "可用性", en: "Usability")
        }
    }

    /// Declaration order, which follows ISO 19157's list of elements.
    public static func < (lhs: QualityElement, rhs: QualityElement) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
