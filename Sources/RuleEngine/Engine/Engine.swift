import Dispatch
import Foundation

/// Runs a standard's rules over a submission: one streaming pass per layer drives every check.
public struct Engine: Sendable {
    /// The standard as loaded, every rule included (deselected ones are reported as skipped).
    public var standard: Standard
    public var selection: RuleSelection
    /// How the standard was chosen: `given`, or `detected` with a reason.
    public var choice: (how: String, reason: String?)
    /// Computational geometry for the `geometry:` and `crs:` rules (GEOS and PROJ, from Formats);
    /// without it those rules are reported as not evaluated.
    public var geometry: (any GeometryOperations)?
    /// Evaluates XPath rules; without one, they are reported as not applicable.
    public var xpathEvaluator: (any XPathEvaluator)?
    /// Transforms extents to longitude/latitude for metadata extent rules; without one they are not applicable.
    public var geographic: (any GeographicTransformer)?
    /// The dataset the submission updates (`--base`): its layers are `base.<LAYER>` to the cross-layer
    /// rules. Without it, the rules that name a base layer are not applicable.
    public var base: Submission?
    /// The datasets of other standards supplied beside the submission (`--with`), by the standard's id
    /// (`gtdc`): their layers are `gtdc.<LAYER>` to the rules. Without one, the rules that read it are
    /// not applicable.
    public var with: [String: Submission] = [:]

    public init(standard: Standard, selection: RuleSelection = .init(), choice: (String, String?) = ("given", nil)) {
        var rules = standard.rules
        for index in rules.indices {
            if let level = selection.severity[rules[index].id], let severity = Severity(rawValue: level) {
                rules[index].severity = severity
            }
        }
        self.standard = standard.replacing(rules: rules)
        self.selection = selection
        self.choice = choice
    }

    /// Checks a submission and builds the report. Findings and rules come out sorted, so the same
    /// input gives the same report.
    ///
    /// `maxFindingsPerRule` caps the JSON report's sample (0: no cap); `progress` is called with the
    /// layer name and the records read so far, every `progressInterval` records and at the end of a layer.
    public func check(
        _ submission: Submission, tool: ConformanceReport.Tool, failOn: String, maxFindingsPerRule: Int = 0,
        progress: (_ layer: String, _ records: Int, _ total: Int) -> Void = { _, _, _ in }
    ) -> ConformanceReport {
        var tally = Tally(rules: standard.rules)
        let skipped = Set(standard.rules.map(\.id).filter(selection.skips))
        for id in skipped { tally.skip(id) }
        let standard = self.standard.replacing(rules: self.standard.rules.filter { !skipped.contains($0.id) })

        for finding in submission.findings {
            tally.record(finding)
        }
        for rule in standard.rules {
            if case .format = rule.check { tally.checked(rule.id, submission.layers.count) }
        }

        // these format rules judge every field's bytes, so with any of them on every field is decoded
        let decodesEveryField = standard.rules.contains { rule in
            if case .format(let defect) = rule.check {
                return [.textUndecodable, .numberUnparsable, .dateInvalid].contains(defect)
            }
            return false
        }
        var matched = Set<String>()
        let datasets = Datasets(submission.layers, described: standard.layers.map(\.name))
        var crosses = datasets.keys.map { _ in CrossLayerRun(rules: standard.rules.filter { $0.check.isCrossLayer }) }
        // without a geometry service the geometry and CRS rules cannot be evaluated: said, not skipped
        let geometryRules = standard.rules.filter { $0.check.needsGeometryOperations }
        if geometry == nil { for rule in geometryRules { tally.error(rule.id) } }
        var shapes = datasets.keys.map { _ in
            GeometryRun(rules: geometry == nil ? [] : geometryRules, operations: geometry)
        }
        for index in shapes.indices { shapes[index].base = base }
        // the base is read first, so a value repeated in the submission is reported there, not in the base
        var basePresent =
            base.map { feedBase($0, into: &crosses, shapes: &shapes, standard: standard, tally: &tally) } ?? []
        for other in standard.with {
            guard let dataset = with[other.id] else { continue }
            basePresent.formUnion(
                feed(dataset, prefix: other.id, specs: other.layers, into: &crosses, shapes: &shapes, tally: &tally))
        }
        for spec in standard.layers {
            let rules = standard.rules.filter {
                $0.layer == spec.name && !$0.check.isCrossLayer && !$0.check.needsGeometryOperations
            }
            let instances = datasets.instances(of: spec.name)
            guard !instances.isEmpty else {
                for rule in rules {
                    if case .layerMissing = rule.check {
                        tally.checked(rule.id, 1)
                        tally.add(
                            rule, Defect(["layer": spec.name, "title": spec.title.en, "title_zh": spec.title.zh]),
                            at: Location(file: ".", layer: spec.name), key: nil)
                    } else {
                        tally.notApplicable(rule.id)
                    }
                }
                continue
            }
            for rule in rules where rule.check.isLayerMissing {
                tally.checked(rule.id, 1)
            }
            // every instance of the layer, in file order: each file's records are checked and located in it
            for layer in instances {
                matched.insert(layer.name)
                let dataset = datasets.index(of: layer)
                run(
                    rules.filter { !$0.check.isLayerMissing }, over: layer, spec: spec, into: &tally,
                    cross: &crosses[dataset], shapes: &shapes[dataset], decodingEveryField: decodesEveryField,
                    progress: progress)
            }
        }
        for index in datasets.keys.indices {
            let present = datasets.present(in: index).union(basePresent)
            shapes[index].finish(presentLayers: present, into: &tally)
            crosses[index].finish(presentLayers: present, into: &tally)
        }

        for layer in submission.layers where !matched.contains(layer.name) {
            readFormatProblems(of: layer, into: &tally)
        }
        runDocumentRules(standard.rules, over: submission, into: &tally)

        if let unknownRule = standard.rules.first(where: { $0.id == "layer-unknown" }) {
            tally.checked(unknownRule.id, submission.layers.count)
            for layer in submission.layers where !matched.contains(layer.name) {
                tally.add(
                    unknownRule, Defect(["layer": layer.name]), at: Location(file: layer.file, layer: layer.name),
                    key: nil)
            }
        }

        // a rule that compares the submission's layers with the base's cannot be evaluated without --base:
        // when its own layers are here, the run is not a pass (NOT CHECKED); otherwise it does not apply
        let baseRules = base == nil ? standard.rules.filter(BaseLayers.needed) : []
        // the same for another standard's dataset missing (`--with`), unless the pack declares it optional;
        // one supplied without a layer a rule reads leaves that rule unevaluated too
        var withRules: [String: Int] = [:]
        // a geometry comparison needs its own layer's shapes (a register as a table has none)
        let shaped = Set(submission.layers.filter { $0.schema.geometryType != nil }.map(\.name))
        for rule in standard.rules {
            let own = rule.datasetLayers.filter { BaseLayers.dataset(of: $0) == nil }
            let present = rule.check.needsGeometryOperations ? shaped : matched
            let ownPresent = !own.isEmpty && own.allSatisfy(present.contains)
            if baseRules.contains(where: { $0.id == rule.id }) {
                if ownPresent { tally.error(rule.id) }
                continue
            }
            for id in BaseLayers.others(neededBy: rule).sorted() {
                guard let other = standard.other(id) else { continue }
                if with[id] == nil {
                    withRules[other.reference, default: 0] += 1
                    if ownPresent, !other.optional { tally.error(rule.id) }
                } else if ownPresent,
                    rule.datasetLayers.contains(where: { BaseLayers.dataset(of: $0) == id && !basePresent.contains($0) }
                    )
                {
                    tally.error(rule.id)
                }
            }
        }
        checkCoverage(of: submission, standard: standard, matched: matched, into: &tally)

        var report = tally.report(
            standard: standard, submission: submission, tool: tool,
            options: .init(
                failOn: failOn, maxFindingsPerRule: maxFindingsPerRule, rules: selection.isEmpty ? nil : selection),
            choice: choice,
            layerMatch: { name in standard.layers.first { $0.name.uppercased() == name.uppercased() }?.name })
        if !baseRules.isEmpty { report.rulesNeedingBase = baseRules.count }
        if !withRules.isEmpty { report.rulesNeedingWith = withRules }
        var places = RelatedPlaces(submission: submission, standard: standard)
        places.place(&report.findings)
        report.finish()
        return report
    }

