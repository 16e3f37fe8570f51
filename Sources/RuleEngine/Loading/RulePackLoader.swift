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
        // each key of pack.yaml is read by its own function, in this order
        let (id, version, title) = try identity(of: &pack, directory: directory)
        let reference = "\(id)@\(version)"
        let parent = try parent(of: &pack, reference: reference, chain: chain, searchPath: searchPath)
        let basis = try pack.strings("basis") ?? parent?.basis ?? []
        let codeLists = try codeLists(of: &pack, directory: directory, inherited: parent?.codeListInfo ?? [:])
        var layers = try layers(of: &pack, directory: directory, parent: parent, codeLists: codeLists)
        var renames = parent?.renames ?? [:]
        try fieldChanges(
            of: &pack, file: packFile, extending: parent != nil, codeLists: codeLists, layers: &layers,
            renames: &renames)
        let overrides = try overrides(of: &pack, reference: reference, layers: &layers)
        layers += try tables(in: &pack, directory: directory, codeLists: codeLists, after: layers)
        let namespaces = try namespaces(of: &pack, inherited: parent?.namespaces ?? [:])
        let documentSchemas = try documentSchemas(
            of: &pack, file: packFile, directory: directory, inherited: parent?.documentSchemas ?? [])
        let members =
            try memberDeclarations(in: &pack, file: packFile, readers: searchPath.readers) + (parent?.members ?? [])
        let catalogue = try checkItems(in: &pack, directory: directory, parent: parent)
        let others = try otherStandards(
            of: &pack, reference: reference, chain: chain, searchPath: searchPath, inherited: parent?.with ?? [])
        try pack.finish()

        let directories = (parent?.ruleDirectories ?? []) + [directory]
        var rules = try rules(
            layers: layers, otherLayers: others.flatMap(\.prefixedLayers), codeLists: codeLists, renames: renames,
            namespaces: namespaces, directories: directories)
        try apply(overrides, reference: reference, to: &rules)
        try assign(catalogue, to: &rules)
        var digest = digest(of: directory)
        if let parent {
            var combined = SHA256()
            combined.update(Array((parent.digest + digest).utf8))
            digest = combined.finalize()
        }
        return Standard(
            id: id, version: version, title: title, basis: basis, directory: directory, digest: digest,
            layers: layers, codeLists: codeLists.mapValues(\.list), rules: rules,
            extends: parent.map { [$0.reference] + $0.extends } ?? [], namespaces: namespaces,
            documentSchemas: documentSchemas, members: members, renames: renames, codeListInfo: codeLists,
            checkItems: catalogue.items, derivedCheckItems: catalogue.derived, ruleDirectories: directories,
            with: others)
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

extension YAMLMapping {
    /// The keys in declaration order.
    var keys: [String] {
        guard case .mapping(let mapping) = node else { return [] }
        return mapping.keys.compactMap(\.string)
    }
}
