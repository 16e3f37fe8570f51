import Foundation
import Yams

/// Loads a pack folder (`rules/<id>/<version>/`) strictly into a `Standard`.
///
/// Unknown keys, wrong types, unknown code lists and a newer `schema:` are `RulePackError`s
/// pointing at the file, line and column to fix; nothing falls back to a default.
public enum RulePackLoader {
    /// The newest pack format this build understands.
    public static let newestSchema = 1

    /// Every `id@version` under a rules directory, sorted.
    public static func available(in rulesDirectory: String) -> [String] {
        RulesSearchPath(directories: [rulesDirectory]).available()
    }

    /// Loads `id@version` from a rules directory.
    public static func load(_ reference: String, rulesDirectory: String) throws(RulePackError) -> Standard {
        try load(reference, searchPath: RulesSearchPath(directories: [rulesDirectory]))
    }

    /// Loads `id@version` from the first folder of the search path that holds it; its `extends:` is
    /// looked up through the same path.
    public static func load(_ reference: String, searchPath: RulesSearchPath) throws(RulePackError) -> Standard {
        guard let directory = searchPath.directory(of: reference) else {
            throw RulePackError(
                .standardNotFound(reference, available: searchPath.available(), searched: searchPath.placesLookedIn),
                at: Location(file: "stdcheck"))
        }
        return try load(directory: directory, chain: [], searchPath: searchPath)
    }

