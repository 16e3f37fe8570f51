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
        if let geometry = layer.geometry {
            add("geometry-type-mismatch", field: nil, .geometryType(geometry))
        }
        add("field-unexpected", field: nil, .fieldUnexpected(expected: layer.fields.map(\.name)), severity: .info)
        for field in layer.fields {
            if !field.mayBeAbsent {
                add("field-missing", field: field, .fieldMissing)
            }
            add("field-type-mismatch", field: field, .fieldType(field.type), confidence: field.confidence)
            if field.width != nil || field.decimals != nil {
                add(
                    "field-width-mismatch", field: field, .fieldWidth(width: field.width, decimals: field.decimals),
                    confidence: field.confidence)
            }
            if field.obligation == .mandatory {
                add("value-missing", field: field, .valueMissing)
            }
            if let name = field.codeList, let info = codeLists[name] {
                add(
                    "code-unknown", field: field, .codeUnknown(info.list), confidence: info.confidence,
                    clause: info.clause.map { "\(field.clause ?? layer.clause); \($0)" },
                    evidence: info.source.map { source in field.source.map { "\($0); \(source)" } ?? source })
            }
            if let pattern = field.pattern {
                add("pattern-mismatch", field: field, .pattern(pattern))
            }
            if let range = field.range {
                add("out-of-range", field: field, .range(range))
            }
            if field.unique {
                add("value-duplicated", field: field, .unique)
            }
            if let codeField = field.nameOf, let name = layer.field(codeField)?.codeList, let info = codeLists[name] {
                add(
                    "name-code-mismatch", field: field, .nameMatchesCode(codeField: codeField, list: info.list),
                    confidence: info.namesConfidence,
                    evidence: info.source.map { source in field.source.map { "\($0); \(source)" } ?? source })
            }
        }
        return rules
    }
}
