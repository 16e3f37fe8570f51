import Yams

/// A YAML mapping read strictly: every key must be consumed, and types are checked,
/// so that a typo in a pack is an error at its line and column, never a silent default.
struct YAMLMapping {
    let file: String
    let node: Node
    private var entries: [(key: String, keyNode: Node, value: Node)] = []
    private var consumed: Set<String> = []

    init(_ node: Node, file: String, name: String) throws(RulePackError) {
        self.file = file
        self.node = node
        guard case .mapping(let mapping) = node else {
            throw RulePackError(.wrongType(key: name, expected: "a mapping"), at: Self.location(of: node, in: file))
        }
        var seen: [String: Node] = [:]
        for (key, value) in mapping {
            let name = key.string ?? ""
            if let first = seen[name] {
                throw RulePackError(
                    .duplicate(kind: "key", name: name, firstDeclared: Self.location(of: first, in: file).description),
                    at: Self.location(of: key, in: file))
            }
            seen[name] = key
            entries.append((name, key, value))
        }
    }

    static func location(of node: Node, in file: String) -> Location {
        Location(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    var location: Location { Self.location(of: node, in: file) }

    func location(of node: Node) -> Location { Self.location(of: node, in: file) }

    /// The place of the character `offset` (Unicode scalars from 0) of a text value, when the YAML
    /// writes the text as it is (plain, or quoted without escapes); else the value's own place.
    func location(of node: Node, offset: Int) -> Location {
        var place = location(of: node)
        guard case .scalar(let scalar) = node, let column = place.column else { return place }
        switch scalar.style {
        case .plain: place.column = column + offset
        case .singleQuoted where !scalar.string.contains("'"): place.column = column + 1 + offset
        case .doubleQuoted where !scalar.string.contains("\\") && !scalar.string.contains("\""):
            place.column = column + 1 + offset
        default: break
        }
        return place
    }

    /// The raw node of a key, marking it consumed.
    mutating func node(_ key: String) -> Node? {
        consumed.insert(key)
        return entries.first { $0.key == key }?.value
    }

    mutating func require(_ key: String) throws(RulePackError) -> Node {
        guard let value = node(key) else { throw RulePackError(.missingKey(key), at: location) }
        return value
    }

    /// A pattern under `key` (`pattern:`, `naming:`): a regular expression `LinearPattern` accepts, else an
    /// error at the character it stops at.
    mutating func pattern(_ key: String) throws(RulePackError) -> String? {
        guard let pattern = try string(key) else { return nil }
        do {
            _ = try LinearPattern(pattern)
        } catch {
            throw RulePackError(
                .invalidPattern(pattern, problem: error.description), at: location(of: node(key)!, offset: error.offset)
            )
        }
        return pattern
    }

    mutating func string(_ key: String) throws(RulePackError) -> String? {
        guard let value = node(key) else { return nil }
        guard case .scalar(let scalar) = value else {
            throw RulePackError(.wrongType(key: key, expected: "a string"), at: location(of: value))
        }
        return scalar.string
    }

    mutating func requireString(_ key: String) throws(RulePackError) -> String {
        guard let value = try string(key) else { throw RulePackError(.missingKey(key), at: location) }
        return value
    }

    mutating func int(_ key: String) throws(RulePackError) -> Int? {
        guard let value = node(key) else { return nil }
        guard case .scalar = value, let number = value.int else {
            throw RulePackError(.wrongType(key: key, expected: "an integer"), at: location(of: value))
        }
        return number
    }

    mutating func double(_ key: String) throws(RulePackError) -> Double? {
        guard let value = node(key) else { return nil }
        guard case .scalar = value, let number = value.float ?? value.int.map(Double.init) else {
            throw RulePackError(.wrongType(key: key, expected: "a number"), at: location(of: value))
        }
        return number
    }

    mutating func bool(_ key: String) throws(RulePackError) -> Bool? {
        guard let value = node(key) else { return nil }
        guard case .scalar = value, let flag = value.bool else {
            throw RulePackError(.wrongType(key: key, expected: "true or false"), at: location(of: value))
        }
        return flag
    }

    mutating func strings(_ key: String) throws(RulePackError) -> [String]? {
        guard let value = node(key) else { return nil }
        guard case .sequence(let sequence) = value else {
            throw RulePackError(.wrongType(key: key, expected: "a list of strings"), at: location(of: value))
        }
        var result: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else {
                throw RulePackError(.wrongType(key: key, expected: "a list of strings"), at: location(of: item))
            }
            result.append(scalar.string)
        }
        return result
    }

    mutating func sequence(_ key: String) throws(RulePackError) -> [Node]? {
        guard let value = node(key) else { return nil }
        guard case .sequence(let sequence) = value else {
            throw RulePackError(.wrongType(key: key, expected: "a list"), at: location(of: value))
        }
        return Array(sequence)
    }

    mutating func mapping(_ key: String) throws(RulePackError) -> YAMLMapping? {
        guard let value = node(key) else { return nil }
        return try YAMLMapping(value, file: file, name: key)
    }

    /// A `{zh: …, en: …}` text.
    mutating func text(_ key: String) throws(RulePackError) -> LocalizedText? {
        guard var map = try mapping(key) else { return nil }
        let text = LocalizedText(zh: try map.requireString("zh"), en: try map.requireString("en"))
        try map.finish()
        return text
    }

    /// An enumerated value, given as its raw string.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type) throws(RulePackError) -> T?
    where T.RawValue == String {
        guard let value = node(key) else { return nil }
        let raw = value.string ?? ""
        guard let choice = T(rawValue: raw) else {
            throw RulePackError(
                .invalidValue(key: key, value: raw, allowed: T.allCases.map(\.rawValue).joined(separator: ", ")),
                at: location(of: value))
        }
        return choice
    }

    /// Fails on the first key that was never asked for.
    func finish() throws(RulePackError) {
        for entry in entries where !consumed.contains(entry.key) {
            throw RulePackError(.unknownKey(entry.key, allowed: consumed.sorted()), at: location(of: entry.keyNode))
        }
    }
}
