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
    /// Geometry and CRS rules need `geometry` (Formats' GEOS/PROJ service); without it they cannot be evaluated.
    public static func failures(
        of rule: Rule, in standard: Standard, geometry: (any GeometryOperations)? = nil
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
            if let problem = problem(with: example, of: rule, in: standard, geometry: geometry) {
                failures.append(Failure(rule: rule.id, location: example.location, problem: problem))
            }
        }
        return failures
    }

    static func problem(
        with example: RuleExample, of rule: Rule, in standard: Standard, geometry: (any GeometryOperations)?
    ) -> String? {
        var layers: [any Layer] = []
        for (name, rows) in example.layers {
            guard let spec = standard.layers.first(where: { $0.name == name }) else {
                return "names unknown layer \(name)"
            }
            let fields = spec.fields.map(definition)
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
            layers.append(
                InlineLayer(
                    name: name, file: "<example>", fields: fields,
                    geometryType: spec.geometry.map { $0.rawValue.capitalized }, rows: table,
                    geometries: shapes.contains { $0 != nil } ? shapes : [],
                    crs: example.epsg.map { CRSInfo(wkt: "", name: "EPSG:\($0)", epsg: $0, confidence: 100) }))
        }
        var single = standard
        single.rules = [rule]
        let submission = Submission(path: "<example>", files: [], layers: layers, findings: [])
        var engine = Engine(standard: single)
        engine.geometry = geometry
        let report = engine.check(
            submission, tool: .init(name: "example", version: "0"), failOn: "error")
        let actual = report.findings.filter { $0.rule == rule.id }.map { finding in
            RuleExample.Place(
                layer: finding.location.layer ?? "", record: finding.location.record, field: finding.location.field)
        }
        if let status = report.rules.first(where: { $0.id == rule.id })?.status, status == .error {
            return "could not be evaluated"
        }
        guard
            actual.sorted(by: { $0.description < $1.description })
                != example.expect.sorted(by: { $0.description < $1.description })
        else { return nil }
        let shown = { (places: [RuleExample.Place]) in "[" + places.map(\.description).joined(separator: ", ") + "]" }
        return "expected findings at \(shown(example.expect)) but got \(shown(actual))"
    }

    /// The dBASE field a conforming file would declare for a field of the standard.
    static func definition(_ spec: FieldSpec) -> FieldDefinition {
        let type: FieldType =
            switch spec.type {
            case .char: .character
            case .int, .float: .numeric
            case .date: .date
            case .bool: .logical
            }
        return FieldDefinition(name: spec.name, type: type, width: spec.width ?? 254, decimals: spec.decimals ?? 0)
    }
}
