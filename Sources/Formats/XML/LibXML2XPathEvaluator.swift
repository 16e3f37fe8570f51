import CLibXML2
import Foundation
import RuleEngine

/// Evaluates XPath rules with libxml2, on documents read as safely as `XMLValidator` reads them.
public struct LibXML2XPathEvaluator: XPathEvaluator {
    public init() {}

    /// Characters of a context node's text quoted in a finding.
    static let quotedLength = 60

    /// The document's bytes and name, or nil when it cannot be read or is refused (limits, entities).
    private func load(_ source: XMLSource) -> (Data, String)? {
        switch source {
        case .path(let path):
            guard let data = FileManager.default.contents(atPath: path), data.count <= XMLLimits().maxBytes,
                EntityScanner.declarations(in: data).isEmpty,
                StructureScanner.excess(in: data, limits: XMLLimits()) == nil
            else { return nil }
            return (data, path)
        case .text(let text):
            return (Data(text.utf8), "example.xml")
        }
    }

    public func value(of expression: String, namespaces: [String: String], in source: XMLSource)
        -> (text: String, line: Int, xpath: String)?
    {
        guard let (data, url) = load(source) else { return nil }
        return withLibXML2 { session -> ValueFound? in
            guard let doc = session.parse(data, url: url, maxDepth: XMLLimits().maxDepth) else { return nil }
            defer { xmlFreeDoc(doc) }
            guard let context = xmlXPathNewContext(doc) else { return nil }
            defer { xmlXPathFreeContext(context) }
            for (prefix, uri) in namespaces.sorted(by: { $0.key < $1.key }) { xmlXPathRegisterNs(context, prefix, uri) }
            defer { _ = session.take() }
            guard let result = xmlXPathEvalExpression(expression, context) else { return nil }
            defer { xmlXPathFreeObject(result) }
            if let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let node = set.pointee.nodeTab?[0] {
                var text = ""
                if let raw = xmlNodeGetContent(node) {
                    text = String(cString: raw)
                    stdcheck_xmlFree(raw)
                }
                var path = ""
                if let raw = xmlGetNodePath(node) {
                    path = String(cString: raw)
                    stdcheck_xmlFree(raw)
                }
                return ValueFound(text: text, line: Int(xmlGetLineNo(node)), xpath: path)
            }
            guard result.pointee.type != XPATH_NODESET, let raw = xmlXPathCastToString(result) else { return nil }
            defer { stdcheck_xmlFree(raw) }
            return ValueFound(text: String(cString: raw), line: 0, xpath: expression)
        }.map { (text: $0.text, line: $0.line, xpath: $0.xpath) }
    }

    /// A selected value, as a Sendable struct (tuples cross the libxml2 lock badly).
    private struct ValueFound: Sendable {
        var text: String
        var line: Int
        var xpath: String
    }

    public func evaluate(_ rule: XPathAssertCheck, in source: XMLSource) -> XPathOutcome {
        guard let (data, url) = load(source) else {
            return XPathOutcome(
                contexts: 0, failures: [], error: "the document cannot be read or was refused (a limit or entities)")
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
