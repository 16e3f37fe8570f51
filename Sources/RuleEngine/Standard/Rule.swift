/// One requirement of a standard, in a pack: what is checked, how severe a failure is, and where it comes from.
public struct Rule: Sendable, Identifiable {
    /// Stable id naming the defect: `DLTB.DLBM.code-unknown`, `shx-missing`.
    public var id: String
    public var title: LocalizedText
    public var severity: Severity
    /// The standard's clause (or `StdCheck` for the format rules every pack shares).
    public var clause: String
    /// The layer it applies to; nil for rules over the whole submission.
    public var layer: String?
    public var field: String?
    public var check: RuleCheck
    public var confidence: Confidence
    /// Where it is declared: `rules/gtdc/2020/layers/DLTB.yaml:14:5`, or `built-in`.
    public var source: String
    /// Where the requirement comes from (the pack's `source:`): the research note and row, or the
    /// standard's clause that shows it; for a derived rule, its field's (or code list's) source.
    public var evidence: String?
    /// The items of the national check catalogue this rule implements (`check-item:`), by id.
    public var checkItems: [String] = []
    /// Why the requirement exists (declared rules).
    public var rationale: String?
    /// What the check cannot see.
    public var limitations: String?
    /// The ISO 19157 data quality element, when the pack names it (else the check's own).
    public var element: QualityElement?
    /// A message replacing the check's own; `{FIELD}` placeholders quote the record's values.
    public var message: LocalizedText?
    public var examples: [RuleExample] = []

    public init(
        id: String, title: LocalizedText, severity: Severity, clause: String, layer: String?, field: String?,
        check: RuleCheck, confidence: Confidence = .high, source: String
    ) {
        self.id = id
        self.title = title
        self.severity = severity
        self.clause = clause
        self.layer = layer
        self.field = field
        self.check = check
        self.confidence = confidence
        self.source = source
    }

    /// True for the rules derived from a field table (their examples are the checks' own tests).
    public var isDerived: Bool {
        switch check {
        case .assertion, .crossLayer, .geometry, .crs, .document:
            false
        default: true
        }
    }

    /// The built-in check's descriptor.
    public var descriptor: CheckDescriptor { check.descriptor }
}

/// The built-in check a rule configures, with its parameters.
public enum RuleCheck: Sendable {
    /// Raised by the readers themselves (missing .shx, undeclared encoding …); the id names the defect.
    case format(FormatDefect)
    case layerMissing
    case layerUnknown
    /// A rule a layer's field table gives (`field-missing`, `code-unknown`, `out-of-range` …), judged
    /// during the layer's pass by a fresh copy of its configured check.
    case derived(DerivedCheck)
    case assertion(RowAssertion)
    /// A rule over several layers (`reference:`, `unique-across:`, `aggregate:`, `change-summary:` …),
    /// evaluated by `CrossLayerRun` after every layer's pass.
    case crossLayer(CrossLayerRule)
    /// A built-in geometry check (`geometry: {check: …}`), run with the engine's `GeometryOperations`.
    case geometry(GeometryRule)
    /// A coordinate reference system check (`crs: {check: …}`).
    case crs(CRSRule)

    /// Geometry and CRS rules, which need the engine's `GeometryOperations` and are evaluated by `GeometryRun`.
    public var needsGeometryOperations: Bool {
        switch self {
        case .geometry, .crs: true
        default: false
        }
    }
    /// A rule over the XML documents or the member list of the submission (`xpath:`, `metadata:`,
    /// `package:` …), evaluated by `DocumentRun`.
    case document(DocumentRule)

    public var descriptor: CheckDescriptor {
        switch self {
        case .format(let defect): defect.descriptor
        case .layerMissing: LayerMissingCheck.descriptor
        case .layerUnknown: LayerUnknownCheck.descriptor
        case .derived(let derived): derived.descriptor
        case .assertion: ExpressionCheck.descriptor
        case .crossLayer(let rule): rule.descriptor
        case .geometry(let rule): rule.descriptor
        case .crs(let rule): rule.descriptor
        case .document(let rule): rule.descriptor
        }
    }
}
