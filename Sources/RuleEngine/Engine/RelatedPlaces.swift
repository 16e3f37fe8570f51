import Foundation

/// After the run, the places of the cross-layer findings, which their evaluations (fed records, not
/// shapes) cannot know:
///
/// - each finding located on a record with a shape gets a point inside that feature, so that it is on
///   the maps and in the GeoJSON error layers;
/// - a reference whose key is not found in the target layer names, as related feature, the target's
///   feature its feature lies in (the village a parcel lies in), when the target has polygons;
/// - the first `RelatedFeature.outlinedPerRule` findings of each rule, in report order, get the
///   outlines of their related features, simplified to a pixel of a `RelatedFeature.mapPixels` map
///   showing the finding's feature and all of them, `RelatedFeature.verticesPerFinding` vertices at
///   most. So the bytes they add are bounded by the number of rules, not by the county's parcels.
///
/// Shapes are read back by record; a target's polygons are scanned once, when a finding needs them.
struct RelatedPlaces {
    private let submission: Submission
    private let standard: Standard
    private var readers: [String: any ShapeReader] = [:]
    private var layersByFile: [String: any Layer] = [:]
    /// Per target layer file: each record's box (4 numbers, NaN for none) and key.
    private var containerIndex: [String: (boxes: [Double], keys: [FeatureKey?])] = [:]

    init(submission: Submission, standard: Standard) {
        self.submission = submission
        self.standard = standard
        for layer in submission.layers where layersByFile[layer.file] == nil { layersByFile[layer.file] = layer }
    }

    /// Places the cross-layer findings of `findings` (sorted, as the report lists them).
    mutating func place(_ findings: inout [Finding]) {
        var crossRules: [String: Rule] = [:]
        for rule in standard.rules where rule.check.isCrossLayer { crossRules[rule.id] = rule }
        guard !crossRules.isEmpty else { return }
        var outlined: [String: Int] = [:]
        for index in findings.indices {
            guard let rule = crossRules[findings[index].rule] else { continue }
            var finding = findings[index]
            let own = finding.location.record.flatMap { shape(file: finding.location.file, record: $0) }
            if finding.geometry == nil, let own { finding.geometry = ErrorGeometry.representativePoint(of: own) }
            outlined[rule.id, default: 0] += 1
            if outlined[rule.id]! <= RelatedFeature.outlinedPerRule {
                if case .crossLayer(let crossLayer) = rule.check, let containerLayer = crossLayer.check.containerLayer,
                    finding.related == nil, case .point(let x, let y)? = finding.geometry,
                    let container = container(of: (x, y), in: containerLayer, near: finding.location.file)
                {
                    finding.related = [container]
                }
                outline(&finding, own: own)
            }
            findings[index] = finding
        }
    }

    private mutating func shape(file: String, record: Int) -> Geometry? {
        guard let layer = layersByFile[file], layer.schema.geometryType != nil else { return nil }
        var reader = readers[file] ?? layer.shapeReader()
        let shape = reader.shape(record: record)
        readers[file] = reader
        return shape
    }

