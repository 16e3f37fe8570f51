extension Engine {
    /// Streams the layers of the base dataset (`base`) that cross-layer rules name as `base.<LAYER>`
    /// into every dataset's cross-layer run. Returns the names (`base.DLTB`) of the base layers read.
    func feedBase(
        _ base: Submission, into crosses: inout [CrossLayerRun], shapes: inout [GeometryRun], standard: Standard,
        tally: inout Tally
    ) -> Set<String> {
        feed(base, prefix: "base", specs: standard.layers, into: &crosses, shapes: &shapes, tally: &tally)
    }

    /// Streams the layers of a supplied dataset (the base, or another standard's under `--with`) that
    /// rules name as `<prefix>.<LAYER>` into every dataset's cross-layer run and, for the geometry
    /// comparisons whose other layer it is, into every geometry run (which keeps envelopes and the
    /// compared values, and re-reads shapes from the layer), with the same readers and in the same
    /// bounded chunks as the submission's layers. The dataset is not itself checked, but its readers'
    /// findings and damaged records are reported, at `<prefix>:<path in the dataset>`. Returns the
    /// prefixed names of the layers read.
    func feed(
        _ dataset: Submission, prefix: String, specs: [LayerSpec], into crosses: inout [CrossLayerRun],
        shapes: inout [GeometryRun], tally: inout Tally
    ) -> Set<String> {
        var present = Set<String>()
        // what the readers found in the dataset's files is said too, at its place in the dataset: all of it
        // for the base; for another standard's dataset, what concerns the layers read or no layer in particular
        // (after the layers, once it is known which were read)
        let layers = dataset.layers.sorted { ($0.name, $0.file) < ($1.name, $1.file) }
        for layer in layers {
            guard let spec = specs.first(where: { $0.name == layer.name }) else { continue }
            let name = prefix + "." + spec.name
            let compared = shapes.indices.filter { shapes[$0].compares(name) }
            guard crosses.contains(where: { $0.observes(name) }) || !compared.isEmpty else { continue }
            present.insert(name)
            let schema = layer.schema
            for index in crosses.indices { crosses[index].begin(layer: name, schema: schema) }
            var prefixed = spec
            prefixed.name = name
            for index in compared { shapes[index].begin(layer: layer, spec: prefixed, into: &tally) }
            let readsShapes = schema.geometryType != nil && compared.contains { shapes[$0].readsShapes }
            let keyColumn = spec.key.flatMap { schema.index(of: $0) }
            let file = Self.datasetFile(prefix, layer.file)
            let pipe = RecordPipe(layer.records(columns: nil, shapes: readsShapes), chunk: Self.evaluationChunk)
            while let results = pipe.next() {
                for result in results {
                    switch result {
                    case .failure(let problem):
                        var finding = problem.finding
                        finding.location.file = Self.datasetFile(prefix, finding.location.file)
                        tally.record(finding)
                    case .success(let record):
                        let key = keyColumn.flatMap { column in
                            record[column].map { FeatureKey(field: schema.fields[column].name, value: $0) }
                        }
                        let location = Location(file: file, layer: name, record: record.number)
                        for index in crosses.indices {
                            crosses[index].observe(layer: name, record: record, location: location, key: key)
                        }
                        for index in compared { shapes[index].observe(record, key: key, into: &tally) }
                    }
                }
            }
            for index in compared { shapes[index].end(layer: layer, into: &tally) }
        }
        for finding in dataset.findings
        where prefix == "base" || finding.location.layer.map({ present.contains(prefix + "." + $0) }) ?? true {
            var placed = finding
            placed.location.file = Self.datasetFile(prefix, finding.location.file)
            tally.record(placed)
        }
        return present
    }

    /// A file of a supplied dataset as findings name it: `base:<path in the base>`, `gtdc:<path>`.
    static func datasetFile(_ prefix: String, _ path: String) -> String { prefix + ":" + path }
}
