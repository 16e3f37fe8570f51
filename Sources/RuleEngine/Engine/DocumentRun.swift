import Foundation

/// Evaluates the rules over documents and the member list: XPath assertions, metadata facts against the
/// data, the package layout. The engine runs it over a submission's members; `ExampleRunner` runs it over
/// a rule's example document, so the examples go through the same evaluation.
struct DocumentRun {
    typealias Document = DocumentInput
    typealias Outcome = DocumentOutcome

    var evaluator: (any XPathEvaluator)?
    var geographic: (any GeographicTransformer)?

    /// Whether `rule` is one of the rules this run evaluates.
    static func evaluates(_ rule: Rule) -> Bool { kind(of: rule) != nil }

    /// The document kind a rule configures, nil for any other rule.
    static func kind(of rule: Rule) -> (any DocumentCheck)? {
        if case .document(let document) = rule.check { return document.check }
        return nil
    }

    /// Evaluates one rule over `documents` (those its glob selects), the member list `files`, and the
    /// layers it compares with; nil when the rule cannot be evaluated here (no evaluator, no document,
    /// no instance of its layer), so it does not apply.
    func evaluate(_ rule: Rule, documents: [Document], files: [String], layers: [any Layer]) -> Outcome? {
        Self.kind(of: rule)?.evaluate(
            DocumentRunInput(
                documents: documents, files: files, layers: layers, evaluator: evaluator, geographic: geographic))
    }

    /// The documents of a submission `rule` reads: the members read as XML documents (those the reader
    /// lists, else every `.xml` member) that its glob selects.
    static func documents(for rule: Rule, in submission: Submission) -> [Document] {
        guard let kind = kind(of: rule), kind.reads == .documents else { return [] }
        return Engine.documents(of: submission).filter(kind.applies(to:)).map {
            Document(file: $0, source: .path(submission.root + "/" + $0))
        }
    }
}

extension Engine {
    /// Runs the package-layout rules over the member list, the XPath rules over each matching XML
    /// member, and the metadata rules over each matching document and the layers they compare with.
    func runDocumentRules(_ rules: [Rule], over submission: Submission, into tally: inout Tally) {
        let run = DocumentRun(evaluator: xpathEvaluator, geographic: geographic)
        for rule in rules where DocumentRun.evaluates(rule) {
            let outcome = run.evaluate(
                rule, documents: DocumentRun.documents(for: rule, in: submission), files: submission.files.map(\.path),
                layers: submission.layers)
            guard let outcome else {
                tally.notApplicable(rule.id)
                continue
            }
            for found in outcome.findings { tally.add(rule, found.defect, at: found.location, key: found.key) }
            if DocumentRun.kind(of: rule)?.nothingJudgedIsNotApplicable == true, outcome.checked == 0 {
                tally.notApplicable(rule.id)
            } else {
                tally.checked(rule.id, outcome.checked)
            }
        }
    }

    /// The members read as XML documents: those the reader lists, else every `.xml` member.
    static func documents(of submission: Submission) -> [String] {
        submission.documents ?? submission.files.map(\.path).filter { $0.lowercased().hasSuffix(".xml") }
    }
}
