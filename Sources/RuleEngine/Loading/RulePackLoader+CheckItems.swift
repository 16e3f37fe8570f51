import Foundation

/// The national check catalogue of a pack: `check-items: {file, source, derived}` in `pack.yaml`.
///
/// `file` is a CSV `id,name,group`; `derived` maps the id of a derived check (`layer-missing`,
/// `field-type-mismatch`, …) to the items every rule of that check implements; declared rules name
/// theirs with `check-item:`. A rule naming an item the catalogue does not list is a load error.
extension RulePackLoader {
    struct Catalogue {
        var items: [CheckItem]
        var derived: [String: [String]]
        var declaredAt: Location?
    }

    static func checkItems(in pack: inout YAMLMapping, directory: String, parent: Standard?) throws(RulePackError)
        -> Catalogue
    {
        var catalogue = Catalogue(items: parent?.checkItems ?? [], derived: parent?.derivedCheckItems ?? [:])
        guard var entry = try pack.mapping("check-items") else { return catalogue }
        catalogue.declaredAt = entry.location
        let file = directory + "/" + (try entry.requireString("file"))
        let source = try entry.string("source") ?? ""
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else {
            throw RulePackError(.unreadable("no UTF-8 check-item list at \(file)"), at: entry.location)
        }
        var items: [CheckItem] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            if index == 0 {
                guard cells == ["id", "name", "group"] else {
                    throw RulePackError(
                        .codeListRow("the header must be id,name,group"), at: Location(file: file, line: 1, column: 1))
                }
                continue
            }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard cells.count == 3, !cells[0].isEmpty, !cells[1].isEmpty else {
                throw RulePackError(
                    .codeListRow("expected id,name,group"), at: Location(file: file, line: index + 1, column: 1))
            }
            if items.contains(where: { $0.id == cells[0] }) {
                throw RulePackError(
                    .duplicate(kind: "check item", name: cells[0], firstDeclared: file),
                    at: Location(file: file, line: index + 1, column: 1))
            }
            items.append(CheckItem(id: cells[0], name: cells[1], group: cells[2], source: source))
        }
        catalogue.items = items
        if var derived = try entry.mapping("derived") {
            for check in derived.keys {
                let ids = try derived.strings(check) ?? []
                for id in ids where !items.contains(where: { $0.id == id }) {
                    throw RulePackError(
                        .invalidValue(key: check, value: id, allowed: "an id of \(file)"), at: derived.location)
                }
                catalogue.derived[check] = ids
            }
            try derived.finish()
        }
        try entry.finish()
        return catalogue
    }

    /// Gives the derived rules their items and checks that every declared rule's items exist.
    static func assign(_ catalogue: Catalogue, to rules: inout [Rule]) throws(RulePackError) {
        let known = Set(catalogue.items.map(\.id))
        for index in rules.indices {
            if rules[index].isDerived {
                rules[index].checkItems = catalogue.derived[rules[index].descriptor.id] ?? []
                continue
            }
            for id in rules[index].checkItems where !known.contains(id) {
                throw RulePackError(
                    .invalidValue(
                        key: "check-item", value: id,
                        allowed: known.isEmpty
                            ? "none: the pack declares no check-items" : "an id of the pack's check-items"),
                    at: Location(file: rules[index].source))
            }
        }
    }
}

extension Standard {
    /// The catalogue items each rule implements, with the rules of each item, in catalogue order.
    public var coverage: [(item: CheckItem, rules: [String])] {
        checkItems.map { item in (item, rules.filter { $0.checkItems.contains(item.id) }.map(\.id)) }
    }
}
