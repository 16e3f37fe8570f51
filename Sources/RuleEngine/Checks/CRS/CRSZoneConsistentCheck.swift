/// `zone-consistent`: the coordinates carry the zone's false-easting prefix, and the CRS's central
/// meridian is its zone's.
struct CRSZoneConsistentCheck: CRSCheck {
    static let descriptor = CheckDescriptor(
        id: "crs-zone-consistent",
        summary: LocalizedText(
            zh: "坐标与坐标系声明的投影带不一致", en: "The coordinates do not agree with the zone the CRS declares."),
        message: LocalizedText(zh: "{problem_zh}", en: "{problem}"),
        element: .conceptualConsistency)
    static let stage = 3

    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self { Self() }

    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure? {
        guard let details = layer.details, let falseEasting = details.falseEasting, let box = layer.box,
            let problem = zoneProblem(box, falseEasting: falseEasting, centralMeridian: details.centralMeridian)
        else { return nil }
        return CRSFailure(values: problem, geometry: layer.boxGeometry)
    }

    /// Why the extent does not fit the zone the CRS declares, or nil when it does.
    static func zoneProblem(_ box: Envelope, falseEasting: Double, centralMeridian: Double?) -> [String: String]? {
        let format = { (value: Double) in GeometryFormat.number(value) }
        // Int(exactly:) so that a coordinate or false easting too large for an Int cannot trap
        let zone = Int(exactly: (falseEasting / 1_000_000).rounded(.down)) ?? 0
        if zone > 0, let low = Int(exactly: (box.minX / 1_000_000).rounded(.down)),
            let high = Int(exactly: (box.maxX / 1_000_000).rounded(.down))
        {
            let prefixes = Set([low, high])
            if prefixes != [zone] {
                let found = prefixes.sorted().map(String.init).joined(separator: ", ")
                return [
                    "problem": "x carries the zone prefix \(found), but the CRS declares zone \(zone)",
                    "problem_zh": "X 坐标带号为 \(found)，坐标系声明为第 \(zone) 带",
                ]
            }
            if let centralMeridian, abs(centralMeridian - Double(3 * zone)) > 1e-6,
                abs(centralMeridian - Double(6 * zone - 3)) > 1e-6
            {
                let meridian = GeometryFormat.number(centralMeridian, places: 1)
                return [
                    "problem": "the CRS declares zone \(zone) but central meridian \(meridian)°",
                    "problem_zh": "坐标系为第 \(zone) 带，中央经线却为 \(meridian)°",
                ]
            }
        } else if abs(box.minX - falseEasting) > 500_000 || abs(box.maxX - falseEasting) > 500_000 {
            return [
                "problem":
                    "x spans \(format(box.minX))–\(format(box.maxX)), too far from the false easting \(format(falseEasting))",
                "problem_zh": "X 坐标 \(format(box.minX))–\(format(box.maxX)) 远离东偏移 \(format(falseEasting))",
            ]
        }
        return nil
    }
}
