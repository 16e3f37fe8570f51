import Foundation
import RuleEngine

/// The XML reader of `builtInReaders`: each document is checked (safety, well-formedness, the first of
/// the pack's schemas whose pattern matches its path) and becomes one of `Submission.documents`, which
/// the XPath and metadata rules evaluate. It gives no layer.
struct XMLFormat: FormatReader {
    let id = "xml"
    let summary = "XML document: safety, well-formedness, the pack's XSD; read by the xpath and metadata rules"
    let extensions: Set<String> = ["xml"]

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let binding = context.schemas.first { $0.matches(member.path) }
        let result = XMLValidator.check(
            file: context.path(of: member.path), display: member.path, schema: binding?.schema,
            catalog: binding?.catalog)
        return ReadOutcome(findings: result.findings, documents: [member.path])
    }

    /// Documents have no layers; they are checked when the submission is opened.
    func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued { .headers([]) }
}
