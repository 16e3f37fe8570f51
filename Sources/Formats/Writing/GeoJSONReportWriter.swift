import RuleEngine

/// Every finding that has a place on the map, as a GeoJSON feature with its rule, severity, message and key.
///
/// Coordinates are in the layers' own CRS, named by a top-level `crs` member (the GeoJSON 2008 form
/// that GDAL and QGIS read); with `--geojson-crs wgs84` they are transformed through PROJ to
/// RFC 7946 longitude/latitude and the `crs` member is left out.
public enum GeoJSONReportWriter: ReportWriter {
    public static let id = "geojson"
    public static let fileName = "report.geojson"
    public static let summary =
        "Findings with a place on the map as GeoJSON features, in the source CRS or (--geojson-crs wgs84) WGS 84."

    /// The files of one geometry type each, beside the mixed `report.geojson`: a shapefile (and
    /// other single-type formats) takes one type per layer, so `ogr2ogr -f "ESRI Shapefile"` converts
    /// each of them as it is. Only the types that occur get a file.
    public static let splitFiles: [(name: String, kind: Kind)] = [
        ("report-points.geojson", .points), ("report-lines.geojson", .lines), ("report-polygons.geojson", .polygons),
    ]

    /// The CRS the coordinates are written in (`--geojson-crs`).
    public enum CRS: String, Sendable, CaseIterable {
        /// The layers' own CRS, named by a `crs` member.
        case source
        /// RFC 7946 longitude/latitude on WGS 84, transformed through PROJ.
        case wgs84
    }

    /// A geometry type of the split files: polygons and multipolygons go together, as in a shapefile.
    public enum Kind: Sendable {
        case points, lines, polygons

        init(_ geometry: ErrorGeometry) {
            switch geometry {
            case .point: self = .points
            case .lineString: self = .lines
            case .polygon, .multiPolygon: self = .polygons
            }
        }
    }

    public static func files(_ report: ConformanceReport, context: ReportContext) -> [(
        name: String, render: () -> String
    )] {
        let crs = context.geojsonCRS
        var files: [(name: String, render: () -> String)] = [(fileName, { render(report, crs: crs) })]
        let kinds = Set(report.findings.compactMap { $0.geometry.map(Kind.init) })
        for (name, kind) in splitFiles where kinds.contains(kind) {
            files.append((name, { render(report, crs: crs, only: kind) }))
        }
        return files
    }

    public static func render(_ report: ConformanceReport) -> String {
        render(report, crs: .source)
    }

    public static func render(_ report: ConformanceReport, context: ReportContext) -> String {
        render(report, crs: context.geojsonCRS)
    }

