import Yams

/// `xpath:`: a Schematron-like rule over XML documents: at every node `context` selects in a document
/// matching `document`, the XPath `assert` must be true.
public struct XPathAssertCheck: DocumentCheck, Hashable {
    static let formKey = "xpath"
    public static let family = CheckFamily.document
    public static let descriptor = CheckDescriptor(
        id: "xpath-assert",
        summary: LocalizedText(
            zh: "XML 文档中每个上下文节点都须满足断言（类 Schematron）",
            en: "At every context node of an XML document, an XPath assertion must hold (Schematron-like)."),
        message: LocalizedText(zh: "{xpath} 不满足 {assert}", en: "{xpath} fails {assert}"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("document", "glob", "the members it reads (on the rule)"),
            CheckParameter("context", "xpath", "the nodes it is asserted at"),
            CheckParameter("assert", "xpath", "what must be true at each of them"),
        ])

    /// Glob over member paths (`**/*.xml`); for an archive member, the part after `!/` is matched too.
    public var document: String
    public var context: String
    public var assert: String
    /// Prefix → namespace URI, declared once in `pack.yaml` under `namespaces:`.
    public var namespaces: [String: String]

    public init(document: String, context: String, assert: String, namespaces: [String: String]) {
        self.document = document
        self.context = context
        self.assert = assert
        self.namespaces = namespaces
    }

    /// `xpath:` (with `document:`): an XPath assertion over every context node of the documents.
    static func parse<Form: RuleForm>(_ xpath: inout YAMLMapping, rule map: inout YAMLMapping, _ form: Form)
        throws(RulePackError) -> Self
    {
        guard let document = try map.string("document") else {
            throw RulePackError(.missingKey("document (required by xpath)"), at: map.location)
        }
        let context = try xpath.requireString("context")
        let assert = try xpath.requireString("assert")
        for expression in [context, assert] {
            for prefix in XPathPrefixes.of(expression) where form.namespaces[prefix] == nil {
                throw RulePackError(
                    .invalidValue(
                        key: "xpath", value: prefix,
                        allowed: "a prefix declared under namespaces: in pack.yaml ("
                            + form.namespaces.keys.sorted().joined(separator: ", ") + ")"),
                    at: xpath.location)
            }
        }
        try xpath.finish()
        return XPathAssertCheck(document: document, context: context, assert: assert, namespaces: form.namespaces)
    }

    var reads: DocumentReading { .documents }

    /// Whether this rule reads the member at `path`.
    public func applies(to path: String) -> Bool {
        let inner = path.range(of: "!/").map { String(path[$0.upperBound...]) } ?? path
        return Glob.matches(document, path) || Glob.matches(document, inner)
    }

    /// The assertion over each document; a document that cannot be evaluated adds an error, not findings.
    func evaluate(_ input: DocumentRunInput) -> DocumentOutcome? {
        guard let evaluator = input.evaluator, !input.documents.isEmpty else { return nil }
        var outcome = DocumentOutcome()
        for document in input.documents {
            let result = evaluator.evaluate(self, in: document.source)
            if let error = result.error {
                outcome.errors.append(error)
                continue
            }
            outcome.checked += result.contexts
            for failure in result.failures {
                outcome.findings.append(
                    (
                        Defect(
                            value: failure.value,
                            ["xpath": failure.xpath, "assert": assert, "context": context, "value": failure.value]),
                        Location(file: document.file, line: failure.line, xpath: failure.xpath), nil
                    ))
            }
        }
        return outcome
    }

    var configuration: [String] {
        var lines = ["```\ndocument: \(document)\ncontext:  \(context)\nassert:   \(assert)\n```"]
        let used = namespaces.keys.sorted().filter { prefix in (context + " " + assert).contains(prefix + ":") }
        if !used.isEmpty {
            lines.append("")
            lines.append("Namespaces: " + used.map { "`\($0)` = `\(namespaces[$0]!)`" }.joined(separator: ", "))
        }
        return lines
    }
}