    /// Loads the pack in `directory`, whose `pack.yaml` names its layers and code lists, and with
    /// `extends: id@version` builds on another pack: one of `searchPath`, by default the rules
    /// directory holding this pack.
    public static func load(directory: String, searchPath: RulesSearchPath? = nil) throws(RulePackError) -> Standard {
        let rulesDirectory = ((directory as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        return try load(
            directory: directory, chain: [],
            searchPath: searchPath
                ?? RulesSearchPath([.init(rulesDirectory.isEmpty ? "." : rulesDirectory, origin: .pack)]))
    }

    static func load(
        directory: String, chain: [String], searchPath: RulesSearchPath
    ) throws(RulePackError) -> Standard {
        let packFile = directory + "/pack.yaml"
        var pack = try document(packFile)
        let schema = try pack.int("schema") ?? 0
        guard schema >= 1 else {
            throw RulePackError(.missingKey("schema"), at: pack.location)
        }
        guard schema <= newestSchema else {
            throw RulePackError(
                .unsupportedSchema(schema, newest: newestSchema), at: pack.location(of: pack.node("schema")!))
        }
        let id = try pack.requireString("id")
        let version = try pack.requireString("version")
        let folder = URL(fileURLWithPath: directory).standardized
        let expected = "\(folder.deletingLastPathComponent().lastPathComponent)@\(folder.lastPathComponent)"
        if "\(id)@\(version)" != expected {
            throw RulePackError(.mismatchedIdentity(declared: "\(id)@\(version)", folder: expected), at: pack.location)
        }
        guard let title = try pack.text("title") else { throw RulePackError(.missingKey("title"), at: pack.location) }
        _ = try pack.string("description")

        var parent: Standard?
        if let reference = try pack.string("extends") {
            if chain.contains(reference) || reference == "\(id)@\(version)" {
                throw RulePackError(
                    .invalidValue(key: "extends", value: reference, allowed: "a pack that does not extend this one"),
                    at: pack.location(of: pack.node("extends")!))
            }
            guard let parentDirectory = searchPath.directory(of: reference) else {
                throw RulePackError(
                    .standardNotFound(
                        reference, available: searchPath.available(), searched: searchPath.placesLookedIn),
                    at: pack.location(of: pack.node("extends")!))
            }
            parent = try load(
                directory: parentDirectory, chain: chain + ["\(id)@\(version)"], searchPath: searchPath)
        }
        let basis = try pack.strings("basis") ?? parent?.basis ?? []

        var codeLists = parent?.codeListInfo ?? [:]
        if var lists = try pack.mapping("codelists") {
            for name in lists.keys {
                var entry = try lists.mapping(name)!
                let file = try entry.requireString("file")
                let confidence = try entry.choice("confidence", Confidence.self) ?? .high
                let info = CodeListInfo(
                    title: try entry.text("title") ?? LocalizedText(zh: name, en: name),
                    clause: try entry.string("clause"),
                    confidence: confidence,
                    namesConfidence: try entry.choice("names-confidence", Confidence.self) ?? confidence,
                    list: try codeList(name: name, file: directory + "/" + file, declaredAt: entry.location),
                    source: try entry.string("source"), declaredAt: entry.location)
                try entry.finish()
                codeLists[name] = info
            }
            try lists.finish()
        }

        var layers = parent?.layers ?? []
        for node in try pack.sequence("layers") ?? [] {
            guard let name = node.string, case .scalar = node else {
                throw RulePackError(
                    .wrongType(key: "layers", expected: "a list of layer names"), at: pack.location(of: node))
            }
            let file = "\(directory)/layers/\(name).yaml"
            if let index = layers.firstIndex(where: { $0.name == name }) {
                if parent != nil && !FileManager.default.fileExists(atPath: file) { continue }
                guard parent != nil else {
                    throw RulePackError(
                        .duplicate(kind: "layer", name: name, firstDeclared: layers[index].file),
                        at: pack.location(of: node))
                }
                layers[index] = try layer(file: file, name: name, codeLists: codeLists)
            } else {
                layers.append(try layer(file: file, name: name, codeLists: codeLists))
            }
        }

        var renames: [String: [String: String]] = parent?.renames ?? [:]
        if var changes = try pack.mapping("fields") {
            guard parent != nil else {
                throw RulePackError(
                    .invalidValue(key: "fields", value: "…", allowed: "only in a pack that extends another"),
                    at: changes.location)
            }
            for layerName in changes.keys {
                guard let index = layers.firstIndex(where: { $0.name == layerName }) else {
                    throw RulePackError(
                        .invalidValue(
                            key: "fields", value: layerName, allowed: layers.map(\.name).joined(separator: ", ")),
                        at: changes.location)
                }
                var change = try changes.mapping(layerName)!
                if var rename = try change.mapping("rename") {
                    for old in rename.keys {
                        let new = try rename.requireString(old)
                        guard let field = layers[index].fields.firstIndex(where: { $0.name == old }) else {
                            throw RulePackError(.unknownField(old, layer: layerName), at: rename.location)
                        }
                        layers[index].fields[field].name = new
                        layers[index].fields[field].renamedFrom = old
                        for other in layers[index].fields.indices where layers[index].fields[other].nameOf == old {
                            layers[index].fields[other].nameOf = new
                        }
                        if layers[index].key == old { layers[index].key = new }
                        // chains of renames resolve to the newest name
                        for (from, to) in renames[layerName] ?? [:] where to == old { renames[layerName]?[from] = new }
                        renames[layerName, default: [:]][old] = new
                    }
                    try rename.finish()
                }
                for name in try change.strings("remove") ?? [] {
                    guard layers[index].fields.contains(where: { $0.name == name }) else {
                        throw RulePackError(.unknownField(name, layer: layerName), at: change.location)
                    }
                    layers[index].fields.removeAll { $0.name == name }
                }
                for node in try change.sequence("add") ?? [] {
                    var map = try YAMLMapping(node, file: packFile, name: "add")
                    let field = try self.field(&map, codeLists: codeLists)
                    if layers[index].fields.contains(where: { $0.name == field.name }) {
                        throw RulePackError(
                            .duplicate(kind: "field", name: field.name, firstDeclared: layers[index].file),
                            at: map.location)
                    }
                    layers[index].fields.append(field)
                }
                try change.finish()
            }
            try changes.finish()
        }

        var disabled: [String: Location] = [:]
        var severities: [String: (Severity, Location)] = [:]
        var tolerances: [String: (Double, Location)] = [:]
        if var overrides = try pack.mapping("overrides") {
            for id in try overrides.strings("disable") ?? [] { disabled[id] = overrides.location }
            if var map = try overrides.mapping("severity") {
                for id in map.keys {
                    guard let severity = try map.choice(id, Severity.self) else { continue }
                    severities[id] = (severity, map.location)
                }
                try map.finish()
            }
            if var map = try overrides.mapping("obligation") {
                // a profile may change whether a parent's layer must be delivered (an update package
                // carries the changed features, not the base layers)
                for name in map.keys {
                    guard let obligation = try map.choice(name, Obligation.self) else { continue }
                    guard let index = layers.firstIndex(where: { $0.name == name }) else {
                        throw RulePackError(
                            .invalidValue(
                                key: "obligation", value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                            at: map.location)
                    }
                    layers[index].obligation = obligation
                    layers[index].source =
                        (layers[index].source ?? "") + " (obligation \(obligation.rawValue) set by \(id)@\(version))"
                }
                try map.finish()
            }
            if var map = try overrides.mapping("tolerance") {
                for id in map.keys {
                    guard let value = try map.double(id) else { continue }
                    tolerances[id] = (value, map.location)
                }
                try map.finish()
            }
            try overrides.finish()
        }
        layers += try tables(in: &pack, directory: directory, codeLists: codeLists, after: layers)
        var namespaces = parent?.namespaces ?? [:]
        if var declared = try pack.mapping("namespaces") {
            for prefix in declared.keys { namespaces[prefix] = try declared.requireString(prefix) }
            try declared.finish()
        }
        var documentSchemas = parent?.documentSchemas ?? []
        for node in try pack.sequence("schemas") ?? [] {
            var entry = try YAMLMapping(node, file: packFile, name: "schemas")
            let schemaFile = try entry.requireString("schema")
            let catalog = try entry.string("catalog")
            for file in [schemaFile] + (catalog.map { [$0] } ?? [])
            where !FileManager.default.fileExists(atPath: directory + "/" + file) {
                throw RulePackError(
                    .invalidValue(key: "schemas", value: file, allowed: "a file of the pack folder"), at: entry.location
                )
            }
            documentSchemas.append(
                DocumentSchema(
                    document: try entry.requireString("document"), schema: directory + "/" + schemaFile,
                    catalog: catalog.map { directory + "/" + $0 }))
            try entry.finish()
        }
        let members = try memberDeclarations(in: &pack, file: packFile) + (parent?.members ?? [])
        let catalogue = try checkItems(in: &pack, directory: directory, parent: parent)
        try pack.finish()

        let lists = codeLists.mapValues(\.list)
        var rules = RuleDerivation.rules(for: layers, codeLists: codeLists)
        var declaredAt: [String: String] = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.source) })
        let directories = (parent?.ruleDirectories ?? []) + [directory]
        for ruleDirectory in directories {
            for rule in try RuleFileLoader.rules(
                in: ruleDirectory, layers: layers, codeLists: lists, renames: renames, namespaces: namespaces)
            {
                if let first = declaredAt[rule.id] {
                    throw RulePackError(
                        .duplicate(kind: "rule", name: rule.id, firstDeclared: first),
                        at: Location(file: rule.source.components(separatedBy: ":").first ?? rule.source))
                }
                declaredAt[rule.id] = rule.source
                rules.append(rule)
            }
        }
        for (id, location) in disabled.sorted(by: { $0.key < $1.key }) where !rules.contains(where: { $0.id == id }) {
            throw RulePackError(
                .invalidValue(key: "disable", value: id, allowed: "the id of a rule of this pack"), at: location)
        }
        rules.removeAll { disabled[$0.id] != nil }
        for (ruleID, (severity, location)) in severities.sorted(by: { $0.key < $1.key }) {
            guard let index = rules.firstIndex(where: { $0.id == ruleID }) else {
                throw RulePackError(
                    .invalidValue(key: "severity", value: ruleID, allowed: "the id of a rule of this pack"),
                    at: location)
            }
            rules[index].severity = severity
            // credited to the pack that made the override, not to the rule
            rules[index].source += " (severity set by \(id)@\(version))"
        }
        for (ruleID, (tolerance, location)) in tolerances.sorted(by: { $0.key < $1.key }) {
            guard let index = rules.firstIndex(where: { $0.id == ruleID }),
                case .aggregate(var aggregate) = rules[index].check
            else {
                throw RulePackError(
                    .invalidValue(key: "tolerance", value: ruleID, allowed: "the id of an aggregate rule of this pack"),
                    at: location)
            }
            aggregate.tolerance = tolerance
            rules[index].check = .aggregate(aggregate)
            rules[index].source += " (tolerance set by \(id)@\(version))"
        }
        var digest = digest(of: directory)
        if let parent {
            var combined = SHA256()
            combined.update(Array((parent.digest + digest).utf8))
            digest = combined.finalize()
        }
        var standard = Standard(
            id: id, version: version, title: title, basis: basis, directory: directory,
            digest: digest, layers: layers, codeLists: lists, rules: rules)
        standard.extends = parent.map { [$0.reference] + $0.extends } ?? []
        standard.codeListInfo = codeLists
        standard.renames = renames
        standard.ruleDirectories = directories
        standard.namespaces = namespaces
        standard.documentSchemas = documentSchemas
        standard.members = members
        try assign(catalogue, to: &standard)
        return standard
    }

