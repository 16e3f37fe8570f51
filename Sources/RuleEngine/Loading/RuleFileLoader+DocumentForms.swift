import Foundation
import Yams

/// The rule forms over documents and packages: `metadata:`, `xpath:` (with `document:`) and `package:`.
extension RuleFileLoader {
    /// The `metadata:`, `xpath:` and `package:` forms, or nil for the layer forms.
    static func documentCheck(
        _ map: inout YAMLMapping, namespaces: [String: String], layers: [LayerSpec] = [],
        codeLists: [String: CodeList] = [:]
    ) throws(RulePackError) -> RuleCheck? {
        if var metadata = try map.mapping("metadata") {
            return try metadataCheck(&metadata, of: &map, namespaces: namespaces, layers: layers, codeLists: codeLists)
        }
        if var xpath = try map.mapping("xpath") {
            return try xpathCheck(&xpath, of: &map, namespaces: namespaces)
        }
        if var package = try map.mapping("package") {
            return try packageCheck(&package)
        }
        return nil
    }

    /// `metadata:` (with `document:`): a value read from an XML document must agree with the data.
    static func metadataCheck(
        _ metadata: inout YAMLMapping, of map: inout YAMLMapping, namespaces: [String: String], layers: [LayerSpec],
        codeLists: [String: CodeList]
    ) throws(RulePackError) -> RuleCheck {
        guard let document = try map.string("document") else {
            throw RulePackError(.missingKey("document (required by metadata)"), at: map.location)
        }
        let value = try metadata.requireString("value")
        for prefix in prefixes(in: value) where namespaces[prefix] == nil {
            throw RulePackError(
                .invalidValue(
                    key: "value", value: prefix, allowed: "a prefix declared under namespaces: in pack.yaml"),
                at: metadata.location)
        }
        let layerName = try metadata.requireString("layer")
        guard let layer = layers.first(where: { $0.name == layerName }) else {
            throw RulePackError(
                .invalidValue(key: "layer", value: layerName, allowed: layers.map(\.name).joined(separator: ", ")),
                at: metadata.location)
        }
        let scope = ExpressionScope(layer: layer, codeLists: codeLists)
        var expected: MetadataRule.Expected?
        if try metadata.bool("count") == true { expected = .recordCount }
        if try metadata.bool("file-name") == true { expected = .fileName }
        if var extent = try metadata.mapping("extent") {
            guard let xNode = extent.node("x"), let yNode = extent.node("y") else {
                throw RulePackError(.missingKey("x and y"), at: extent.location)
            }
            let x = try expression(xNode, scope: scope, expecting: .number, in: map.file)
            let y = try expression(yNode, scope: scope, expecting: .number, in: map.file)
            let east = try extent.requireString("east")
            let south = try extent.requireString("south")
            let north = try extent.requireString("north")
            let tolerance = try extent.double("tolerance") ?? 0.0001
            for path in [east, south, north] {
                for prefix in prefixes(in: path) where namespaces[prefix] == nil {
                    throw RulePackError(
                        .invalidValue(key: "extent", value: prefix, allowed: "a prefix declared under namespaces:"),
                        at: extent.location)
                }
            }
            try extent.finish()
            expected = .extent(x: x, y: y, east: east, south: south, north: north, tolerance: tolerance)
        }
        if let node = metadata.node("expected") {
            let parsed = try expression(node, scope: scope, expecting: nil, in: map.file)
            expected = .expression(parsed, source: node.string ?? "")
        }
        guard let expected else {
            throw RulePackError(.missingKey("expected, count or file-name"), at: metadata.location)
        }
        try metadata.finish()
        return .metadata(
            MetadataRule(
                document: document, value: value, namespaces: namespaces, layer: layerName, expected: expected,
                scope: scope))
    }

    /// `xpath:` (with `document:`): an XPath assertion over every context node of the documents.
    static func xpathCheck(
        _ xpath: inout YAMLMapping, of map: inout YAMLMapping, namespaces: [String: String]
    ) throws(RulePackError) -> RuleCheck {
        guard let document = try map.string("document") else {
            throw RulePackError(.missingKey("document (required by xpath)"), at: map.location)
        }
        let context = try xpath.requireString("context")
        let assert = try xpath.requireString("assert")
        for expression in [context, assert] {
            for prefix in prefixes(in: expression) where namespaces[prefix] == nil {
                throw RulePackError(
                    .invalidValue(
                        key: "xpath", value: prefix,
                        allowed: "a prefix declared under namespaces: in pack.yaml ("
                            + namespaces.keys.sorted().joined(separator: ", ") + ")"),
                    at: xpath.location)
            }
        }
        try xpath.finish()
        return .xpath(XPathRule(document: document, context: context, assert: assert, namespaces: namespaces))
    }

    /// `package:`: the members a delivery must, may and must not hold, and how they are named.
    static func packageCheck(_ package: inout YAMLMapping) throws(RulePackError) -> RuleCheck {
        let required = try package.strings("required") ?? []
        let optional = try package.strings("optional") ?? []
        let forbidden = try package.strings("forbidden") ?? []
        let naming = try package.string("naming")
        if let naming {
            do {
                _ = try LinearPattern(naming)
            } catch {
                throw RulePackError(
                    .invalidPattern(naming, problem: error.description),
                    at: package.location(of: package.node("naming")!, offset: error.offset))
            }
        }
        let closed = try package.bool("closed") ?? false
        try package.finish()
        return .package(
            PackageLayoutRule(
                required: required, optional: optional, forbidden: forbidden, naming: naming, closed: closed))
    }

    /// The namespace prefixes an XPath expression uses (`m:Head` → `m`; axes such as `child::` and
    /// quoted strings are not prefixes).
    static func prefixes(in expression: String) -> Set<String> {
        var found: Set<String> = []
        var quote: Character?
        var word = ""
        var previous: Character = " "
        let characters = Array(expression)
        for (index, character) in characters.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                word = ""
                continue
            }
            if character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
                if word.isEmpty, character.isNumber || character == "-" || character == "." {
                    previous = character
                    continue
                }
                word.append(character)
            } else {
                if character == ":", !word.isEmpty, previous != ":", index + 1 < characters.count,
                    characters[index + 1] != ":"
                {
                    found.insert(word)
                }
                word = ""
            }
            previous = character
        }
        return found
    }
}
