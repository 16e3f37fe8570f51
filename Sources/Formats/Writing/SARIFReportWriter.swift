import RuleEngine

/// SARIF 2.1.0 for code scanning: the rule catalogue and one result per finding.
///
/// Datasets are binary, so a record-level result's `startLine` is its record number (1 for the
/// file or a layer as a whole); the logical location names the layer, record, key and field.
public enum SARIFReportWriter: ReportWriter {
    public static let id = "sarif"
    public static let fileName = "report.sarif"
    public static let summary = "SARIF 2.1.0 for code scanning: every rule, one result per finding, with fingerprints."

    public static func render(_ report: ConformanceReport) -> String {
        var ruleIndex: [String: Int] = [:]
        let rules: [JSONValue] = report.rules.enumerated().map { index, rule in
            ruleIndex[rule.id] = index
            var properties: [String: JSONValue] = [
                "clause": .string(rule.clause), "check": .string(rule.check),
                "qualityElement": .string(rule.qualityElement.rawValue), "titleZh": .string(rule.title.zh),
                "status": .string(rule.status.rawValue), "checked": .int(rule.checked), "failed": .int(rule.failed),
                "tags": .array([.string(rule.qualityElement.rawValue), .string(rule.layer ?? "_files")]),
            ]
            if let field = rule.field { properties["field"] = .string(field) }
            return .object([
                "id": .string(rule.id),
                "shortDescription": .object(["text": .string(rule.title.en)]),
                "fullDescription": .object(["text": .string("\(rule.title.en) / \(rule.title.zh) (\(rule.clause))")]),
                "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
                "properties": .object(properties),
            ])
        }
        let results: [JSONValue] = report.findings.map { finding in
            var logical: [String: JSONValue] = [
                "fullyQualifiedName": .string(logicalName(finding.location)),
                "kind": .string(
                    finding.location.record != nil ? "record" : (finding.location.layer != nil ? "layer" : "file")),
            ]
            if let key = finding.keyText {
                logical["name"] = .string(key)
            } else {
                logical["name"] = .string(logicalName(finding.location))
            }
            let uri =
                report.input.path == "." || finding.location.file == "."
                ? (finding.location.file == "." ? report.input.path : finding.location.file)
                : report.input.path + "/" + finding.location.file
            var region: [String: JSONValue] = ["startLine": .int(finding.location.line ?? finding.location.record ?? 1)]
            if let column = finding.location.column { region["startColumn"] = .int(column) }
            var result: [String: JSONValue] = [
                "ruleId": .string(finding.rule),
                "ruleIndex": .int(ruleIndex[finding.rule] ?? 0),
                "level": .string(level(finding.severity)),
                "message": .object(["text": .string(finding.message.en)]),
                "locations": .array([
                    .object([
                        "physicalLocation": .object([
                            "artifactLocation": .object(["uri": .string(uri)]), "region": .object(region),
                        ]),
                        "logicalLocations": .array([.object(logical)]),
                    ])
                ]),
                "partialFingerprints": .object(["stdcheck/v1": .string(finding.fingerprint)]),
                "properties": .object(
                    ["messageZh": .string(finding.message.zh)]
                        .merging(finding.value.map { ["value": JSONValue.string($0)] } ?? [:]) { a, _ in a }),
            ]
            if let state = finding.baseline { result["baselineState"] = .string(state.rawValue) }
            if let waiver = finding.waiver {
                result["suppressions"] = .array([
                    .object([
                        "kind": .string("external"), "status": .string("accepted"),
                        "justification": .string("\(waiver.reason) (expires \(waiver.expires), \(waiver.declaredAt))"),
                    ])
                ])
            }
            return .object(result)
        }
        let sarif: JSONValue = .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([
                .object([
                    "tool": .object([
                        "driver": .object([
                            "name": .string(report.tool.name), "version": .string(report.tool.version),
                            "semanticVersion": .string(report.tool.version), "rules": .array(rules),
                        ])
                    ]),
                    "automationDetails": .object([
                        "id": .string("\(report.standard.id)@\(report.standard.version)/")
                    ]),
                    "results": .array(results),
                    "properties": .object([
                        "standard": .string("\(report.standard.id)@\(report.standard.version)"),
                        "packDigest": .string(report.standard.packDigest), "verdict": .string(report.verdict.rawValue),
                    ]),
                ])
            ]),
        ])
        return JSONReportWriter.encode(sarif)
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `DLTB#59.DLMC`, `DLTB`, or the file name.
    static func logicalName(_ location: Location) -> String {
        guard let layer = location.layer else { return location.file }
        var name = layer
        if let record = location.record { name += "#\(record)" }
        if let field = location.field { name += ".\(field)" }
        return name
    }
}
