/// What differs between two standards: layers, fields, code lists, members and rules, one line per difference.
public enum StandardDiff {
    /// The differences from `old` to `new`, as `+` (added), `-` (removed), `~` (changed) and `→` (renamed) lines.
    public static func lines(from old: Standard, to new: Standard) -> [String] {
        var lines: [String] = []
        let oldLayers = Dictionary(uniqueKeysWithValues: old.layers.map { ($0.name, $0) })
        let newLayers = Dictionary(uniqueKeysWithValues: new.layers.map { ($0.name, $0) })
        for name in old.layers.map(\.name) where newLayers[name] == nil { lines.append("- layer \(name)") }
        for name in new.layers.map(\.name) where oldLayers[name] == nil { lines.append("+ layer \(name)") }
        for layer in new.layers {
            guard let before = oldLayers[layer.name] else { continue }
            let renamedFrom = Set(layer.fields.compactMap(\.renamedFrom))
            for field in before.fields
            where layer.field(field.name) == nil && !renamedFrom.contains(field.name)
                && !layer.fields.contains(where: { new.renames[layer.name]?[field.name] == $0.name })
            {
                lines.append("- field \(layer.name).\(field.name)")
            }
            for field in layer.fields {
                let oldName = new.renames[layer.name]?.first { $0.value == field.name }?.key
                if let oldName, old.renames[layer.name]?[oldName] != field.name, before.field(oldName) != nil {
                    lines.append("→ field \(layer.name).\(oldName) renamed \(field.name)")
                }
                guard let previous = before.field(field.name) ?? oldName.flatMap(before.field) else {
                    lines.append("+ field \(layer.name).\(field.name) \(describe(field))")
                    continue
                }
                if describe(previous) != describe(field) {
                    lines.append("~ field \(layer.name).\(field.name) \(describe(previous)) → \(describe(field))")
                }
            }
        }
        for name in old.codeLists.keys.sorted() where new.codeLists[name] == nil { lines.append("- codelist \(name)") }
        for name in new.codeLists.keys.sorted() {
            guard let before = old.codeLists[name] else {
                lines.append("+ codelist \(name) (\(new.codeLists[name]!.entries.count) codes)")
                continue
            }
            let after = new.codeLists[name]!
            let removed = before.entries.map(\.code).filter { !after.contains($0) }
            let added = after.entries.map(\.code).filter { !before.contains($0) }
            let renamed = after.entries.filter { before.contains($0.code) && before.name(of: $0.code) != $0.name }
            if !removed.isEmpty { lines.append("~ codelist \(name) removes \(removed.joined(separator: ", "))") }
            if !added.isEmpty { lines.append("~ codelist \(name) adds \(added.joined(separator: ", "))") }
            for entry in renamed {
                lines.append("~ codelist \(name) \(entry.code): \(before.name(of: entry.code) ?? "") → \(entry.name)")
            }
        }
        // members: by path, the first entry of each path being the one that decides
        let oldMembers = Dictionary(old.members.map { ($0.path, $0.reader) }, uniquingKeysWith: { first, _ in first })
        let newPaths = Set(new.members.map(\.path))
        for member in old.members where !newPaths.contains(member.path) {
            lines.append("- member \(member.path) (\(member.reader))")
        }
        var compared: Set<String> = []
        for member in new.members where compared.insert(member.path).inserted {
            guard let before = oldMembers[member.path] else {
                lines.append("+ member \(member.path) (\(member.reader))")
                continue
            }
            if before != member.reader {
                lines.append("~ member \(member.path) reader \(before) → \(member.reader)")
            }
        }
        let oldRules = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newRules = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for rule in old.rules where newRules[rule.id] == nil { lines.append("- rule \(rule.id)") }
        for rule in new.rules {
            guard let before = oldRules[rule.id] else {
                lines.append("+ rule \(rule.id) (\(rule.severity.rawValue))")
                continue
            }
            if before.severity != rule.severity {
                lines.append(
                    "~ rule \(rule.id) severity \(before.severity.rawValue) → \(rule.severity.rawValue)"
                        + credit(rule, "severity"))
            }
            if case .crossLayer(let was) = before.check, case .crossLayer(let now) = rule.check,
                let wasTolerance = was.tolerance, let nowTolerance = now.tolerance, wasTolerance != nowTolerance
            {
                lines.append(
                    "~ rule \(rule.id) tolerance \(number(wasTolerance)) → \(number(nowTolerance))"
                        + credit(rule, "tolerance"))
            }
        }
        return lines
    }

    /// ` (set by gtdcbg@2021)` when the rule's source credits an override of `what` to a pack.
    static func credit(_ rule: Rule, _ what: String) -> String {
        let marker = "(\(what) set by "
        guard let start = rule.source.range(of: marker, options: .backwards),
            let end = rule.source[start.upperBound...].firstIndex(of: ")")
        else { return "" }
        return " (set by \(rule.source[start.upperBound..<end]))"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func describe(_ field: FieldSpec) -> String {
        var text = field.type.rawValue
        if let width = field.width { text += "(\(width)" + (field.decimals.map { ",\($0)" } ?? "") + ")" }
        text += " \(field.obligation.rawValue)"
        if let list = field.codeList { text += " codelist \(list)" }
        return text
    }
}
