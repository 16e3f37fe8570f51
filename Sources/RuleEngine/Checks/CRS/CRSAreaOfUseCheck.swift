/// `area-of-use`: the layer's extent, in longitude and latitude, lies in the CRS's area of use.
struct CRSAreaOfUseCheck: CRSCheck {
    static let descriptor = CheckDescriptor(
        id: "crs-area-of-use",
        summary: LocalizedText(zh: "数据范围超出坐标系的使用范围", en: "The data extends outside the CRS's area of use."),
        message: LocalizedText(
            zh: "范围 {extent} 超出坐标系使用范围 {area}", en: "extent {extent} is outside the CRS's area of use {area}"),
        element: .conceptualConsistency)
    static let stage = 4

    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self { Self() }

    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure? {
        guard let details = layer.details, details.falseEasting != nil, let box = layer.box,
            let area = details.areaOfUse, let epsg = layer.crs.epsg, let session = layer.operations?.makeSession()
        else { return nil }
        let corners = [(box.minX, box.minY), (box.minX, box.maxY), (box.maxX, box.minY), (box.maxX, box.maxY)]
        let outside = corners.contains { corner in
            guard let point = session.geographic(x: corner.0, y: corner.1, epsg: epsg) else { return true }
            return point.longitude < area[0] - 0.01 || point.latitude < area[1] - 0.01
                || point.longitude > area[2] + 0.01 || point.latitude > area[3] + 0.01
        }
        guard outside else { return nil }
        return CRSFailure(
            values: [
                "extent": "x \(CRSUnderCheck.span(box.minX, box.maxX)), y \(CRSUnderCheck.span(box.minY, box.maxY))",
                "area": "\(area[0])°–\(area[2])°E, \(area[1])°–\(area[3])°N",
            ], geometry: layer.boxGeometry)
    }
}
