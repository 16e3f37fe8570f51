/// One kind of cross-layer rule, in a file of its own: its descriptor, the key a rule file writes it
/// under, its parser and its evaluation. The loader and `CrossLayerRun` find the kinds in
/// `builtInChecks`; neither knows one by name.
protocol CrossLayerCheck: BuiltInCheck, Sendable {
    /// The key a rule writes it under: `reference`, `unique-across`, …
    static var formKey: String { get }
    /// Reads the kind's mapping (`reference: {…}`); any key it does not read is an error.
    static func parse<Form: RuleForm>(_ map: inout YAMLMapping, _ form: Form) throws(RulePackError) -> Self
    /// Every layer it reads, given the rule's own layer.
    func layers(ruleLayer: String?) -> [String]
    /// A fresh evaluation for one run of the rule `ruleID`, declared on `ruleLayer`.
    func evaluation(ruleID: String, ruleLayer: String?) -> any CrossLayerEvaluation
    /// The configuration as a rule page shows it (one block of text).
    var text: String { get }
    /// The difference it allows, when a profile may set it (`tolerance:` in `pack.yaml`); nil otherwise.
    var tolerance: Double? { get }
    /// The same rule allowing `tolerance`; nil for a kind without one.
    func with(tolerance: Double) -> Self?
    /// The layer whose polygon around a finding's point the report names as the related feature (a
    /// reference's target, when the key is dangling); nil for none.
    var containerLayer: String? { get }
}

extension CrossLayerCheck {
    static var family: CheckFamily { .crossLayer }
    var tolerance: Double? { nil }
    func with(tolerance: Double) -> Self? { nil }
    var containerLayer: String? { nil }
}
