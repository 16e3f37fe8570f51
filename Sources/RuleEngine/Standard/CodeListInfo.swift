/// A code list's facts as the pack declares them.
struct CodeListInfo: Sendable {
    var title: LocalizedText
    var clause: String?
    var confidence: Confidence
    /// How sure the authors are of the names (`names-confidence:`, default `confidence`): it
    /// governs `name-code-mismatch`, so a list of confirmed codes with unverified names can report
    /// unknown codes as errors and name mismatches as warnings.
    var namesConfidence: Confidence
    var list: CodeList
    /// Where the list's codes and names come from (`source:`).
    var source: String? = nil
    /// The `codelists:` entry that declares it.
    var declaredAt: Location? = nil
}
