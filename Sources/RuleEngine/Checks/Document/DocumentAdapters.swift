import Foundation

// The adapters a document kind reads XML and transforms coordinates with, and what they return. The
// Formats module implements them (over libxml2 and PROJ), so that this module reads no XML.

/// Where an XML document comes from: a member of the submission on disk, or an example's text.
public enum XMLSource: Sendable {
    case path(String)
    case text(String)
}

/// What evaluating one XPath rule on one document gave.
public struct XPathOutcome: Sendable {
    /// Context nodes the rule was asserted at.
    public var contexts: Int
    /// One per context node where the assertion is false: line, element path, string value.
    public var failures: [(line: Int, xpath: String, value: String)]
    /// Why the rule could not be evaluated (a document that is not well-formed, a wrong expression).
    public var error: String?

    public init(contexts: Int, failures: [(line: Int, xpath: String, value: String)], error: String? = nil) {
        self.contexts = contexts
        self.failures = failures
        self.error = error
    }
}

/// Transforms coordinates to longitude/latitude; the Formats module provides it (over PROJ).
public protocol GeographicTransformer: Sendable {
    /// The longitude/latitude box (west, south, east, north) of a box in EPSG:`epsg`; nil when unknown.
    func geographicBox(epsg: Int, box: [Double]) -> [Double]?
}

/// Evaluates XPath rules; the Formats module provides it (over libxml2), so that this module reads no XML.
public protocol XPathEvaluator: Sendable {
    func evaluate(_ rule: XPathAssertCheck, in document: XMLSource) -> XPathOutcome
    /// The text of the first node `expression` selects (or the string value of a non-node result),
    /// with its line and path; nil when nothing is selected or the document cannot be read.
    func value(of expression: String, namespaces: [String: String], in document: XMLSource)
        -> (text: String, line: Int, xpath: String)?
}