    /// The findings with a place, or only those of one geometry type, in the layers' CRS or WGS 84.
    public static func render(_ report: ConformanceReport, crs: CRS, only kind: Kind? = nil) -> String {
        let wgs84 = crs == .wgs84
        // each finding in the CRS of its own layer instance (two coordinate files may be in two zones)
        let epsg = { (finding: Finding) in report.layer(of: finding)?.crs?.epsg }
        let elements = Dictionary(
            report.rules.map { ($0.id, $0.qualityElement.rawValue) }, uniquingKeysWith: { a, _ in a })
        let located = report.findings.filter { finding in
            guard let geometry = finding.geometry else { return false }
            return kind == nil || Kind(geometry) == kind
        }
        let sourceCodes = Set(located.compactMap(epsg))
        var transformers: [Int: CoordinateTransformer] = [:]
        var failedCodes: Set<Int> = []
        var notes: [String] = []

        var features: [JSONValue] = []
        for finding in located {
            guard let geometry = finding.geometry else { continue }
            var output: JSONValue
            if wgs84 {
                guard let code = epsg(finding) else {
                    output = .null
                    notes.append("\(finding.fingerprint): the layer's CRS has no EPSG code; geometry left null")
                    features.append(feature(finding, geometry: output, element: elements[finding.rule]))
                    continue
                }
                if transformers[code] == nil, !failedCodes.contains(code) {
                    transformers[code] = CoordinateTransformer(fromEPSG: code)
                }
                output = transformers[code].flatMap { transformed(geometry, with: $0) } ?? .null
                if case .null = output { failedCodes.insert(code) }
            } else {
                output = encode(geometry) { [.number($0), .number($1)] }
            }
            features.append(feature(finding, geometry: output, element: elements[finding.rule]))
        }
        var collection: [String: JSONValue] = [
            "type": .string("FeatureCollection"),
            "name": .string(kind.map { "stdcheck-findings-\($0)" } ?? "stdcheck-findings"),
            "features": .array(features),
        ]
        if wgs84 {
            collection["description"] = .string("WGS 84 longitude/latitude (RFC 7946), transformed by PROJ")
            for code in failedCodes.sorted() {
                notes.append("PROJ could not transform EPSG:\(code) to WGS 84; those geometries are null")
            }
        } else if sourceCodes.count == 1, let code = sourceCodes.first {
            collection["crs"] = .object([
                "type": .string("name"), "properties": .object(["name": .string("urn:ogc:def:crs:EPSG::\(code)")]),
            ])
            collection["description"] = .string("coordinates in the source CRS EPSG:\(code)")
        } else {
            collection["description"] = .string(
                sourceCodes.isEmpty
                    ? "coordinates in the source CRS, which has no EPSG code"
                    : "coordinates in the source CRSs of several layers: "
                        + sourceCodes.sorted().map { "EPSG:\($0)" }.joined(separator: ", "))
        }
        if !notes.isEmpty { collection["notes"] = .array(notes.map(JSONValue.string)) }
        return JSONReportWriter.encode(JSONValue.object(collection))
    }

    private static func feature(_ finding: Finding, geometry: JSONValue, element: String?) -> JSONValue {
        .object([
            "type": .string("Feature"),
            "geometry": geometry,
            "properties": .object([
                "rule": .string(finding.rule), "severity": .string(finding.severity.rawValue),
                "message_zh": .string(finding.message.zh), "message_en": .string(finding.message.en),
                "file": .string(finding.location.file), "layer": .optional(finding.location.layer),
                "record": .optional(finding.location.record), "field": .optional(finding.location.field),
                "key": .optional(finding.keyText), "value": .optional(finding.value),
                "quality_element": .optional(element), "fingerprint": .string(finding.fingerprint),
                "related": .optional(relatedText(finding)),
            ]),
        ])
    }

    /// The features a finding involves, as one text (a shapefile's field holds no list):
    /// `CJDCQ#3 (BSM=…) container; … and 12 more`; nil when none.
    static func relatedText(_ finding: Finding) -> String? {
        guard let related = finding.related, !related.isEmpty else { return nil }
        var text = related.map { "\($0.label) \($0.role.rawValue)" }.joined(separator: "; ")
        if let more = finding.relatedMore, more > 0 { text += " and \(more) more" }
        return text
    }

    private static func encode(_ geometry: ErrorGeometry, _ point: (Double, Double) -> [JSONValue]) -> JSONValue {
        switch geometry {
        case .point(let x, let y):
            .object(["type": .string("Point"), "coordinates": .array(point(x, y))])
        case .lineString(let points):
            .object(["type": .string("LineString"), "coordinates": .array(points.map { .array(point($0[0], $0[1])) })])
        case .polygon(let rings):
            .object([
                "type": .string("Polygon"),
                "coordinates": .array(rings.map { ring in .array(ring.map { .array(point($0[0], $0[1])) }) }),
            ])
        case .multiPolygon(let polygons):
            .object([
                "type": .string("MultiPolygon"),
                "coordinates": .array(
                    polygons.map { rings in
                        .array(rings.map { ring in .array(ring.map { .array(point($0[0], $0[1])) }) })
                    }),
            ])
        }
    }

    private static func transformed(_ geometry: ErrorGeometry, with transformer: CoordinateTransformer) -> JSONValue? {
        var failed = false
        let output = encode(geometry) { x, y in
            guard let lonLat = transformer.toWGS84(x: x, y: y) else {
                failed = true
                return []
            }
            return [.number(lonLat.longitude), .number(lonLat.latitude)]
        }
        return failed ? nil : output
    }
}
