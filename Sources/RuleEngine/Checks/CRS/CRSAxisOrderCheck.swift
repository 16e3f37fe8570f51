/// `axis-order`: eastings in Y and northings in X (北/东 swapped).
struct CRSAxisOrderCheck: CRSCheck {
    static let descriptor = CheckDescriptor(
        id: "crs-axis-order",
        summary: LocalizedText(
            zh: "坐标轴顺序颠倒（X 存放北坐标）", en: "The axes are swapped (X holds the northing)."),
        message: LocalizedText(
            zh: "X 范围 {x} 是北坐标，Y 范围 {y} 带带号，坐标轴颠倒",
            en: "X spans {x}, a northing, and Y spans {y}, with the zone prefix: the axes are swapped"),
        element: .conceptualConsistency)
    static let stage = 2

    static func parse(_ map: inout YAMLMapping) throws(RulePackError) -> Self { Self() }

    static func judge(_ layer: CRSUnderCheck, configured: Self?) -> CRSFailure? {
        guard let falseEasting = layer.details?.falseEasting, let box = layer.box else { return nil }
        func eastingLike(_ value: Double) -> Bool { abs(value - falseEasting) < 1_000_000 }
        let xEasting = eastingLike(box.minX) && eastingLike(box.maxX)
        let yEasting = eastingLike(box.minY) && eastingLike(box.maxY)
        guard !xEasting, yEasting else { return nil }
        return CRSFailure(
            values: ["x": CRSUnderCheck.span(box.minX, box.maxX), "y": CRSUnderCheck.span(box.minY, box.maxY)],
            geometry: layer.boxGeometry)
    }
}
