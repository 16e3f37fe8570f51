/// Chooses the standard a submission was made for, from the layers and fields it holds.
public enum StandardDetector {
    /// The outcome: one standard with the reason, several that fit equally well, or none.
    public enum Outcome: Sendable {
        case detected(Standard, reason: String)
        case ambiguous([String])
        case none
    }

    /// Scores every standard by the layers it shares with the submission and, among those, the fields
    /// that match by name; the best unique score wins.
    public static func detect(layers: [any Layer], among standards: [Standard]) -> Outcome {
        detect(catalogue: layers.map(CataloguedLayer.init), among: standards)
    }

    /// Detection from a submission's catalogue (`SubmissionReader.catalogue(of:)`): the layers' names
    /// and fields, without their records.
    public static func detect(catalogue layers: [CataloguedLayer], among standards: [Standard]) -> Outcome {
        var scored: [(standard: Standard, layers: Int, fields: Int, total: Int)] = []
        for standard in standards {
            var layerCount = 0
            var fieldCount = 0
            var total = 0
            for spec in standard.layers {
                total += spec.fields.count
                guard let layer = layers.first(where: { $0.name.uppercased() == spec.name.uppercased() }) else {
                    continue
                }
                layerCount += 1
                fieldCount += spec.fields.filter { layer.has($0.name) }.count
            }
            if layerCount > 0 { scored.append((standard, layerCount, fieldCount, total)) }
        }
        guard let top = scored.max(by: { ($0.fields, $0.layers) < ($1.fields, $1.layers) }) else { return .none }
        var tied = scored.filter { $0.fields == top.fields && $0.layers == top.layers }
        // a profile whose additions the data does not show fits no better than the pack it extends
        if tied.count > 1,
            let base = tied.first(where: { candidate in
                tied.allSatisfy {
                    $0.standard.reference == candidate.standard.reference
                        || $0.standard.extends.contains(candidate.standard.reference)
                }
            })
        {
            tied = [base]
        }
        if tied.count > 1 { return .ambiguous(tied.map(\.standard.reference).sorted()) }
        let best = tied[0]
        let others = scored.filter { $0.standard.reference != best.standard.reference }
            .sorted { $0.standard.reference < $1.standard.reference }
            .map { "\($0.standard.reference): \($0.fields)" }
        let present = best.standard.layers.map(\.name).filter { name in
            layers.contains { $0.name.uppercased() == name.uppercased() }
        }
        var reason = "layers \(present.joined(separator: ", ")) present; \(best.fields) of \(best.total) fields match"
        if !others.isEmpty { reason += " (next: \(others.joined(separator: ", ")))" }
        return .detected(best.standard, reason: reason)
    }
}

extension StandardDetector {
    /// How near a standard comes to a submission none fits: its layers present, and the fields of the
    /// submission's layers that have a name of the standard's layer of the same name, else of the one of
    /// its other layers that such a layer fits best (each layer of the submission counted once).
    public struct Closeness: Sendable {
        public var standard: String
        public var layers: Int
        public var layerTotal: Int
        public var fields: Int
        public var fieldTotal: Int
    }

    /// The standard that comes nearest, by fields then layers; nil when none shares a field name.
    public static func closest(layers: [any Layer], among standards: [Standard]) -> Closeness? {
        var best: Closeness?
        var bestStandard: Standard?
        for standard in standards.sorted(by: { $0.reference < $1.reference }) {
            var layerCount = 0
            var fieldCount = 0
            var named: Set<Int> = []
            var unnamed: [Set<String>] = []
            func matched(_ layer: any Layer, _ names: Set<String>) -> Int {
                layer.schema.fields.filter { names.contains($0.name.uppercased()) }.count
            }
            for spec in standard.layers {
                let names = Set(spec.fields.map { $0.name.uppercased() })
                let same = layers.indices.filter { layers[$0].name.uppercased() == spec.name.uppercased() }
                if same.isEmpty {
                    unnamed.append(names)
                    continue
                }
                layerCount += 1
                named.formUnion(same)
                fieldCount += same.map { matched(layers[$0], names) }.max() ?? 0
            }
            // a layer of another name counts once, for the layer of the standard it fits best: several
            // layers sharing field names (a DLTB copy) must not make one submission layer count thrice
            for index in layers.indices where !named.contains(index) {
                fieldCount += unnamed.map { matched(layers[index], $0) }.max() ?? 0
            }
            let total = standard.layers.map(\.fields.count).reduce(0, +)
            let candidate = Closeness(
                standard: standard.reference, layers: layerCount, layerTotal: standard.layers.count,
                fields: min(fieldCount, total), fieldTotal: total)
            // a profile comes nearer than the pack it extends only with more of its layers present
            if let base = bestStandard, let current = best, standard.extends.contains(base.reference),
                candidate.layers <= current.layers
            {
                continue
            }
            if candidate.fields + candidate.layers > 0,
                best.map({ (candidate.fields, candidate.layers) > ($0.fields, $0.layers) }) ?? true
            {
                best = candidate
                bestStandard = standard
            }
        }
        return best
    }
}

/// Which rules a run evaluates, and at what severity: `--rules`, `--skip-rules`, `--severity`.
public struct RuleSelection: Hashable, Sendable, Codable {
    /// Glob patterns (`*`, `?`) of rule ids to run; empty means all.
    public var include: [String] = []
    /// Glob patterns of rule ids to skip.
    public var exclude: [String] = []
    /// Severity overrides by rule id; `off` skips the rule.
    public var severity: [String: String] = [:]

    public init(include: [String] = [], exclude: [String] = [], severity: [String: String] = [:]) {
        self.include = include
        self.exclude = exclude
        self.severity = severity
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty && severity.isEmpty }

    /// Whether the rule is deselected.
    public func skips(_ id: String) -> Bool {
        if severity[id] == "off" { return true }
        if !include.isEmpty && !include.contains(where: { Self.glob($0, matches: id) }) { return true }
        return exclude.contains { Self.glob($0, matches: id) }
    }

    /// `*` matches any run of characters, `?` any one character.
    public static func glob(_ pattern: String, matches text: String) -> Bool {
        let p = Array(pattern)
        let t = Array(text)
        var pi = 0
        var ti = 0
        var star = -1
        var mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
