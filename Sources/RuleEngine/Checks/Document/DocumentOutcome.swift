// What a document check reads and what it returns: the engine's DocumentRun hands the kinds
// under Checks/Document/ their documents and stamps their outcome with the rule, so the kinds
// do not name the engine.

/// A document to evaluate: its member path (for the findings' places) and where its text is.
struct DocumentInput {
    var file: String
    var source: XMLSource
}

/// What one rule found.
struct DocumentOutcome {
    /// Context nodes, declared facts or members judged; 0 with no finding means not applicable.
    var checked = 0
    var findings: [(defect: Defect, location: Location, key: FeatureKey?)] = []
    /// Why a document could not be evaluated (not well-formed, a wrong expression); the engine passes
    /// over such a document, an example reports it.
    var errors: [String] = []
}
