import Foundation
import Yams

/// `metadata:`: a cross-member rule: a fact a metadata document declares (an XPath's string value: reference
/// system, feature count, name) must equal the same fact read from the package's data.
struct MetadataMatchesDataCheck: DocumentCheck {
    static let formKey = "metadata"
    static let descriptor = CheckDescriptor(
        id: "metadata-matches-data",
        summary: LocalizedText(
            zh: "元数据声明的事实（坐标系、要素数、名称）须与包内数据一致",
            en:
                "A fact a metadata document declares (reference system, feature count, name) must match the package's data."
        ),
        message: LocalizedText(
            zh: "元数据声明 {value}，数据为 {actual}（{expected}）",
            en: "the metadata declares {value} but the data has {actual} ({expected})"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("document", "glob", "the metadata documents it reads (on the rule)"),
            CheckParameter("value", "xpath", "the declared value"),
            CheckParameter("layer", "layer", "the layer the data side is read from"),
            CheckParameter("count", "boolean", "compare with the layer's record count", default: "false"),
            CheckParameter("file-name", "boolean", "compare with the layer's file name", default: "false"),
            CheckParameter("expected", "expression", "compare with an expression over the layer's first record"),
            CheckParameter(
                "extent", "{x, y: expression; east, south, north: xpath; tolerance: number}",
                "the layer's extent in longitude and latitude must lie in the declared box"),
        ])

    /// What the data side is.
    enum Expected: Sendable {
        /// The number of records of the layer.
        case recordCount
        /// The layer's file name without folders and extension.
        case fileName
        /// An expression over the layer's first record (a header layer such as `属性描述`).
        case expression(ExpressionNode, source: String)
        /// The layer's extent, from the `x` and `y` expressions of every record in the layer's CRS,
        /// transformed to longitude/latitude: it must lie inside the declared geographic box
        /// (`value` west, then `east`, `south`, `north`), within `tolerance` degrees.
        case extent(x: ExpressionNode, y: ExpressionNode, east: String, south: String, north: String, tolerance: Double)
    }

    var document: String
    /// XPath 1.0 selecting the declared value (the first node's text).
    var value: String
    var namespaces: [String: String]
    var layer: String
    var expected: Expected
    var scope: ExpressionScope

    /// `metadata:` (with `document:`): a value read from an XML document must agree with the data.
    static func parse<Form: RuleForm>(_ metadata: inout YAMLMapping, rule map: inout YAMLMapping, _ form: Form)
        throws(RulePackError) -> Self
    {
        let namespaces = form.namespaces
        guard let document = try map.string("document") else {
            throw RulePackError(.missingKey("document (required by metadata)"), at: map.location)
        }
        let value = try metadata.requireString("value")
        for prefix in XPathPrefixes.of(value) where namespaces[prefix] == nil {
            throw RulePackError(
                .invalidValue(
                    key: "value", value: prefix, allowed: "a prefix declared under namespaces: in pack.yaml"),
                at: metadata.location)
        }
        let layerName = try metadata.requireString("layer")
        let layer = try form.packLayer(layerName, key: "layer", at: metadata.location)
        var expected: Expected?
        if try metadata.bool("count") == true { expected = .recordCount }
        if try metadata.bool("file-name") == true { expected = .fileName }
        if var extent = try metadata.mapping("extent") {
            guard let xNode = extent.node("x"), let yNode = extent.node("y") else {
                throw RulePackError(.missingKey("x and y"), at: extent.location)
            }
            let x = try form.expression(xNode, over: layer, expecting: .number)
            let y = try form.expression(yNode, over: layer, expecting: .number)
            let east = try extent.requireString("east")
            let south = try extent.requireString("south")
            let north = try extent.requireString("north")
            let tolerance = try extent.double("tolerance") ?? 0.0001
            for path in [east, south, north] {
                for prefix in XPathPrefixes.of(path) where namespaces[prefix] == nil {
                    throw RulePackError(
                        .invalidValue(key: "extent", value: prefix, allowed: "a prefix declared under namespaces:"),
                        at: extent.location)
                }
            }
            try extent.finish()
            expected = .extent(x: x, y: y, east: east, south: south, north: north, tolerance: tolerance)
        }
        if let node = metadata.node("expected") {
            let parsed = try form.expression(node, over: layer, expecting: nil)
            expected = .expression(parsed, source: node.string ?? "")
        }
        guard let expected else {
            throw RulePackError(.missingKey("expected, count or file-name"), at: metadata.location)
        }
        try metadata.finish()
        return MetadataMatchesDataCheck(
            document: document, value: value, namespaces: namespaces, layer: layerName, expected: expected,
            scope: form.scope(of: layer))
    }

