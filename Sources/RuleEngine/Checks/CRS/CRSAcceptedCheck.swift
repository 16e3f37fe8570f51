/// `accepted`: PROJ identified an EPSG code, and it is one of `epsg`.
struct CRSAcceptedCheck: CRSCheck {
    static let descriptor = CheckDescriptor(
        id: "crs-accepted",
        summary: LocalizedText(
            zh: "坐标系不在标准允许的范围内", en: "The coordinate reference system is not one the standard accepts."),
        message: LocalizedText(zh: "坐标系 {crs}（{epsg}）不被接受", en: "the CRS {crs} ({epsg}) is not accepted"),
        element: .conceptualConsistency,
        parameters: [CheckParameter("epsg", "[string]", "EPSG codes, or ranges such as \"4513-4554\"")])
    static let stage = 1

    var codes: [Int]

    /// `epsg:` as codes or `"first-last"` ranges.
    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self {
        var codes: [Int] = []
        for item in try map.strings("epsg") ?? [] {
            let bounds = item.split(separator: "-").map { Int($0.trimmingSpaces()) }
            guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds.last ?? nil, first <= last
            else {
                throw RulePackError(
                    .invalidValue(key: "epsg", value: item, allowed: "EPSG codes or ranges such as \"4513-4554\""),
                    at: map.location)
            }
            codes += Array(first...last)
        }
        guard !codes.isEmpty else { throw RulePackError(.missingKey("epsg"), at: map.location) }
        return Self(codes: codes)
    }

    /// `EPSG 4513-4554`, or the codes one by one.
    var parameterText: String {
        guard let first = codes.first, let last = codes.last else { return "" }
        return codes == Array(first...last)
            ? "EPSG \(first)-\(last)" : "EPSG " + codes.map(String.init).joined(separator: ", ")
    }

    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure? {
        guard let accepted = configured?.codes, layer.crs.epsg.map({ !accepted.contains($0) }) ?? true else {
            return nil
        }
        return CRSFailure(values: ["crs": layer.name, "epsg": layer.crs.epsg.map { "EPSG:\($0)" } ?? "not identified"])
    }
}