    static func document(_ file: String) throws(RulePackError) -> YAMLMapping {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw RulePackError(.unreadable(error.localizedDescription), at: Location(file: file))
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw RulePackError(.syntax("\(error)"), at: Location(file: file, line: 1, column: 1))
        }
        guard let node else {
            throw RulePackError(.syntax("the document is empty"), at: Location(file: file, line: 1, column: 1))
        }
        return try YAMLMapping(node, file: file, name: "document")
    }

    static func syntaxError(_ error: YamlError, file: String) -> RulePackError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return RulePackError(.syntax(problem), at: Location(file: file, line: mark.line, column: mark.column))
        default:
            return RulePackError(.syntax("\(error)"), at: Location(file: file, line: 1, column: 1))
        }
    }

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
        let pattern = try map.string("pattern")
        if let pattern {
            do {
                _ = try LinearPattern(pattern)
            } catch {
                throw RulePackError(
                    .invalidPattern(pattern, problem: error.description),
                    at: map.location(of: map.node("pattern")!, offset: error.offset))
            }
        }
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
    static func digest(of directory: String) -> String {
        let fm = FileManager.default
        let files = (fm.enumerator(atPath: directory)?.allObjects as? [String] ?? [])
            .filter {
                var isDir: ObjCBool = false
                return fm.fileExists(atPath: directory + "/" + $0, isDirectory: &isDir) && !isDir.boolValue
            }
            .sorted()
        var hasher = SHA256()
        for file in files {
            hasher.update(Array(file.utf8) + [0])
            hasher.update(fm.contents(atPath: directory + "/" + file) ?? Data())
            hasher.update([0])
        }
        return hasher.finalize()
    }
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

