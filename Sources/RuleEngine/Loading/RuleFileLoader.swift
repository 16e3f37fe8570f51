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
        if let layerName, BaseLayers.names(layerName), !check.isCrossLayer {
            throw RulePackError(
                .invalidValue(
                    key: "layer", value: layerName,
                    allowed:
                        "a layer of the submission (base layers are read only by reference, unique-across and aggregate rules)"
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

    static func check(
        _ map: inout YAMLMapping, layer: LayerSpec?, layers: [LayerSpec], codeLists: [String: CodeList],
        renames: [String: [String: String]]
    ) throws(RulePackError) -> RuleCheck {
        /// Parses an expression over `layer`'s fields, applying the renames of the packs this one extends.
        func expression(_ node: Node, over layer: LayerSpec, expecting wanted: ExpressionType?) throws(RulePackError)
            -> ExpressionNode
        {
            try RuleFileLoader.expression(
                node, scope: ExpressionScope(layer: layer, codeLists: codeLists), expecting: wanted, in: map.file,
                renames: renames[layer.name] ?? [:])
        }
        func renamed(_ name: String, in layer: String) -> String { renames[layer]?[name] ?? name }
        func needLayer(_ form: String) throws(RulePackError) -> LayerSpec {
            guard let layer else { throw RulePackError(.missingKey("layer (required by \(form))"), at: map.location) }
            return layer
        }
        if let assertNode = map.node("assert") {
            let layer = try needLayer("assert")
            let scope = ExpressionScope(layer: layer, codeLists: codeLists)
            let assertion = try expression(assertNode, over: layer, expecting: .bool)
            var when: ExpressionNode?
            var fields = assertion.fields
            if let whenNode = map.node("when") {
                let condition = try expression(whenNode, over: layer, expecting: .bool)
                when = condition
                fields = condition.fields + fields.filter { !condition.fields.contains($0) }
            }
            var aliases: [String: String] = [:]
            for (old, new) in renames[layer.name] ?? [:] { aliases[new] = old }
            return .assertion(
                RowAssertion(
                    source: assertNode.string ?? "", when: when, assert: assertion, scope: scope, fields: fields,
                    aliases: aliases))
        }
        if var reference = try map.mapping("reference") {
            let layer = try needLayer("reference")
            let targetName = try reference.requireString("layer")
            guard let target = BaseLayers.spec(targetName, in: layers) else {
                throw RulePackError(
                    .invalidValue(key: "layer", value: targetName, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: reference.location)
            }
            let scope = ExpressionScope(layer: layer, codeLists: codeLists)
            let targetScope = ExpressionScope(layer: target, codeLists: codeLists)
            let key = try expression(try reference.require("key"), over: layer, expecting: nil)
            let targetKey = try expression(try reference.require("target"), over: target, expecting: nil)
            var pairs: [FieldPair] = []
            if var match = try reference.mapping("match") {
                for original in match.keys {
                    let name = renamed(original, in: layer.name)
                    let other = renamed(try match.requireString(original), in: target.name)
                    guard layer.field(name) != nil else {
                        throw RulePackError(.unknownField(name, layer: layer.name), at: match.location)
                    }
                    guard target.field(other) != nil else {
                        throw RulePackError(.unknownField(other, layer: target.name), at: match.location)
                    }
                    pairs.append(FieldPair(field: name, target: other))
                }
                try match.finish()
            }
            let reportMissing = try reference.bool("report-missing") ?? true
            try reference.finish()
            return .reference(
                ReferenceRule(
                    key: key, scope: scope, targetLayer: targetName, targetKey: targetKey, targetScope: targetScope,
                    match: pairs, reportMissing: reportMissing))
        }
        if var unique = try map.mapping("unique-across") {
            let names = try unique.strings("layers") ?? []
            let written = try unique.requireString("field")
            func renamed(_ written: String) -> String {
                names.lazy.compactMap { renames[BaseLayers.unprefixed($0)]?[written] }.first ?? written
            }
            let field = renamed(written)
            let within = (try unique.strings("within") ?? []).map(renamed)
            for name in names {
                guard let spec = BaseLayers.spec(name, in: layers) else {
                    throw RulePackError(
                        .invalidValue(key: "layers", value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                        at: unique.location)
                }
                for needed in [field] + within where spec.field(needed) == nil {
                    throw RulePackError(.unknownField(needed, layer: name), at: unique.location)
                }
            }
            try unique.finish()
            return .uniqueAcross(UniqueAcrossRule(field: field, layers: names, within: within))
        }
        if var aggregate = try map.mapping("aggregate") {
            let layer = try needLayer("aggregate")
            let sourceName = try aggregate.requireString("of")
            guard let source = BaseLayers.spec(sourceName, in: layers) else {
                throw RulePackError(
                    .invalidValue(key: "of", value: sourceName, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: aggregate.location)
            }
            let scope = ExpressionScope(layer: layer, codeLists: codeLists)
            let sourceScope = ExpressionScope(layer: source, codeLists: codeLists)
            let rule = AggregateRule(
                source: sourceName,
                group: try expression(try aggregate.require("group"), over: source, expecting: nil),
                sum: try expression(try aggregate.require("sum"), over: source, expecting: .number),
                sourceScope: sourceScope,
                key: try expression(try aggregate.require("key"), over: layer, expecting: nil),
                value: try expression(try aggregate.require("value"), over: layer, expecting: .number),
                scope: scope, tolerance: try aggregate.double("tolerance") ?? 0,
                combine: try aggregate.bool("combine") ?? false,
                skipUnmatched: try aggregate.bool("skip-unmatched") ?? false)
            try aggregate.finish()
            return .aggregate(rule)
        }
        if var geometry = try map.mapping("geometry") {
            return .geometry(
                try geometryRule(&geometry, layer: try needLayer("geometry"), layers: layers, renames: renames))
        }
        if var crs = try map.mapping("crs") {
            _ = try needLayer("crs")
            return .crs(try crsRule(&crs))
        }
        throw RulePackError(
            .missingKey("assert, reference, unique-across, aggregate, geometry, crs, xpath or package"),
            at: map.location)
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

    /// The `xpath:` (with `document:`) and `package:` forms, or nil for the layer forms.
    static func documentCheck(
        _ map: inout YAMLMapping, namespaces: [String: String], layers: [LayerSpec] = [],
        codeLists: [String: CodeList] = [:]
    ) throws(RulePackError) -> RuleCheck? {
        if var metadata = try map.mapping("metadata") {
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
        if var xpath = try map.mapping("xpath") {
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
        if var package = try map.mapping("package") {
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
        return nil
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

    static func example(
        _ node: Node, kind: RuleExample.Kind, rule: Rule, layers: [LayerSpec], file: String,
        renames: [String: [String: String]] = [:]
    ) throws(RulePackError) -> RuleExample {
        /// Rows written against a pack this one extends use the fields' old names.
        func renamed(_ rows: [[String: String?]], layer: String) -> [[String: String?]] {
            guard let names = renames[layer], !names.isEmpty else { return rows }
            return rows.map { row in Dictionary(uniqueKeysWithValues: row.map { (names[$0.key] ?? $0.key, $0.value) }) }
        }
        var map = try YAMLMapping(node, file: file, name: kind.rawValue)
        var tables: [(name: String, rows: [[String: String?]])] = []
        if let rows = try map.sequence("rows") {
            guard let layer = rule.layer else {
                throw RulePackError(
                    .example("a rule without a layer needs 'layers:' in its examples"), at: map.location)
            }
            tables.append((layer, renamed(try self.rows(rows, file: file), layer: layer)))
        }
        if var byLayer = try map.mapping("layers") {
            for name in byLayer.keys {
                guard BaseLayers.spec(name, in: layers) != nil else {
                    throw RulePackError(.example("no layer \(name) in this pack"), at: byLayer.location)
                }
                tables.append(
                    (
                        name,
                        renamed(
                            try self.rows(try byLayer.sequence(name) ?? [], file: file),
                            layer: BaseLayers.unprefixed(name))
                    ))
            }
            try byLayer.finish()
        }
        for (layer, rows) in tables {
            for row in rows {
                guard case .some(.some(let text)) = row["wkt"] else { continue }
                do throws(WKTReader.Failure) {
                    _ = try WKTReader.read(text)
                } catch {
                    throw RulePackError(
                        .example("wkt of a \(layer) row: \(error.message) at character \(error.offset + 1)"),
                        at: map.location)
                }
            }
        }
        let epsg = try map.int("epsg")
        var expect: [RuleExample.Place] = []
        for item in try map.sequence("expect") ?? [] {
            var place = try YAMLMapping(item, file: file, name: "expect")
            let layer = try place.string("layer") ?? rule.layer ?? ""
            let field = try place.string("field")
            expect.append(
                RuleExample.Place(
                    layer: layer, record: try place.int("record"), field: field.map { renames[layer]?[$0] ?? $0 },
                    line: try place.int("line"), file: try place.string("file")))
            try place.finish()
        }
        let document = try map.string("document")
        let files = try map.strings("files")
        switch rule.check {
        case .xpath, .metadata:
            guard document != nil else { throw RulePackError(.missingKey("document"), at: map.location) }
        case .package:
            guard files != nil else { throw RulePackError(.missingKey("files"), at: map.location) }
        default:
            break
        }
        try map.finish()
        if kind == .pass, !expect.isEmpty {
            throw RulePackError(.example("a pass example cannot expect findings"), at: map.location)
        }
        if kind == .fail, expect.isEmpty {
            throw RulePackError(
                .example("a fail example must list the places it expects in 'expect:'"), at: map.location)
        }
        return RuleExample(
            kind: kind, layers: tables, expect: expect, document: document, files: files, epsg: epsg,
            location: map.location)
    }

    static func rows(_ nodes: [Node], file: String) throws(RulePackError) -> [[String: String?]] {
        var rows: [[String: String?]] = []
        for node in nodes {
            guard case .mapping(let mapping) = node else {
                throw RulePackError(
                    .wrongType(key: "rows", expected: "a list of {FIELD: value} mappings"),
                    at: YAMLMapping.location(of: node, in: file))
            }
            var row: [String: String?] = [:]
            for (key, value) in mapping {
                guard case .scalar(let scalar) = value else {
                    throw RulePackError(
                        .wrongType(key: key.string ?? "", expected: "a single value"),
                        at: YAMLMapping.location(of: value, in: file))
                }
                row[key.string ?? ""] = (value.null != nil && scalar.style == .plain) ? .some(nil) : scalar.string
            }
            rows.append(row)
        }
        return rows
    }
}
