import Yams

/// The rule forms over documents and packages: the keys of the document kinds of `builtInChecks`
/// (`metadata:`, `xpath:` with `document:`, `package:`), each of which parses its own mapping.
extension RuleFileLoader {
    /// The document form the rule declares, or nil for the layer forms.
    static func documentCheck(
        _ map: inout YAMLMapping, namespaces: [String: String], layers: [LayerSpec] = [],
        codeLists: [String: CodeList] = [:]
    ) throws(RulePackError) -> RuleCheck? {
        // the renames of extended packs are not applied to document rules' expressions
        let form = FormContext(
            file: map.file, location: map.location, layer: nil, layers: layers, codeLists: codeLists, renames: [:],
            namespaces: namespaces)
        for kind in CheckRegistry.documentChecks {
            if var mapping = try map.mapping(kind.formKey) {
                return .document(DocumentRule(check: try parse(kind, &mapping, rule: &map, form)))
            }
        }
        return nil
    }

    private static func parse<Kind: DocumentCheck>(
        _ kind: Kind.Type, _ mapping: inout YAMLMapping, rule map: inout YAMLMapping, _ form: FormContext
    ) throws(RulePackError) -> any DocumentCheck {
        try Kind.parse(&mapping, rule: &map, form)
    }
}
