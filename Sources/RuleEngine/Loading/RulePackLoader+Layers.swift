import Foundation

/// The field tables of a pack: `layers/<NAME>.yaml`, `tables/<NAME>.yaml` and the code lists they name.
extension RulePackLoader {
    static func layer(file: String, name: String, codeLists: [String: CodeListInfo]) throws(RulePackError) -> LayerSpec
    {
        var doc = try document(file)
        let schema = try doc.int("schema") ?? 0
        guard schema >= 1, schema <= newestSchema else {
            throw RulePackError(
                schema < 1 ? .missingKey("schema") : .unsupportedSchema(schema, newest: newestSchema), at: doc.location)
        }
        let declared = try doc.requireString("name")
        if declared != name {
            throw RulePackError(
                .invalidValue(key: "name", value: declared, allowed: "'\(name)', as the file name says"),
                at: doc.location)
        }
        guard let title = try doc.text("title") else { throw RulePackError(.missingKey("title"), at: doc.location) }
        let clause = try doc.requireString("clause")
        let geometry = try doc.choice("geometry", GeometryKind.self)
        let obligation = try doc.choice("obligation", Obligation.self) ?? .mandatory
        let key = try doc.string("key")
        let encoding = try doc.string("encoding")
        let layerSource = try doc.string("source")
        // a layer's confidence is validated; its fields and rules carry their own
        _ = try doc.choice("confidence", Confidence.self)
        var fields: [FieldSpec] = []
        var declaredAt: [String: Location] = [:]
        for node in try doc.sequence("fields") ?? [] {
            var map = try YAMLMapping(node, file: file, name: "fields")
            let field = try self.field(&map, codeLists: codeLists)
            if let first = declaredAt[field.name] {
                throw RulePackError(
                    .duplicate(kind: "field", name: field.name, firstDeclared: first.description), at: map.location)
            }
            declaredAt[field.name] = map.location
            fields.append(field)
        }
        try doc.finish()
        for field in fields {
            if let codeField = field.nameOf, fields.first(where: { $0.name == codeField })?.codeList == nil {
                throw RulePackError(
                    .unknownField(codeField + " (with a codelist)", layer: name), at: declaredAt[field.name]!)
            }
        }
        if let key, !fields.contains(where: { $0.name == key }) {
            throw RulePackError(.unknownField(key, layer: name), at: doc.location)
        }
        var spec = LayerSpec(
            name: name, title: title, clause: clause, geometry: geometry, obligation: obligation, key: key,
            fields: fields, file: file, encoding: encoding)
        spec.source = layerSource
        return spec
    }

    static func field(_ map: inout YAMLMapping, codeLists: [String: CodeListInfo]) throws(RulePackError) -> FieldSpec {
        let name = try map.requireString("name")
        guard let title = try map.text("title") else { throw RulePackError(.missingKey("title"), at: map.location) }
        guard let type = try map.choice("type", StandardFieldType.self) else {
            throw RulePackError(.missingKey("type"), at: map.location)
        }
        let codeList = try map.string("codelist")
        if let codeList, codeLists[codeList] == nil {
            throw RulePackError(.unknownCodeList(codeList), at: map.location(of: map.node("codelist")!))
        }
        let pattern = try map.pattern("pattern")
        var range: ValueRange?
        if var bounds = try map.mapping("range") {
            range = ValueRange(
                min: try bounds.double("min"), max: try bounds.double("max"),
                minExclusive: try bounds.bool("min-exclusive") ?? false,
                maxExclusive: try bounds.bool("max-exclusive") ?? false)
            try bounds.finish()
        }
        var spec = FieldSpec(
            name: name, title: title, type: type, width: try map.int("width"), decimals: try map.int("decimals"),
            obligation: try map.choice("obligation", Obligation.self) ?? .optional,
            condition: try map.string("condition"), codeList: codeList, pattern: pattern, range: range,
            unique: try map.bool("unique") ?? false, nameOf: try map.string("name-of"),
            confidence: try map.choice("confidence", Confidence.self) ?? .high,
            clause: try map.string("clause"), note: try map.string("note"))
        spec.source = try map.string("source")
        spec.mayBeAbsent = try map.bool("may-be-absent") ?? false
        try map.finish()
        return spec
    }

    /// Reads a `code,name[,parent]` CSV (UTF-8, header row required).
    static func codeList(name: String, file: String, declaredAt: Location) throws(RulePackError) -> CodeList {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw RulePackError(.unreadable("no UTF-8 code list at \(file)"), at: declaredAt)
        }
        var entries: [CodeList.Entry] = []
        var seen: [String: Int] = [:]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = index + 1
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingSpaces()
            }
            if lineNumber == 1 {
                let header = cells.map { $0.replacingOccurrences(of: "\u{FEFF}", with: "") }
                guard header == ["code", "name"] || header == ["code", "name", "parent"] else {
                    throw RulePackError(
                        .codeListRow("the header must be code,name[,parent]"),
                        at: Location(file: file, line: 1, column: 1))
                }
                continue
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count == 2 || cells.count == 3, !cells[0].isEmpty, !cells[1].isEmpty else {
                throw RulePackError(
                    .codeListRow("expected code,name[,parent]"), at: Location(file: file, line: lineNumber, column: 1))
            }
            if let first = seen[cells[0]] {
                throw RulePackError(
                    .duplicate(kind: "code", name: cells[0], firstDeclared: "\(file):\(first)"),
                    at: Location(file: file, line: lineNumber, column: 1))
            }
            seen[cells[0]] = lineNumber
            entries.append(
                CodeList.Entry(
                    code: cells[0], name: cells[1], parent: cells.count == 3 && !cells[2].isEmpty ? cells[2] : nil))
        }
        return CodeList(name: name, entries: entries, file: file)
    }

    /// sha256 over every file of the pack: relative path, a NUL, the bytes, a NUL, in path order.
}

extension RulePackLoader {
    /// The attribute tables `tables:` names (CSV, TSV or DBF without geometry), each read from
    /// `tables/<NAME>.yaml` in the same field-table format as a layer, without `geometry:`.
    static func tables(
        in pack: inout YAMLMapping, directory: String, codeLists: [String: CodeListInfo], after layers: [LayerSpec]
    ) throws(RulePackError) -> [LayerSpec] {
        var tables: [LayerSpec] = []
        for node in try pack.sequence("tables") ?? [] {
            guard let name = node.string, case .scalar = node else {
                throw RulePackError(
                    .wrongType(key: "tables", expected: "a list of table names"), at: pack.location(of: node))
            }
            if let first = (layers + tables).first(where: { $0.name == name }) {
                throw RulePackError(
                    .duplicate(kind: "table", name: name, firstDeclared: first.file), at: pack.location(of: node))
            }
            let table = try layer(file: "\(directory)/tables/\(name).yaml", name: name, codeLists: codeLists)
            if let geometry = table.geometry {
                throw RulePackError(
                    .invalidValue(key: "geometry", value: geometry.rawValue, allowed: "none: a table has no geometry"),
                    at: Location(file: table.file))
            }
            tables.append(table)
        }
        return tables
    }
}
