/// Derives the generic field rules from a pack's field tables: no rule is written by hand per field.
enum RuleDerivation {
    static func rules(for layers: [LayerSpec], codeLists: [String: CodeListInfo]) -> [Rule] {
        var rules = FormatDefect.allCases.map(\.rule)
        rules.append(
            Rule(
                id: "layer-unknown", title: LayerUnknownCheck.descriptor.summary, severity: .info,
                clause: "StdCheck format rule", layer: nil, field: nil, check: .layerUnknown, source: "built-in"))
        for layer in layers {
            rules += self.rules(for: layer, codeLists: codeLists)
        }
        return rules
    }

    static func rules(for layer: LayerSpec, codeLists: [String: CodeListInfo]) -> [Rule] {
        var rules: [Rule] = []
        func add(
            _ suffix: String, field: FieldSpec?, _ check: RuleCheck, severity: Severity = .error,
            confidence: Confidence = .high, clause: String? = nil, evidence: String? = nil
        ) {
            let descriptor = check.descriptor
            let subject =
                field.map { (zh: "\($0.name)（\($0.title.zh)）", en: "\($0.name) (\($0.title.en))") }
                ?? (zh: "\(layer.name)（\(layer.title.zh)）", en: "\(layer.name) (\(layer.title.en))")
            let lowered = confidence == .low && severity == .error ? Severity.warning : severity
            var rule = Rule(
                id: [layer.name, field?.name, suffix].compactMap { $0 }.joined(separator: "."),
                title: LocalizedText(
                    zh: "\(subject.zh)：\(descriptor.summary.zh)", en: "\(subject.en): \(descriptor.summary.en)"),
                severity: lowered, clause: clause ?? field?.clause ?? layer.clause, layer: layer.name,
                field: field?.name, check: check, confidence: confidence, source: layer.file)
            rule.evidence = evidence ?? (field == nil ? layer.source : field?.source)
            rules.append(rule)
        }

        if layer.obligation == .mandatory {
            add("layer-missing", field: nil, .layerMissing)
        }
        // every field-table kind's rules: the layer's first, then each field's, in the kinds' order
        let table = fieldTable(of: layer, codeLists: codeLists)
        let position = Dictionary(uniqueKeysWithValues: layer.fields.enumerated().map { ($1.name, $0) })
        let derived = CheckRegistry.fieldTableChecks.flatMap { kind in
            kind.derive(from: table).map { (order: kind.derivationOrder, derivation: $0) }
        }
        .sorted { left, right in
            let l = left.derivation.field.map { position[$0.name] ?? 0 } ?? -1
            let r = right.derivation.field.map { position[$0.name] ?? 0 } ?? -1
            return (l, left.order) < (r, right.order)
        }
        for (_, derivation) in derived {
            add(
                derivation.suffix, field: derivation.field.flatMap { layer.field($0.name) },
                .derived(DerivedCheck(check: derivation.check)), severity: derivation.severity,
                confidence: derivation.confidence, clause: derivation.clause, evidence: derivation.evidence)
        }
        return rules
    }

    /// A layer's field table as the field-table kinds read it, its code lists looked up.
    static func fieldTable(of layer: LayerSpec, codeLists: [String: CodeListInfo]) -> FieldTable {
        func facts(_ name: String?) -> FieldTable.CodeListFacts? {
            guard let name, let info = codeLists[name] else { return nil }
            return FieldTable.CodeListFacts(
                list: info.list, confidence: info.confidence, namesConfidence: info.namesConfidence,
                clause: info.clause, source: info.source)
        }
        let fields = layer.fields.map { field in
            FieldTable.Field(
                name: field.name, title: field.title, type: field.type, width: field.width, decimals: field.decimals,
                mandatory: field.obligation == .mandatory, mayBeAbsent: field.mayBeAbsent,
                codeList: facts(field.codeList), pattern: field.pattern, range: field.range, unique: field.unique,
                nameOf: field.nameOf.flatMap { code in facts(layer.field(code)?.codeList).map { (code, $0) } },
                confidence: field.confidence, clause: field.clause, source: field.source)
        }
        return FieldTable(
            layer: layer.name, clause: layer.clause, mandatory: layer.obligation == .mandatory,
            geometry: layer.geometry, fields: fields)
    }
}
