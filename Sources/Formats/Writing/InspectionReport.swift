import RuleEngine

/// What `stdcheck inspect` shows: each layer as read, the files with digests, and the format findings.
public struct InspectionReport: Sendable, Codable {
    public struct LayerInfo: Sendable, Codable {
        public var name: String
        public var file: String
        public var format: String
        public var geometryType: String?
        public var records: Int
        public var fields: [FieldDefinition]
        public var encoding: EncodingInfo?
        public var crs: CRSInfo?
    }

    public struct Problem: Sendable, Codable {
        public var rule: String
        public var severity: Severity
        public var location: String
        public var message: LocalizedText
    }

    public var path: String
    public var files: [SubmittedFile]
    public var layers: [LayerInfo]
    public var problems: [Problem]

    public init(_ submission: Submission) {
        path = submission.path
        files = submission.files
        layers = submission.layers.map {
            LayerInfo(
                name: $0.name, file: $0.file, format: $0.format, geometryType: $0.schema.geometryType,
                records: $0.recordCount, fields: $0.schema.fields, encoding: $0.encoding, crs: $0.crs)
        }
        problems = submission.findings.sorted { $0.location < $1.location }.map { finding in
            var values = finding.values
            values["file"] = values["file"] ?? finding.location.file
            return Problem(
                rule: finding.defect.rawValue, severity: finding.defect.severity,
                location: TextReportWriter.place(of: finding.location, root: submission.path),
                message: finding.defect.descriptor.message.rendered(with: values))
        }
    }

    /// A human-readable listing.
    public func text() -> String {
        var lines = ["\(path): \(files.count) files, \(layers.count) layers"]
        for layer in layers {
            lines.append("")
            lines.append("\(layer.name) (\(layer.file), \(layer.format))")
            lines.append("  geometry: \(layer.geometryType ?? "none")")
            lines.append("  records: \(layer.records)")
            if let encoding = layer.encoding {
                lines.append(
                    "  encoding: declared \(encoding.declared ?? "nothing") (\(encoding.source.rawValue)), decoded as \(encoding.used)"
                )
            }
            if let crs = layer.crs {
                let epsg = crs.epsg.map { "EPSG:\($0), confidence \(crs.confidence ?? 0)" } ?? "no EPSG match"
                lines.append("  crs: \(crs.name ?? "unnamed") (\(epsg))")
                lines.append("  wkt: \(crs.wkt)")
            } else {
                lines.append("  crs: none")
            }
            lines.append("  fields: \(layer.fields.count)")
            for field in layer.fields {
                let size = field.decimals > 0 ? "\(field.width),\(field.decimals)" : "\(field.width)"
                lines.append("    \(field.name) \(field.typeCode)(\(size))")
            }
        }
        if !problems.isEmpty {
            lines.append("")
            for problem in problems {
                lines.append(
                    "\(problem.location): \(problem.severity.rawValue): \(problem.message.en) [\(problem.rule)]")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
