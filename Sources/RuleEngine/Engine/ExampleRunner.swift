/// Runs a rule's pass and fail examples through the same engine that checks real data.
public enum ExampleRunner {
    /// An example that did not behave as declared.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var rule: String
        public var location: Location
        public var problem: String

        public var description: String { "\(location): error: example of '\(rule)' \(problem)" }
    }

    /// The failures of every example of `rule`; a rule without a pass and a fail example fails too.
    ///
    /// Geometry and CRS rules need `geometry` (Formats' GEOS/PROJ service), XPath rules `evaluator`
    /// (Formats' libxml2); without them those examples cannot be evaluated.
    public static func failures(
        of rule: Rule, in standard: Standard, geometry: (any GeometryOperations)? = nil,
        evaluator: (any XPathEvaluator)? = nil, geographic: (any GeographicTransformer)? = nil
    ) -> [Failure] {
        var failures: [Failure] = []
        let kinds = Set(rule.examples.map(\.kind))
        if !kinds.contains(.pass) || !kinds.contains(.fail) {
            failures.append(
                Failure(
                    rule: rule.id, location: Location(file: rule.source),
                    problem: "is missing: every rule needs at least one pass and one fail example"))
        }
        for example in rule.examples {
            if let problem = problem(
                with: example, of: rule, in: standard, geometry: geometry, evaluator: evaluator,
                geographic: geographic)
            {
                failures.append(Failure(rule: rule.id, location: example.location, problem: problem))
            }
        }
        return failures
    }

    static func problem(
        with example: RuleExample, of rule: Rule, in standard: Standard, geometry: (any GeometryOperations)?,
        evaluator: (any XPathEvaluator)?,
        geographic: (any GeographicTransformer)? = nil
    ) -> String? {
        if let places = documentPlaces(
            example, rule: rule, in: standard, evaluator: evaluator, geographic: geographic)
        {
            switch places {
            case .failure(let problem): return problem.reason
            case .success(let actual): return compare(actual, example.expect)
            }
        }
        var layers: [any Layer] = []
        // `base.<LAYER>` rows make the example's base dataset, `gtdc.<LAYER>` rows another standard's
        var baseLayers: [any Layer] = []
        var otherLayers: [String: [any Layer]] = [:]
        for (name, rows) in example.layers {
            guard let spec = BaseLayers.spec(name, in: standard.layersForRules) else {
                return "names unknown layer \(name)"
            }
            let fields = spec.fields.map(\.conformingDefinition)
            var table: [[String?]] = []
            var shapes: [Geometry?] = []
            for row in rows {
                if let unknown = row.keys.sorted().first(where: { key in key != "wkt" && spec.field(key) == nil }) {
                    return "sets field \(unknown), which layer \(name) does not have"
                }
                table.append(spec.fields.map { field in row[field.name] ?? nil })
                // the loader has parsed every wkt once already, so this cannot fail
                shapes.append((row["wkt"] ?? nil).flatMap { try? WKTReader.read($0) })
            }
            let dataset = BaseLayers.dataset(of: name)
            let layer = InlineLayer(
                name: dataset.map { String(name.dropFirst($0.count + 1)) } ?? spec.name, file: "<example>",
                fields: fields,
                // a table (a register with coordinates) read as a point layer takes its rows' shape type
                geometryType: (spec.geometry ?? shapes.lazy.compactMap { $0?.kind }.first).map {
                    $0.rawValue.capitalized
                },
                rows: table,
                geometries: shapes.contains { $0 != nil } ? shapes : [],
                crs: example.epsg.map { CRSInfo(wkt: "", name: "EPSG:\($0)", epsg: $0, confidence: 100) })
            if BaseLayers.names(name) {
                baseLayers.append(layer)
            } else if let dataset {
                otherLayers[dataset, default: []].append(layer)
            } else {
                layers.append(layer)
            }
        }
        let single = standard.replacing(rules: [rule])
        let submission = Submission(path: "<example>", files: [], layers: layers, findings: [])
        var engine = Engine(standard: single)
        engine.geometry = geometry
        if BaseLayers.needed(by: rule) {
            engine.base = Submission(path: "<base>", files: [], layers: baseLayers, findings: [])
        }
        for id in BaseLayers.others(neededBy: rule) {
            engine.with[id] = Submission(path: "<\(id)>", files: [], layers: otherLayers[id] ?? [], findings: [])
        }
        let report = engine.check(
            submission, tool: .init(name: "example", version: "0"), failOn: "error")
        let actual = report.findings.filter { $0.rule == rule.id }.map { finding in
            RuleExample.Place(
                layer: finding.location.layer ?? "", record: finding.location.record, field: finding.location.field)
        }
        if let status = report.rules.first(where: { $0.id == rule.id })?.status, status == .error {
            return "could not be evaluated"
        }
        return compare(actual, example.expect)
    }

    static func compare(_ actual: [RuleExample.Place], _ expected: [RuleExample.Place]) -> String? {
        guard
            actual.sorted(by: { $0.description < $1.description })
                != expected.sorted(by: { $0.description < $1.description })
        else { return nil }
        let shown = { (places: [RuleExample.Place]) in "[" + places.map(\.description).joined(separator: ", ") + "]" }
        return "expected findings at \(shown(expected)) but got \(shown(actual))"
    }

    struct Problem: Error {
        var reason: String
    }

    /// The places a document rule (XPath, metadata, package) reports on its example, found by the
    /// engine's `DocumentRun`; nil for the layer forms.
    static func documentPlaces(
        _ example: RuleExample, rule: Rule, in standard: Standard, evaluator: (any XPathEvaluator)?,
        geographic: (any GeographicTransformer)? = nil
    ) -> Result<[RuleExample.Place], Problem>? {
        guard let kind = DocumentRun.kind(of: rule) else { return nil }
        var documents: [DocumentRun.Document] = []
        var layers: [any Layer] = []
        var files: [String] = []
        switch kind.reads {
        case .members:
            guard let listed = example.files else { return .failure(Problem(reason: "has no files")) }
            files = listed
        case .documents:
            guard let document = example.document else { return .failure(Problem(reason: "has no document")) }
            guard evaluator != nil else {
                return .failure(Problem(reason: "needs an XPath evaluator (run it with `stdcheck rules test`)"))
            }
            documents = [DocumentRun.Document(file: "<example>", source: .text(document))]
        }
        if let compared = kind.comparedLayer {
            guard let rows = example.layers.first(where: { $0.name == compared })?.rows,
                let spec = standard.layers.first(where: { $0.name == compared })
            else { return .failure(Problem(reason: "gives no rows of layer \(compared)")) }
            var layer = InlineLayer(
                name: spec.name, file: spec.name + ".txt", fields: spec.fields.map(\.conformingDefinition),
                rows: rows.map { row in spec.fields.map { row[$0.name] ?? nil } })
            layer.crs = example.epsg.map { CRSInfo(wkt: "EPSG:\($0)", epsg: $0) }
            layers = [layer]
            if kind.needsGeographic, geographic == nil {
                return .failure(Problem(reason: "needs a coordinate transformer (run it with `stdcheck rules test`)"))
            }
        }
        let run = DocumentRun(evaluator: evaluator, geographic: geographic)
        let outcome = run.evaluate(rule, documents: documents, files: files, layers: layers)
        if let error = outcome?.errors.first { return .failure(Problem(reason: "could not be evaluated: \(error)")) }
        if kind.needsGeographic, outcome?.checked ?? 0 == 0 {
            return .failure(Problem(reason: "could not be evaluated (epsg, rows or box missing)"))
        }
        return .success(
            (outcome?.findings ?? []).map { found in
                if kind.reads == .members {
                    RuleExample.Place(layer: rule.layer ?? "", file: found.location.file)
                } else {
                    RuleExample.Place(layer: rule.layer ?? "", line: found.location.line)
                }
            })
    }
}
