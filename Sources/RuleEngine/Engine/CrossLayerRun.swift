import Foundation

/// Evaluates the rules that span layers (the `CrossLayerCheck` kinds: references, uniqueness across layers,
/// aggregates, the change summary); it knows none of the kinds by name.
///
/// Each layer's pass feeds it the records of the layers its rules name; `finish` judges once every
/// layer has been read, so the result does not depend on the order of the layers.
struct CrossLayerRun {
    let rules: [Rule]
    /// Per rule, its evaluation (nil for a rule that is not a cross-layer one).
    private let evaluations: [(any CrossLayerEvaluation)?]
    private let layers: Set<String>

    init(rules: [Rule]) {
        self.rules = rules
        evaluations = rules.map(Self.evaluation(of:))
        layers = Set(evaluations.flatMap { $0?.layers ?? [] })
    }

    /// A fresh evaluation of a cross-layer rule.
    static func evaluation(of rule: Rule) -> (any CrossLayerEvaluation)? {
        guard case .crossLayer(let crossLayer) = rule.check else { return nil }
        return crossLayer.check.evaluation(ruleID: rule.id, ruleLayer: rule.layer)
    }

    func observes(_ layer: String) -> Bool { layers.contains(layer) }

    /// Binds every expression that reads `layer` to its schema.
    func begin(layer: String, schema: LayerSchema) {
        for evaluation in evaluations { evaluation?.begin(layer: layer, schema: schema) }
    }

    func observe(layer: String, record: Record, location: Location, key: FeatureKey?) {
        for evaluation in evaluations {
            evaluation?.observe(layer: layer, record: record, location: location, key: key)
        }
    }

    /// Judges every cross-layer rule; a rule whose layers are not all present is not applicable.
    func finish(presentLayers: Set<String>, into tally: inout Tally) {
        for (rule, evaluation) in zip(rules, evaluations) {
            guard let evaluation else { continue }
            guard evaluation.applies(presentLayers: presentLayers) else {
                tally.notApplicable(rule.id)
                continue
            }
            let outcome = evaluation.finish(field: rule.field)
            tally.checked(rule.id, outcome.checked)
            if let summary = outcome.summary { tally.changeSummaries.append(summary) }
            for found in outcome.defects {
                tally.add(
                    rule, found.defect, at: found.location, key: found.key,
                    related: found.related.isEmpty ? nil : found.related, relatedMore: found.more > 0 ? found.more : nil
                )
            }
        }
    }
}
