extension Engine {
    /// Streams the layers of the base dataset (`base`) that cross-layer rules name as `base.<LAYER>`
    /// into every dataset's cross-layer run, with the same readers and in the same bounded chunks as
    /// the submission's layers; only the cross-layer bookkeeping sees them (the base is not itself
    /// checked, but its readers' findings and damaged records are reported). Returns the names (`base.DLTB`) of the base layers read.
    func feedBase(
        _ base: Submission, into crosses: inout [CrossLayerRun], standard: Standard, tally: inout Tally
    ) -> Set<String> {
        var present = Set<String>()
        // what the readers found in the base's files is said too, at its place in the base
        for finding in base.findings {
            var placed = finding
            placed.location.file = Self.baseFile(finding.location.file)
            tally.record(placed)
        }
        let layers = base.layers.sorted { ($0.name, $0.file) < ($1.name, $1.file) }
        for layer in layers {
            guard let spec = standard.layers.first(where: { $0.name == layer.name }) else { continue }
            let name = BaseLayers.prefix + spec.name
            guard crosses.contains(where: { $0.observes(name) }) else { continue }
            present.insert(name)
            let schema = layer.schema
            for index in crosses.indices { crosses[index].begin(layer: name, schema: schema) }
            let keyColumn = spec.key.flatMap { schema.index(of: $0) }
            let file = Self.baseFile(layer.file)
            let pipe = RecordPipe(layer.records(columns: nil, shapes: false), chunk: Self.evaluationChunk)
            while let results = pipe.next() {
                for result in results {
                    switch result {
                    case .failure(let problem):
                        // a damaged base record is said, at its place in the base
                        var finding = problem.finding
                        finding.location.file = Self.baseFile(finding.location.file)
                        tally.record(finding)
                    case .success(let record):
                        let key = keyColumn.flatMap { column in
                            record[column].map { FeatureKey(field: schema.fields[column].name, value: $0) }
                        }
                        let location = Location(file: file, layer: name, record: record.number)
                        for index in crosses.indices {
                            crosses[index].observe(layer: name, record: record, location: location, key: key)
                        }
                    }
                }
            }
        }
        return present
    }

    /// A file of the base dataset as findings name it: `base:<path in the base>`.
    static func baseFile(_ path: String) -> String { "base:" + path }
}
