import Foundation

/// A Schematron-like rule over XML documents: at every node `context` selects in a document
/// matching `document`, the XPath `assert` must be true.
public struct XPathRule: Hashable, Sendable {
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

    /// Whether this rule reads the member at `path`.
    public func applies(to path: String) -> Bool {
        let inner = path.range(of: "!/").map { String(path[$0.upperBound...]) } ?? path
        return Glob.matches(document, path) || Glob.matches(document, inner)
    }
}

/// The layout of a delivery package: which members must, may and must not be there, and how they are named.
public struct PackageLayoutRule: Hashable, Sendable {
    /// Globs each of which at least one member must match.
    public var required: [String]
    /// Globs of members that may be there; when `required` or `optional` is given, any other member is reported.
    public var optional: [String]
    /// Globs no member may match.
    public var forbidden: [String]
    /// A regular expression every member's file name (without folders) must match.
    public var naming: String?
    /// Whether members matching neither `required` nor `optional` are reported.
    public var closed: Bool

    public init(required: [String], optional: [String], forbidden: [String], naming: String?, closed: Bool) {
        self.required = required
        self.optional = optional
        self.forbidden = forbidden
        self.naming = naming
        self.closed = closed
    }

    /// The member path without its archive prefix (`a.zip!/x/y.xml` → `x/y.xml`).
    static func inner(_ path: String) -> String {
        path.range(of: "!/").map { String(path[$0.upperBound...]) } ?? path
    }

    /// The defects of a package holding `files` (relative member paths).
    public func defects(in files: [String]) -> [(Location, Defect)] {
        var found: [(Location, Defect)] = []
        let archive = files.first?.range(of: "!/").map { String(files[0][..<$0.lowerBound]) }
        let members = files.map(Self.inner)
        for pattern in required where !members.contains(where: { Glob.matches(pattern, $0) }) {
            let place = archive.map { "\($0)!/\(pattern)" } ?? pattern
            found.append(
                (Location(file: place), Defect(value: pattern, ["pattern": pattern, "problem": "missing"])))
        }
        let matcher = naming.flatMap { try? LinearPattern($0) }
        for (file, member) in zip(files, members) {
            if let pattern = forbidden.first(where: { Glob.matches($0, member) }) {
                found.append(
                    (Location(file: file), Defect(value: member, ["pattern": pattern, "problem": "forbidden"])))
                continue
            }
            if closed, !(required + optional).contains(where: { Glob.matches($0, member) }) {
                found.append(
                    (Location(file: file), Defect(value: member, ["pattern": "", "problem": "unexpected"])))
                continue
            }
            if let matcher, let naming {
                let name = URL(fileURLWithPath: member).lastPathComponent
                if !matcher.matches(name) {
                    found.append(
                        (Location(file: file), Defect(value: name, ["pattern": naming, "problem": "misnamed"])))
                }
            }
        }
        return found
    }
}

/// A cross-member rule: a fact a metadata document declares (an XPath's string value) must equal
/// the same fact read from the data of the package.
public struct MetadataRule: Sendable {
    /// What the data side is.
    public enum Expected: Sendable {
        /// The number of records of the layer.
        case recordCount
        /// The layer's file name without folders and extension.
        case fileName
        /// An expression over the layer's first record (a header layer such as `属性描述`).
        case expression(ExpressionNode, source: String)
        /// The layer's extent, from the `x` and `y` expressions of every record in the layer's CRS,
        /// transformed to longitude/latitude: it must lie inside the declared geographic box
        /// (`value` west, then `east`, `south`, `north`), within `tolerance` degrees.
        case extent(x: ExpressionNode, y: ExpressionNode, east: String, south: String, north: String, tolerance: Double)
    }

    public var document: String
    /// XPath 1.0 selecting the declared value (the first node's text).
    public var value: String
    public var namespaces: [String: String]
    public var layer: String
    public var expected: Expected
    public var scope: ExpressionScope

    /// Whether this rule reads the member at `path`.
    public func applies(to path: String) -> Bool {
        XPathRule(document: document, context: "", assert: "", namespaces: [:]).applies(to: path)
    }

