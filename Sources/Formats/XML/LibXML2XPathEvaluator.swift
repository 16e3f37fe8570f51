import CLibXML2
import Foundation
import RuleEngine

/// Evaluates XPath rules with libxml2, on documents read as safely as `XMLValidator` reads them.
public struct LibXML2XPathEvaluator: XPathEvaluator {
    public init() {}

    /// Characters of a context node's text quoted in a finding.
    static let quotedLength = 60

    public func evaluate(_ rule: XPathRule, in source: XMLSource) -> XPathOutcome {
        let data: Data
        let url: String
        switch source {
        case .path(let path):
            guard let read = FileManager.default.contents(atPath: path) else {
                return XPathOutcome(contexts: 0, failures: [], error: "cannot read \(path)")
            }
            data = read
            url = path
        case .text(let text):
            data = Data(text.utf8)
            url = "example.xml"
        }
        guard data.count <= XMLLimits().maxBytes, EntityScanner.declarations(in: data).isEmpty else {
            return XPathOutcome(contexts: 0, failures: [], error: "the document was refused (size or entities)")
        }
        return withLibXML2 { session in
            guard let doc = session.parse(data, url: url, maxDepth: XMLLimits().maxDepth) else {
                let reason = session.take().first { !$0.isWarning }?.message ?? "not well-formed"
                return XPathOutcome(contexts: 0, failures: [], error: "not well-formed: \(reason)")
            }
            defer { xmlFreeDoc(doc) }
            guard let context = xmlXPathNewContext(doc) else {
                return XPathOutcome(contexts: 0, failures: [], error: "no XPath context")
            }
            defer { xmlXPathFreeContext(context) }
            for (prefix, uri) in rule.namespaces.sorted(by: { $0.key < $1.key }) {
                xmlXPathRegisterNs(context, prefix, uri)
            }
            guard let selected = xmlXPathEvalExpression(rule.context, context) else {
                let reason = session.take().first?.message ?? "invalid expression"
                return XPathOutcome(contexts: 0, failures: [], error: "context '\(rule.context)': \(reason)")
            }
            defer { xmlXPathFreeObject(selected) }
            var nodes: [xmlNodePtr] = []
            if let set = selected.pointee.nodesetval, let table = set.pointee.nodeTab {
                for index in 0..<Int(set.pointee.nodeNr) {
                    if let node = table[index] { nodes.append(node) }
                }
            }
            var failures: [(line: Int, xpath: String, value: String)] = []
            for node in nodes {
                context.pointee.node = node
                guard let result = xmlXPathEvalExpression(rule.assert, context) else {
                    let reason = session.take().first?.message ?? "invalid expression"
                    return XPathOutcome(contexts: 0, failures: [], error: "assert '\(rule.assert)': \(reason)")
                }
                let holds = xmlXPathCastToBoolean(result) != 0
                xmlXPathFreeObject(result)
                if holds { continue }
                var path = ""
                if let raw = xmlGetNodePath(node) {
                    path = String(cString: raw)
                    stdcheck_xmlFree(raw)
                }
                // Quote leaf values only; an element with children has no single value.
                var value = ""
                if !hasElementChildren(node), let raw = xmlNodeGetContent(node) {
                    value = String(cString: raw).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    stdcheck_xmlFree(raw)
                }
                if value.count > Self.quotedLength { value = String(value.prefix(Self.quotedLength)) + "…" }
                failures.append((line: Int(xmlGetLineNo(node)), xpath: path, value: value))
            }
            _ = session.take()
            return XPathOutcome(contexts: nodes.count, failures: failures)
        }
    }

    private func hasElementChildren(_ node: xmlNodePtr) -> Bool {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { return true }
            child = current.pointee.next
        }
        return false
    }
}