    /// Says when nothing of the standard could be read: an empty submission (`submission-empty`), or no
    /// member read as a layer, table or document of the standard (`submission-no-data`). Either makes
    /// the verdict NOT CHECKED.
    private func checkCoverage(
        of submission: Submission, standard: Standard, matched: Set<String>, into tally: inout Tally
    ) {
        func rule(_ defect: FormatDefect) -> Rule? { standard.rules.first { $0.id == defect.rawValue } }
        // a reader that said why nothing was read has said it; "no file" would be wrong then
        let readerSaid = submission.findings.contains { FormatDefect.coverageChecks.contains($0.defect.rawValue) }
        if let empty = rule(.submissionEmpty) {
            tally.checked(empty.id, 1)
            if submission.files.isEmpty && submission.layers.isEmpty && !readerSaid {
                tally.add(empty, Defect(), at: Location(file: "."), key: nil)
                return
            }
        }
        guard let noData = rule(.submissionNoData) else { return }
        tally.checked(noData.id, 1)
        let documents = Self.documents(of: submission)
        let documentRules =
            !standard.documentSchemas.isEmpty
            || standard.rules.contains { rule in
                if case .document(let document) = rule.check { return document.readsDocuments }
                return false
            }
        // a standard of documents alone (XSD validation, message packs) is not applied by reading a layer
        let layersRead =
            standard.layers.isEmpty
            ? standard.documentSchemas.isEmpty && !submission.layers.isEmpty : !matched.isEmpty
        let documentsRead = !documents.isEmpty && (standard.layers.isEmpty || documentRules)
        guard !layersRead && !documentsRead else { return }
        let reason: String
        if !submission.layers.isEmpty {
            let names = Array(Set(submission.layers.map(\.name))).sorted()
            reason =
                "its layers \(names.joined(separator: ", ")) are none of the standard's "
                + "(\(standard.layers.map(\.name).joined(separator: ", ")))"
        } else if submission.files.isEmpty {
            reason = "no file could be read"
        } else {
            reason = "none of its \(submission.files.count) files is a layer, table or document StdCheck reads"
        }
        tally.add(
            noData, Defect(["standard": standard.reference, "reason": reason]), at: Location(file: "."), key: nil)
    }
}