    /// The feature of `layerName` (in the finding's dataset when it occurs in several) whose polygon
    /// holds the point: the first by record.
    private mutating func container(of point: (Double, Double), in layerName: String, near file: String)
        -> RelatedFeature?
    {
        guard !BaseLayers.names(layerName) else { return nil }
        let named = submission.layers.filter {
            $0.name.uppercased() == layerName.uppercased()
                && $0.schema.geometryType?.uppercased().contains("POLYGON") == true
        }
        let folder = file.lastIndex(of: "/").map { String(file[..<$0]) } ?? ""
        guard let layer = named.first(where: { $0.dataset == folder }) ?? named.first else { return nil }
        if containerIndex[layer.file] == nil {
            let keyName = standard.layers.first { $0.name.uppercased() == layerName.uppercased() }?.key
            let keyColumn = keyName.flatMap { layer.schema.index(of: $0) }
            var columns = [Bool](repeating: false, count: layer.schema.fields.count)
            if let keyColumn { columns[keyColumn] = true }
            var boxes = [Double](repeating: .nan, count: layer.recordCount * 4)
            var keys = [FeatureKey?](repeating: nil, count: layer.recordCount)
            for case .success(let record) in layer.records(columns: columns, shapes: true) {
                let slot = record.number - 1
                guard slot >= 0, slot < keys.count else { continue }
                keys[slot] = keyColumn.flatMap { column in
                    record[column].map { FeatureKey(field: layer.schema.fields[column].name, value: $0) }
                }
                guard let box = record.geometry?.envelope else { continue }
                boxes.replaceSubrange((slot * 4)..<(slot * 4 + 4), with: box.box)
            }
            containerIndex[layer.file] = (boxes, keys)
        }
        guard let index = containerIndex[layer.file] else { return nil }
        let (x, y) = point
        for slot in index.keys.indices {
            let box = index.boxes[(slot * 4)..<(slot * 4 + 4)].map { $0 }
            guard box[0] <= x, x <= box[2], box[1] <= y, y <= box[3],
                let polygon = shape(file: layer.file, record: slot + 1)
            else { continue }
            // even-odd over every ring: inside a shell and not in one of its holes
            let inside = (0..<polygon.partCount).filter { polygon.part($0, contains: x, y) }.count % 2 == 1
            if inside {
                return RelatedFeature(
                    role: .container, layer: layer.name, file: layer.file, record: slot + 1, key: index.keys[slot])
            }
        }
        return nil
    }

    /// Gives the finding's related features their outlines, simplified to a pixel of the map that
    /// shows the finding's feature and all of them.
    private mutating func outline(_ finding: inout Finding, own: Geometry?) {
        guard var related = finding.related, !related.isEmpty else { return }
        var shapes: [Geometry?] = []
        for feature in related { shapes.append(shape(file: feature.file, record: feature.record)) }
        var extent = own?.envelope
        for box in shapes.compactMap({ $0?.envelope }) { extent = extent.map { $0.union(box) } ?? box }
        guard let extent else { return }
        let span = max(extent.maxX - extent.minX, extent.maxY - extent.minY)
        guard span.isFinite, span > 0 else { return }
        let pixel = span / RelatedFeature.mapPixels
        var budget = RelatedFeature.verticesPerFinding
        for index in related.indices {
            guard let shape = shapes[index], budget > 0,
                let simplified = Self.simplified(shape, pixel: pixel, origin: (extent.minX, extent.minY))
            else { continue }
            let count = simplified.points.count
            guard count <= budget else {
                budget = 0
                continue
            }
            budget -= count
            related[index].geometry = simplified
        }
        finding.related = related
    }

    /// The shape with its vertices snapped to a grid of `pixel` (from `origin`) and rounded to a tenth
    /// of it, repeats dropped; a ring of fewer than three distinct vertices is dropped. Polygons keep
    /// every ring (drawn even-odd), lines their first part, points their first point.
    static func simplified(_ shape: Geometry, pixel: Double, origin: (Double, Double)) -> ErrorGeometry? {
        guard let kind = shape.kind, shape.partCount > 0, pixel > 0 else { return nil }
        let decimals = max(0, min(9, Int((-log10(pixel)).rounded(.up)) + 1))
        let scale = pow(10, Double(decimals))
        func snap(_ value: Double, _ low: Double) -> Double {
            ((low + ((value - low) / pixel).rounded() * pixel) * scale).rounded() / scale
        }
        var parts: [[[Double]]] = []
        for part in 0..<shape.partCount {
            var ring: [[Double]] = []
            for vertex in shape.partRange(part) {
                let point = [snap(shape.xy[2 * vertex], origin.0), snap(shape.xy[2 * vertex + 1], origin.1)]
                if ring.last != point { ring.append(point) }
            }
            parts.append(ring)
        }
        switch kind {
        case .polygon, .multipatch:
            let rings = parts.filter { Set($0).count >= 3 }.map { ring in
                ring.first == ring.last ? ring : ring + [ring[0]]
            }
            return rings.isEmpty ? nil : .polygon(rings)
        case .line:
            guard let first = parts.first(where: { $0.count >= 2 }) else { return nil }
            return .lineString(first)
        case .point, .multipoint:
            guard let point = parts.first?.first else { return nil }
            return .point(x: point[0], y: point[1])
        }
    }
}
