import Foundation
import Yams

/// A rule's `examples:`: the pass and fail rows `stdcheck rules test` runs through the engine.
extension RuleFileLoader {
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
                            layer: BaseLayers.names(name) ? BaseLayers.unprefixed(name) : name)
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
        if case .document(let documentRule) = rule.check {
            if documentRule.readsDocuments {
                guard document != nil else { throw RulePackError(.missingKey("document"), at: map.location) }
            } else {
                guard files != nil else { throw RulePackError(.missingKey("files"), at: map.location) }
            }
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
