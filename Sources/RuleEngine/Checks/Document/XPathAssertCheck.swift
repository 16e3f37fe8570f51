/// `xpath:`: at every node `context` selects in the documents `document:` matches, `assert` must hold.
enum XPathAssertCheck: BuiltInCheck {
    static let family = CheckFamily.document
    static let descriptor = CheckDescriptor(
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
}

/// `xpath-assert`: a Schematron-like assertion at every context node of the XML documents a glob selects.
extension XPathRule {
    /// The assertion over each document; a document that cannot be evaluated adds an error, not findings.
    func evaluate(_ documents: [DocumentInput], evaluator: any XPathEvaluator) -> DocumentOutcome {
        var outcome = DocumentOutcome()
        for document in documents {
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
}
