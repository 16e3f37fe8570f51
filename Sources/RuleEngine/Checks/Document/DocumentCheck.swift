/// One kind of document rule, in a file of its own: its descriptor, the key a rule file writes it
/// under, its parser and its evaluation. The loader, `DocumentRun` and `ExampleRunner` find the kinds in
/// `builtInChecks`; none knows one by name.
protocol DocumentCheck: BuiltInCheck, Sendable {
    /// The key a rule writes it under: `xpath`, `metadata`, `package`.
    static var formKey: String { get }
    /// Reads the kind's mapping; `rule` is the rule's own (which holds `document:`). Any key the kind does
    /// not read is an error.
    static func parse<Form: RuleForm>(_ map: inout YAMLMapping, rule: inout YAMLMapping, _ form: Form)
        throws(RulePackError) -> Self
    /// What it reads: XML documents (an example gives `document:`), or the member list (`files:`).
    var reads: DocumentReading { get }
    /// Whether it reads the member at `path` (for `reads == .documents`).
    func applies(to path: String) -> Bool
    /// The layer whose data it compares with (an example gives rows of it), if any.
    var comparedLayer: String? { get }
    /// Needs a coordinate transformer to be evaluated at all.
    var needsGeographic: Bool { get }
    /// Its outcome over `input`; nil when it cannot be evaluated there (no evaluator, no document, no
    /// instance of its layer), so it does not apply.
    func evaluate(_ input: DocumentRunInput) -> DocumentOutcome?
    /// Whether an outcome that judged nothing means the rule did not apply (a declared fact not found).
    var nothingJudgedIsNotApplicable: Bool { get }
    /// The configuration as a rule page shows it, in lines.
    var configuration: [String] { get }
}

extension DocumentCheck {
    static var family: CheckFamily { .document }
    func applies(to path: String) -> Bool { false }
    var comparedLayer: String? { nil }
    var needsGeographic: Bool { false }
    var nothingJudgedIsNotApplicable: Bool { false }
}

/// What a document kind reads.
enum DocumentReading: Sendable {
    /// The XML documents of the submission its glob selects.
    case documents
    /// The submission's member list.
    case members
}

/// What a document kind is evaluated over: the documents its glob selected, the member list, the layers
/// of the submission, and the adapters that read XML and transform coordinates.
struct DocumentRunInput {
    var documents: [DocumentInput]
    var files: [String]
    var layers: [any Layer]
    var evaluator: (any XPathEvaluator)?
    var geographic: (any GeographicTransformer)?
}