extension RulePackLoader {
    /// The `members:` entries of a pack, in order: `{path: GLOB, reader: ID}` each, where the reader
    /// is one of `MemberDeclaration.Reader`; an unknown reader, a missing key or a path declared twice
    /// is an error at its line and column.
    static func memberDeclarations(in pack: inout YAMLMapping, file: String) throws(RulePackError)
        -> [MemberDeclaration]
    {
        var declarations: [MemberDeclaration] = []
        for node in try pack.sequence("members") ?? [] {
            var entry = try YAMLMapping(node, file: file, name: "members")
            let path = try entry.requireString("path")
            let pathLocation = entry.location(of: entry.node("path")!)
            guard !path.isEmpty else {
                throw RulePackError(
                    .invalidValue(key: "path", value: path, allowed: "a glob over member paths"), at: pathLocation)
            }
            if let first = declarations.first(where: { $0.path == path }) {
                throw RulePackError(
                    .duplicate(kind: "member path", name: path, firstDeclared: first.declaredAt.description),
                    at: pathLocation)
            }
            guard let reader = try entry.choice("reader", MemberDeclaration.Reader.self) else {
                throw RulePackError(.missingKey("reader"), at: entry.location)
            }
            try entry.finish()
            declarations.append(MemberDeclaration(path: path, reader: reader, declaredAt: entry.location))
        }
        return declarations
    }
}

extension YAMLMapping {
    /// The keys in declaration order.
    var keys: [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap(\.string)
    }
}
