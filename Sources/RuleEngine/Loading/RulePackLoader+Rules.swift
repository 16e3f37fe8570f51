/// The rules of a pack: derived from its field tables, declared in the `rules/*.yaml` of it and the
/// packs it extends, then changed by its `overrides:`.
extension RulePackLoader {
    /// The derived rules, then the declared ones of every rule folder, oldest first; an id declared
    /// twice is an error at the second.
    static func rules(
        layers: [LayerSpec], otherLayers: [LayerSpec] = [], codeLists: [String: CodeListInfo],
        renames: [String: [String: String]],
        namespaces: [String: String], directories: [String]
    ) throws(RulePackError) -> [Rule] {
        let lists = codeLists.mapValues(\.list)
        var rules = RuleDerivation.rules(for: layers, codeLists: codeLists)
        var declaredAt: [String: String] = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.source) })
        for ruleDirectory in directories {
            for rule in try RuleFileLoader.rules(
                in: ruleDirectory, layers: layers + otherLayers, codeLists: lists, renames: renames,
                namespaces: namespaces)
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
        return rules
    }

    /// Applies `overrides:` to the rules: disables, severities and tolerances, each naming a rule of
    /// the pack; a changed rule's source credits the pack that changed it.
    static func apply(_ overrides: Overrides, reference: String, to rules: inout [Rule]) throws(RulePackError) {
        for (id, location) in overrides.disabled.sorted(by: { $0.key < $1.key })
        where !rules.contains(where: { $0.id == id }) {
            throw RulePackError(
                .invalidValue(key: "disable", value: id, allowed: "the id of a rule of this pack"), at: location)
        }
        rules.removeAll { overrides.disabled[$0.id] != nil }
        for (ruleID, (severity, location)) in overrides.severities.sorted(by: { $0.key < $1.key }) {
            guard let index = rules.firstIndex(where: { $0.id == ruleID }) else {
                throw RulePackError(
                    .invalidValue(key: "severity", value: ruleID, allowed: "the id of a rule of this pack"),
                    at: location)
            }
            rules[index].severity = severity
            // credited to the pack that made the override, not to the rule
            rules[index].source += " (severity set by \(reference))"
        }
        for (ruleID, (tolerance, location)) in overrides.tolerances.sorted(by: { $0.key < $1.key }) {
            guard let index = rules.firstIndex(where: { $0.id == ruleID }),
                case .crossLayer(let rule) = rules[index].check, let changed = rule.with(tolerance: tolerance)
            else {
                throw RulePackError(
                    .invalidValue(key: "tolerance", value: ruleID, allowed: "the id of an aggregate rule of this pack"),
                    at: location)
            }
            rules[index].check = .crossLayer(changed)
            rules[index].source += " (tolerance set by \(reference))"
        }
    }
}