    var reads: DocumentReading { .documents }

    var comparedLayer: String? { layer }

    var needsGeographic: Bool {
        if case .extent = expected { return true }
        return false
    }

    /// A declared fact not found in any document leaves the rule not applicable.
    var nothingJudgedIsNotApplicable: Bool { true }

    var configuration: [String] {
        ["```\ndocument: \(document)\ndeclared: \(value)\nequals:   \(expectedText)\n```"]
    }

    func evaluate(_ input: DocumentRunInput) -> DocumentOutcome? {
        let instances = input.layers.filter { $0.name == layer }.sorted { $0.file < $1.file }
        guard let evaluator = input.evaluator, !instances.isEmpty else { return nil }
        return evaluate(input.documents, instances: instances, evaluator: evaluator, geographic: input.geographic)
    }

    /// Whether this rule reads the member at `path`.
    func applies(to path: String) -> Bool {
        XPathAssertCheck(document: document, context: "", assert: "", namespaces: [:]).applies(to: path)
    }

    /// The layer's box in its own CRS (min x, min y, max x, max y) from the `x`/`y` expressions.
    func projectedBox(of layer: any Layer) -> [Double]? {
        guard case .extent(let xNode, let yNode, _, _, _, _) = expected else { return nil }
        let x = ExpressionCompiler.compile(xNode, schema: layer.schema, scope: scope)
        let y = ExpressionCompiler.compile(yNode, schema: layer.schema, scope: scope)
        var box = [Double.infinity, .infinity, -Double.infinity, -Double.infinity]
        for result in layer.records() {
            guard case .success(let record) = result, case .number(let px) = x(record), case .number(let py) = y(record)
            else { continue }
            box = [min(box[0], px), min(box[1], py), max(box[2], px), max(box[3], py)]
        }
        return box[0].isFinite ? box : nil
    }

    /// The data side, read from `layer`; nil when it has no value.
    func actual(in layer: any Layer) -> String? {
        switch expected {
        case .extent:
            return nil
        case .recordCount:
            return String(
                layer.records().reduce(0) { count, result in
                    if case .success = result { return count + 1 }
                    return count
                })
        case .fileName:
            return URL(fileURLWithPath: layer.file).deletingPathExtension().lastPathComponent
        case .expression(let node, _):
            let evaluate = ExpressionCompiler.compile(node, schema: layer.schema, scope: scope)
            var found: Record?
            for result in layer.records() {
                if case .success(let record) = result {
                    found = record
                    break
                }
            }
            guard let first = found else { return nil }
            switch evaluate(first) {
            case .null: return nil
            case .string(let text): return text
            case .number(let number): return ValueRange.format(number)
            case let other: return other.description
            }
        }
    }

    /// Whether the data's geographic box (west, south, east, north) lies inside the declared one
    /// (west, east, south, north as the metadata orders them), within the rule's tolerance.
    func extentFits(declared: [Double], data: [Double]) -> Bool {
        guard case .extent(_, _, _, _, _, let tolerance) = expected, declared.count == 4, data.count == 4 else {
            return true
        }
        return data[0] >= declared[0] - tolerance && data[2] <= declared[1] + tolerance
            && data[1] >= declared[2] - tolerance && data[3] <= declared[3] + tolerance
    }

    /// The declared box (west, east, south, north) and the place of its west bound, from a document.
    func declaredBox(in document: XMLSource, evaluator: any XPathEvaluator)
        -> (box: [Double], line: Int, xpath: String)?
    {
        guard case .extent(_, _, let east, let south, let north, _) = expected else { return nil }
        var box: [Double] = []
        var place: (Int, String) = (0, "")
        for (index, path) in [value, east, south, north].enumerated() {
            guard let found = evaluator.value(of: path, namespaces: namespaces, in: document),
                let number = Double(found.text.trimmingWhitespace())
            else { return nil }
            if index == 0 { place = (found.line, found.xpath) }
            box.append(number)
        }
        return (box, place.0, place.1)
    }

