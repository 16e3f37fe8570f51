import Foundation

/// One function per key of `pack.yaml`, called by `load(directory:chain:searchPath:)` in the order
/// the keys are read; each reads its key strictly and returns what it declares.
extension RulePackLoader {
    /// `schema:`, `id:`, `version:`, `title:` and `description:`: the pack's identity, which must match
    /// its folder (`rules/<id>/<version>/`).
    static func identity(of pack: inout YAMLMapping, directory: String) throws(RulePackError) -> (
        id: String, version: String, title: LocalizedText
    ) {
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
        return (id, version, title)
    }

    /// `extends: id@version`: the parent pack, loaded through the same search path; a chain that comes
    /// back to a pack already on it is an error.
    static func parent(
        of pack: inout YAMLMapping, reference: String, chain: [String], searchPath: RulesSearchPath
    ) throws(RulePackError) -> Standard? {
        guard let parentReference = try pack.string("extends") else { return nil }
        if chain.contains(parentReference) || parentReference == reference {
            throw RulePackError(
                .invalidValue(key: "extends", value: parentReference, allowed: "a pack that does not extend this one"),
                at: pack.location(of: pack.node("extends")!))
        }
        guard let parentDirectory = searchPath.directory(of: parentReference) else {
            throw RulePackError(
                .standardNotFound(
                    parentReference, available: searchPath.available(), searched: searchPath.placesLookedIn),
                at: pack.location(of: pack.node("extends")!))
        }
        return try load(directory: parentDirectory, chain: chain + [reference], searchPath: searchPath)
    }

    /// `codelists: {NAME: {file, title, clause, confidence, names-confidence, source}}`, over the
    /// parent's lists.
    static func codeLists(
        of pack: inout YAMLMapping, directory: String, inherited: [String: CodeListInfo]
    ) throws(RulePackError) -> [String: CodeListInfo] {
        var codeLists = inherited
        guard var lists = try pack.mapping("codelists") else { return codeLists }
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
        return codeLists
    }

    /// `layers: [NAME, …]`, each read from `layers/<NAME>.yaml`; a profile's file replaces the parent's
    /// layer of that name, and a name without a file keeps the parent's.
    static func layers(
        of pack: inout YAMLMapping, directory: String, parent: Standard?, codeLists: [String: CodeListInfo]
    ) throws(RulePackError) -> [LayerSpec] {
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
        return layers
    }

    /// `fields: {LAYER: {rename: {OLD: NEW}, remove: [NAME], add: [FIELD]}}`: a profile's changes to
    /// its parent's field tables; renames accumulate along `extends`, newest name last.
    static func fieldChanges(
        of pack: inout YAMLMapping, file packFile: String, extending: Bool, codeLists: [String: CodeListInfo],
        layers: inout [LayerSpec], renames: inout [String: [String: String]]
    ) throws(RulePackError) {
        guard var changes = try pack.mapping("fields") else { return }
        guard extending else {
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

    /// What `overrides:` asks of the pack's rules, applied once the rules are known (`apply(_:reference:to:)`).
    struct Overrides {
        var disabled: [String: Location] = [:]
        var severities: [String: (Severity, Location)] = [:]
        var tolerances: [String: (Double, Location)] = [:]
    }

    /// `overrides: {disable: [ID], severity: {ID: LEVEL}, obligation: {LAYER: M|O|C}, tolerance: {ID: N}}`.
    /// A layer's obligation is changed here; the rest applies to the rules.
    static func overrides(
        of pack: inout YAMLMapping, reference: String, layers: inout [LayerSpec]
    ) throws(RulePackError) -> Overrides {
        var result = Overrides()
        guard var overrides = try pack.mapping("overrides") else { return result }
        for id in try overrides.strings("disable") ?? [] { result.disabled[id] = overrides.location }
        if var map = try overrides.mapping("severity") {
            for id in map.keys {
                guard let severity = try map.choice(id, Severity.self) else { continue }
                result.severities[id] = (severity, map.location)
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
                    (layers[index].source ?? "") + " (obligation \(obligation.rawValue) set by \(reference))"
            }
            try map.finish()
        }
        if var map = try overrides.mapping("tolerance") {
            for id in map.keys {
                guard let value = try map.double(id) else { continue }
                result.tolerances[id] = (value, map.location)
            }
            try map.finish()
        }
        try overrides.finish()
        return result
    }

    /// `namespaces: {PREFIX: URI}`, over the parent's.
    static func namespaces(
        of pack: inout YAMLMapping, inherited: [String: String]
    ) throws(RulePackError) -> [String: String] {
        var namespaces = inherited
        if var declared = try pack.mapping("namespaces") {
            for prefix in declared.keys { namespaces[prefix] = try declared.requireString(prefix) }
            try declared.finish()
        }
        return namespaces
    }

    /// `schemas: [{document: GLOB, schema: FILE, catalog: FILE}]`, after the parent's; the files must be
    /// in the pack folder.
    static func documentSchemas(
        of pack: inout YAMLMapping, file packFile: String, directory: String, inherited: [DocumentSchema]
    ) throws(RulePackError) -> [DocumentSchema] {
        var documentSchemas = inherited
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
        return documentSchemas
    }
}

extension RulePackLoader {
    /// The `members:` entries of a pack, in order: `{path: GLOB, reader: ID}` each, where the reader
    /// is one of `readers` (`RulesSearchPath.readers`; any well-formed id when nil); an unknown reader,
    /// a missing key or a path declared twice is an error at its line and column.
    static func memberDeclarations(in pack: inout YAMLMapping, file: String, readers: [String]?) throws(RulePackError)
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
            guard let node = entry.node("reader") else {
                throw RulePackError(.missingKey("reader"), at: entry.location)
            }
            let reader = try entry.requireString("reader")
            let wellFormed =
                !reader.isEmpty
                && reader.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            guard wellFormed, readers?.contains(reader) ?? true else {
                let allowed =
                    readers.map { $0.sorted().joined(separator: ", ") } ?? "a reader id (lowercase letters, digits, -)"
                throw RulePackError(
                    .invalidValue(key: "reader", value: reader, allowed: allowed), at: entry.location(of: node))
            }
            try entry.finish()
            declarations.append(MemberDeclaration(path: path, reader: reader, declaredAt: entry.location))
        }
        return declarations
    }
}
