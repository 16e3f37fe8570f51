/// `metadata:`: a fact a metadata document declares must match the package's data.
enum MetadataMatchesDataCheck: BuiltInCheck {
    static let family = CheckFamily.document
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
}

/// `metadata-matches-data`: a fact a metadata document declares against the package's data.
extension MetadataRule {
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
