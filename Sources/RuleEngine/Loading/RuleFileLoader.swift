import Foundation
import Yams

/// Loads the declared rules of a pack: every `rules/*.yaml`, in file-name order.
///
/// A rule is a row assertion (`when:` + `assert:`), a `reference:`, a `unique-across:` or an
/// `aggregate:`; expressions are parsed and type-checked here, so a typo is an error at its column.
enum RuleFileLoader {
    static func rules(
        in directory: String, layers: [LayerSpec], codeLists: [String: CodeList],
        renames: [String: [String: String]] = [:], namespaces: [String: String] = [:]
    ) throws(RulePackError) -> [Rule] {
        let folder = directory + "/rules"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
        var rules: [Rule] = []
        for file in files {
            rules += try self.rules(
                file: folder + "/" + file, layers: layers, codeLists: codeLists, renames: renames,
                namespaces: namespaces)
        }
        return rules
    }

    static func rules(
        file: String, layers: [LayerSpec], codeLists: [String: CodeList], renames: [String: [String: String]] = [:],
        namespaces: [String: String] = [:]
    ) throws(RulePackError) -> [Rule] {
        var document = try RulePackLoader.document(file)
        let schema = try document.int("schema") ?? 0
        guard schema >= 1, schema <= RulePackLoader.newestSchema else {
            throw RulePackError(
                schema < 1 ? .missingKey("schema") : .unsupportedSchema(schema, newest: RulePackLoader.newestSchema),
                at: document.location)
        }
        var rules: [Rule] = []
        for node in try document.sequence("rules") ?? [] {
            var map = try YAMLMapping(node, file: file, name: "rules")
            rules.append(
                try rule(&map, layers: layers, codeLists: codeLists, renames: renames, namespaces: namespaces))
            try map.finish()
        }
        try document.finish()
        return rules
    }

    static func rule(
        _ map: inout YAMLMapping, layers: [LayerSpec], codeLists: [String: CodeList],
        renames: [String: [String: String]] = [:], namespaces: [String: String] = [:]
    ) throws(RulePackError) -> Rule {
        let id = try map.requireString("id")
        guard id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._".contains($0)) }) else {
            throw RulePackError(
                .invalidValue(key: "id", value: id, allowed: "ASCII letters, digits, '-', '.' and '_'"),
                at: map.location)
        }
        guard let title = try map.text("title") else { throw RulePackError(.missingKey("title"), at: map.location) }
        let clause = try map.requireString("clause")
        guard let severity = try map.choice("severity", Severity.self) else {
            throw RulePackError(.missingKey("severity"), at: map.location)
        }
        let confidence = try map.choice("confidence", Confidence.self) ?? .high
        let layerName = try map.string("layer")
        var layer: LayerSpec?
        if let layerName {
            guard let found = BaseLayers.spec(layerName, in: layers) else {
                throw RulePackError(
                    .invalidValue(key: "layer", value: layerName, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: map.location(of: map.node("layer")!))
            }
            layer = found
        }
        let field = try map.string("field").map { name in
            layerName.flatMap { renames[BaseLayers.unprefixed($0)]?[name] } ?? name
        }
        if let field, let layer, layer.field(field) == nil {
            throw RulePackError(.unknownField(field, layer: layer.name), at: map.location(of: map.node("field")!))
        }

        let check: RuleCheck
        if let documentCheck = try documentCheck(
            &map, namespaces: namespaces, layers: layers, codeLists: codeLists)
        {
            check = documentCheck
        } else {
            check = try self.check(&map, layer: layer, layers: layers, codeLists: codeLists, renames: renames)
        }
        if let layerName, BaseLayers.dataset(of: layerName) != nil, !check.isCrossLayer {
            throw RulePackError(
                .invalidValue(
                    key: "layer", value: layerName,
                    allowed:
                        "a layer of the submission (the layers of --base and --with datasets are read only by reference, unique-across and aggregate rules, and as the other layer of a geometry comparison)"
                ),
                at: map.location(of: map.node("layer")!))
        }
        var rule = Rule(
            id: id, title: title, severity: confidence == .low && severity == .error ? .warning : severity,
            clause: clause, layer: layerName, field: field, check: check, confidence: confidence,
            source: map.location.description)
        rule.rationale = try map.string("rationale")
        rule.limitations = try map.string("limitations")
        rule.evidence = try map.string("source")
        if let node = map.node("check-item") {
            switch node {
            case .scalar(let scalar):
                rule.checkItems = [scalar.string]
            case .sequence(let sequence):
                for item in sequence {
                    guard case .scalar(let scalar) = item else {
                        throw RulePackError(
                            .wrongType(key: "check-item", expected: "an id or a list of ids"),
                            at: map.location(of: item))
                    }
                    rule.checkItems.append(scalar.string)
                }
            default:
                throw RulePackError(
                    .wrongType(key: "check-item", expected: "an id or a list of ids"), at: map.location(of: node))
            }
        }
        rule.element = try map.choice("element", QualityElement.self)
        rule.message = try map.text("message")
        if var examples = try map.mapping("examples") {
            for kind in [RuleExample.Kind.pass, .fail] {
                for node in try examples.sequence(kind.rawValue) ?? [] {
                    rule.examples.append(
                        try example(node, kind: kind, rule: rule, layers: layers, file: map.file, renames: renames))
                }
            }
            try examples.finish()
        }
        return rule
    }

    /// Parses and type-checks one expression written as a YAML scalar, pointing errors at the culprit.
    static func expression(
        _ node: Node, scope: ExpressionScope, expecting wanted: ExpressionType?, in file: String,
        renames: [String: String] = [:]
    ) throws(RulePackError) -> ExpressionNode {
        guard case .scalar(let scalar) = node else {
            throw RulePackError(
                .wrongType(key: "expression", expected: "an expression in a string"),
                at: YAMLMapping.location(of: node, in: file))
        }
        let source = scalar.string
        func location(_ offset: Int) -> Location {
            let line = node.mark?.line ?? 1
            let column = node.mark?.column ?? 1
            switch scalar.style {
            case .singleQuoted, .doubleQuoted: return Location(file: file, line: line, column: column + 1 + offset)
            case .plain, .any: return Location(file: file, line: line, column: column + offset)
            default: return Location(file: file, line: line + 1, column: 1)
            }
        }
        do throws(ExpressionError) {
            let parsed = try ExpressionParser.parse(source).renamingFields(renames)
            let type = try ExpressionChecker.type(of: parsed, in: scope)
            if let wanted, !wanted.accepts(type) {
                throw ExpressionError("the expression is a \(type); a \(wanted) is needed here", at: 0)
            }
            return parsed
        } catch {
            throw RulePackError(
                .expression(error.message, source: source, offset: error.offset), at: location(error.offset))
        }
    }
}