    /// Equal as numbers when both are numbers, else as trimmed text.
    static func same(_ declared: String, _ actual: String) -> Bool {
        if let left = Double(declared), let right = Double(actual) {
            return abs(left - right) <= 1e-9 * max(1, abs(right))
        }
        return declared == actual.trimmingWhitespace()
    }

    /// The text the report shows for the data side.
    var expectedText: String {
        switch expected {
        case .recordCount: "the number of records of \(layer)"
        case .fileName: "the file name of \(layer)"
        case .expression(_, let source): "\(source) on \(layer)"
        case .extent: "the extent of \(layer)"
        }
    }

    /// Compares each document's declared value with the data of `instances` (the rule's layer, in file order).
    ///
    /// With several instances of the rule's layer (two coordinate files in one package), what is per
    /// file is compared per instance: the value of an expression (the reference system of each file's
    /// header) and the extent (each file's points must lie in the declared box); those findings carry
    /// the instance's file as their key. The record count is the package's: the sum over the instances.
    /// A file name matches when it is the name of any instance.
    func evaluate(
        _ documents: [DocumentInput], instances: [any Layer], evaluator: any XPathEvaluator,
        geographic: (any GeographicTransformer)?
    ) -> DocumentOutcome {
        var outcome = DocumentOutcome()
        /// Names the instance in findings, when there is more than one to tell apart.
        func key(_ layer: any Layer) -> FeatureKey? {
            instances.count > 1 ? FeatureKey(field: "file", value: layer.file) : nil
        }
        if case .extent = expected {
            for layer in instances {
                guard let geographic, let epsg = layer.crs?.epsg, let box = projectedBox(of: layer),
                    let data = geographic.geographicBox(epsg: epsg, box: box)
                else { continue }
                for document in documents {
                    guard let declared = declaredBox(in: document.source, evaluator: evaluator) else { continue }
                    outcome.checked += 1
                    if !extentFits(declared: declared.box, data: data) {
                        let shown = { (box: [Double]) in box.map { ValueRange.format($0) }.joined(separator: ", ") }
                        let value = shown(declared.box)
                        outcome.findings.append(
                            (
                                Defect(
                                    value: value,
                                    [
                                        "value": value, "actual": shown([data[0], data[2], data[1], data[3]]),
                                        "expected": expectedText, "xpath": declared.xpath,
                                    ]),
                                Location(file: document.file, line: declared.line, xpath: declared.xpath), key(layer)
                            ))
                    }
                }
            }
            return outcome
        }
        // the data side: per instance for an expression, once for the package otherwise
        var sides: [(actual: String, key: FeatureKey?, accepted: [String])] = []
        switch expected {
        case .recordCount:
            let counts = instances.compactMap { actual(in: $0).flatMap { Int($0) } }
            let total = String(counts.reduce(0, +))
            sides = [(total, nil, [total])]
        case .fileName:
            let names = instances.compactMap { actual(in: $0) }
            if !names.isEmpty { sides = [(names.joined(separator: ", "), nil, names)] }
        default:
            for layer in instances {
                if let actual = actual(in: layer) { sides.append((actual, key(layer), [actual])) }
            }
        }
        for document in documents {
            guard let declared = evaluator.value(of: value, namespaces: namespaces, in: document.source) else {
                continue
            }
            let text = declared.text.trimmingWhitespace()
            for side in sides {
                outcome.checked += 1
                if !side.accepted.contains(where: { Self.same(text, $0) }) {
                    outcome.findings.append(
                        (
                            Defect(
                                value: text,
                                [
                                    "value": text, "actual": side.actual, "expected": expectedText,
                                    "xpath": declared.xpath,
                                ]),
                            Location(file: document.file, line: declared.line, xpath: declared.xpath), side.key
                        ))
                }
            }
        }
        return outcome
    }
}
