import RuleEngine

/// Transforms a projected box to longitude/latitude through PROJ, for metadata extent rules.
public struct ProjGeographicTransformer: GeographicTransformer {
    public init() {}

    /// West, south, east, north of the box's corners and edge midpoints, transformed.
    public func geographicBox(epsg: Int, box: [Double]) -> [Double]? {
        guard box.count == 4, let transformer = CoordinateTransformer(fromEPSG: epsg) else { return nil }
        let xs = [box[0], (box[0] + box[2]) / 2, box[2]]
        let ys = [box[1], (box[1] + box[3]) / 2, box[3]]
        var result = [Double.infinity, .infinity, -Double.infinity, -Double.infinity]
        for x in xs {
            for y in ys {
                guard let point = transformer.toWGS84(x: x, y: y) else { return nil }
                result = [
                    min(result[0], point.longitude), min(result[1], point.latitude), max(result[2], point.longitude),
                    max(result[3], point.latitude),
                ]
            }
        }
        return result
    }
}
