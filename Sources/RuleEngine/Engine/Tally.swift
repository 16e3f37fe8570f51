/// Collects findings and per-rule counts during a run, then builds the sorted report.
struct Tally {
    private var rulesByID: [String: Rule] = [:]
    private var order: [String]
    private var checkedCount: [String: Int] = [:]
    private var failedCount: [String: Int] = [:]
    /// Per rule, the most severe of its findings (a finding may be lowered below its rule's severity).
    private var worstSeverity: [String: Severity] = [:]
    private var errorIDs: Set<String> = []
    private var skippedIDs: Set<String> = []
    private(set) var findings: [Finding] = []
    /// What the change summary rules found the updated database to be, in the order they finished.
    var changeSummaries: [ChangeSummary] = []
    /// Per layer instance (name and file), the bounding box of every shape read.
    private var extents: [LayerInstance: Envelope] = [:]

    /// One layer of one file: a layer name may occur in several files of a submission.
    struct LayerInstance: Hashable {
        var name: String
        var file: String
    }

    init(rules: [Rule]) {
        order = rules.map(\.id)
        for rule in rules { rulesByID[rule.id] = rule }
    }

    mutating func checked(_ id: String, _ count: Int) {
        checkedCount[id, default: 0] += count
    }

    /// Grows the extent of one layer instance by a shape.
    mutating func extend(_ layer: any Layer, by geometry: Geometry) {
        guard let box = geometry.envelope else { return }
        let instance = LayerInstance(name: layer.name, file: layer.file)
        extents[instance] = extents[instance].map { $0.union(box) } ?? box
    }

    /// Sets a layer instance's extent from a scan of its file, when its shapes are not read.
    mutating func setExtent(_ layer: any Layer, _ box: Envelope) {
        extents[LayerInstance(name: layer.name, file: layer.file)] = box
    }

    /// Says that a rule does not apply to one layer instance, dataset or document. It records nothing:
    /// a rule is reported not applicable when it checked nothing in the whole run, so that a rule that
    /// applies to one instance of a layer and not to another is judged on the one it checked.
    mutating func notApplicable(_ id: String) {}

    mutating func skip(_ id: String) {
        skippedIDs.insert(id)
    }

    mutating func error(_ id: String) {
        errorIDs.insert(id)
    }

    /// Stamps a defect with its rule's severity and message.
    /// `exact` says the geometry is the check's own error geometry, which joins the fingerprint.
    mutating func add(
        _ rule: Rule, _ defect: Defect, at location: Location, key: FeatureKey?, geometry: ErrorGeometry? = nil,
        exact: Bool = false, related: [RelatedFeature]? = nil, relatedMore: Int? = nil
    ) {
        var values = defect.values
        values["layer"] = values["layer"] ?? location.layer
        let message = (rule.message ?? rule.descriptor.message).rendered(with: values)
        let fingerprint = Finding.fingerprint(
            rule: rule.id, location: location, key: key, value: defect.value, errorGeometry: exact ? geometry : nil)
        let severity = max(rule.severity, defect.severity ?? rule.severity)
        var finding = Finding(
            rule: rule.id, severity: severity, message: message, location: location, key: key,
            value: defect.value, fingerprint: fingerprint, geometry: geometry)
        finding.related = related
        finding.relatedMore = relatedMore
        findings.append(finding)
        failedCount[rule.id, default: 0] += 1
        worstSeverity[rule.id] = min(worstSeverity[rule.id] ?? severity, severity)
    }

    /// A reader's own finding, under the format rule of the same id.
    mutating func record(_ finding: FormatFinding) {
        guard let rule = rulesByID[finding.defect.rawValue], !skippedIDs.contains(rule.id) else { return }
        var values = finding.values
        values["file"] = values["file"] ?? finding.location.file
        add(
            rule,
            Defect(
                record: finding.location.record, field: finding.location.field, value: finding.value, values,
                severity: finding.severity),
            at: finding.location, key: nil)
    }

    func status(of rule: Rule) -> RuleStatus {
        if skippedIDs.contains(rule.id) { return .skipped }
        if errorIDs.contains(rule.id) { return .error }
        if (failedCount[rule.id] ?? 0) > 0 {
            switch worstSeverity[rule.id] ?? rule.severity {
            case .error: return .failed
            case .warning: return .warning
            case .info: return .passed
            }
        }
        if (checkedCount[rule.id] ?? 0) == 0 { return .notApplicable }
        return .passed
    }

    func report(
        standard: Standard, submission: Submission, tool: ConformanceReport.Tool,
        options: ConformanceReport.Options, choice: (how: String, reason: String?), layerMatch: (String) -> String?
    ) -> ConformanceReport {
        let results = order.compactMap { rulesByID[$0] }.map { rule in
            RuleResult(
                id: rule.id, title: rule.title, severity: rule.severity, clause: rule.clause, layer: rule.layer,
                field: rule.field, check: rule.descriptor.id, confidence: rule.confidence, source: rule.source,
                checked: checkedCount[rule.id] ?? 0, failed: failedCount[rule.id] ?? 0, status: status(of: rule),
                qualityElement: rule.element)
        }
        let layers = submission.layers.map { layer in
            LayerSummary(
                name: layer.name, file: layer.file, format: layer.format, geometryType: layer.schema.geometryType,
                records: layer.recordCount, fields: layer.schema.fields, encoding: layer.encoding,
                crs: layer.crs.map { CRSSummary(name: $0.name, epsg: $0.epsg, confidence: $0.confidence) },
                standardLayer: layerMatch(layer.name),
                extent: extents[LayerInstance(name: layer.name, file: layer.file)]?.box,
                reading: layer.readingNotes.isEmpty ? nil : layer.readingNotes)
        }
        var report = ConformanceReport(
            tool: tool,
            standard: .init(
                id: standard.id, version: standard.version, title: standard.title, basis: standard.basis,
                packDigest: standard.digest, extends: standard.extends.isEmpty ? nil : standard.extends,
                selection: choice.how, reason: choice.reason),
            input: .init(path: submission.path, files: submission.files), options: options, layers: layers,
            rules: results, findings: findings, layerOrder: standard.layers.map(\.name))
        report.changeSummary = changeSummaries.first
        return report
    }
}
