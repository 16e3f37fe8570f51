/// Every fact of a pack names where it comes from: `stdcheck rules lint` lists those that do not.
extension Standard {
    /// A fact of the pack without a `source:`: where it is declared and what it is.
    public struct UnsourcedFact: Sendable, Equatable {
        /// The pack file (and line, for a declared rule or a code list entry) that declares it.
        public var location: String
        /// `layer DLTB`, `field DLTB.BSM`, `code list DLBM`, `rule DLTB.GDPDJB-required-for-cropland`.
        public var fact: String
    }

    /// The layers, fields, code lists and declared rules that carry no `source:`, in pack order.
    /// Built-in format rules and the rules derived from a field table are judged through their field.
    public var unsourcedFacts: [UnsourcedFact] {
        var facts: [UnsourcedFact] = []
        func blank(_ text: String?) -> Bool { text?.trimmingSpaces().isEmpty ?? true }
        for layer in layers {
            if blank(layer.source) { facts.append(UnsourcedFact(location: layer.file, fact: "layer \(layer.name)")) }
            for field in layer.fields where blank(field.source) {
                facts.append(UnsourcedFact(location: layer.file, fact: "field \(layer.name).\(field.name)"))
            }
        }
        for name in codeListInfo.keys.sorted() where blank(codeListInfo[name]?.source) {
            let place = codeListInfo[name]?.declaredAt?.description ?? directory + "/pack.yaml"
            facts.append(UnsourcedFact(location: place, fact: "code list \(name)"))
        }
        for rule in rules where !rule.isDerived && rule.source != "built-in" && blank(rule.evidence) {
            facts.append(UnsourcedFact(location: rule.source, fact: "rule \(rule.id)"))
        }
        return facts
    }
}