    /// The layer's box in its own CRS (min x, min y, max x, max y) from the `x`/`y` expressions.
    public func projectedBox(of layer: any Layer) -> [Double]? {
        guard case .extent(let xNode, let yNode, _, _, _, _) = expected else { return nil }
        let x = ExpressionCompiler.compile(xNode, schema: layer.schema, scope: scope)
        let y = ExpressionCompiler.compile(yNode, schema: layer.schema, scope: scope)
        var box = [Double.infinity, .infinity, -Double.infinity, -Double.infinity]
        for result in layer.records() {
            guard case .success(let record) = result, case .number(let px) = x(record), case .number(let py) = y(record)
            else { continue }
            box = [min(box[0], px), min(box[1], py), max(box[2], px), max(box[3], py)]
        }
        return box[0].isFinite ? box : nil
    }

    /// The data side, read from `layer`; nil when it has no value.
    public func actual(in layer: any Layer) -> String? {
        switch expected {
        case .extent:
            return nil
        case .recordCount:
            return String(
                layer.records().reduce(0) { count, result in
                    if case .success = result { return count + 1 }
                    return count
                })
        case .fileName:
            return URL(fileURLWithPath: layer.file).deletingPathExtension().lastPathComponent
        case .expression(let node, _):
            let evaluate = ExpressionCompiler.compile(node, schema: layer.schema, scope: scope)
            var found: Record?
            for result in layer.records() {
                if case .success(let record) = result {
                    found = record
                    break
                }
            }
            guard let first = found else { return nil }
            switch evaluate(first) {
            case .null: return nil
            case .string(let text): return text
            case .number(let number): return ValueRange.format(number)
            case let other: return other.description
            }
        }
    }

    /// Whether the data's geographic box (west, south, east, north) lies inside the declared one
    /// (west, east, south, north as the metadata orders them), within the rule's tolerance.
    public func extentFits(declared: [Double], data: [Double]) -> Bool {
        guard case .extent(_, _, _, _, _, let tolerance) = expected, declared.count == 4, data.count == 4 else {
            return true
        }
        return data[0] >= declared[0] - tolerance && data[2] <= declared[1] + tolerance
            && data[1] >= declared[2] - tolerance && data[3] <= declared[3] + tolerance
    }

    /// The declared box (west, east, south, north) and the place of its west bound, from a document.
    public func declaredBox(in document: XMLSource, evaluator: any XPathEvaluator)
        -> (box: [Double], line: Int, xpath: String)?
    {
        guard case .extent(_, _, let east, let south, let north, _) = expected else { return nil }
        var box: [Double] = []
        var place: (Int, String) = (0, "")
        for (index, path) in [value, east, south, north].enumerated() {
            guard let found = evaluator.value(of: path, namespaces: namespaces, in: document),
                let number = Double(found.text.trimmingWhitespace())
            else { return nil }
            if index == 0 { place = (found.line, found.xpath) }
            box.append(number)
        }
        return (box, place.0, place.1)
    }

    /// Equal as numbers when both are numbers, else as trimmed text.
    public static func same(_ declared: String, _ actual: String) -> Bool {
        if let left = Double(declared), let right = Double(actual) {
            return abs(left - right) <= 1e-9 * max(1, abs(right))
        }
        return declared == actual.trimmingWhitespace()
    }

    /// The text the report shows for the data side.
    public var expectedText: String {
        switch expected {
        case .recordCount: "the number of records of \(layer)"
        case .fileName: "the file name of \(layer)"
        case .expression(_, let source): "\(source) on \(layer)"
        case .extent: "the extent of \(layer)"
        }
    }
}

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
    func evaluate(_ rule: XPathRule, in document: XMLSource) -> XPathOutcome
    /// The text of the first node `expression` selects (or the string value of a non-node result),
    /// with its line and path; nil when nothing is selected or the document cannot be read.
    func value(of expression: String, namespaces: [String: String], in document: XMLSource)
        -> (text: String, line: Int, xpath: String)?
}
