/// Identity and default messages of the geometry and CRS checks (`geometry:` and `crs:` rules).
enum GeometryDescriptors {
    static func descriptor(for id: String) -> CheckDescriptor {
        all.first { $0.id == id } ?? all[0]
    }

    static let all: [CheckDescriptor] = [
        CheckDescriptor(
            id: "valid",
            summary: LocalizedText(
                zh: "几何图形不是有效的简单要素（OGC）", en: "A shape is not a valid simple-features geometry (OGC)."),
            message: LocalizedText(zh: "几何无效：{reason}", en: "invalid geometry: {reason}")),
        CheckDescriptor(
            id: "not-empty",
            summary: LocalizedText(zh: "要素没有几何图形（空或 NULL）", en: "A feature has no shape (null or empty)."),
            message: LocalizedText(zh: "几何为{what_zh}", en: "the shape is {what}")),
        CheckDescriptor(
            id: "single-part",
            summary: LocalizedText(zh: "一个要素由多个多边形组成", en: "A feature is made of several polygons."),
            message: LocalizedText(zh: "要素由 {parts} 个多边形组成", en: "the feature has {parts} polygons")),
        CheckDescriptor(
            id: "no-hole",
            summary: LocalizedText(zh: "多边形含有内环（洞）", en: "A polygon has an interior ring (a hole)."),
            message: LocalizedText(zh: "要素含 {holes} 个内环", en: "the feature has {holes} holes")),
        CheckDescriptor(
            id: "no-duplicate-vertex",
            summary: LocalizedText(zh: "相邻两个节点重合", en: "A vertex repeats the one before it."),
            message: LocalizedText(
                zh: "第 {ring} 环第 {vertex} 个节点与前一节点重合", en: "vertex {vertex} of ring {ring} repeats the one before it")),
        CheckDescriptor(
            id: "no-spike",
            summary: LocalizedText(zh: "边界在一个节点处折返（尖刺）", en: "A boundary turns back at a vertex (a spike)."),
            message: LocalizedText(
                zh: "第 {ring} 环第 {vertex} 个节点处夹角 {angle}°，小于 {max}°",
                en: "ring {ring} turns back at vertex {vertex} at {angle}°, under {max}°")),
        CheckDescriptor(
            id: "orientation",
            summary: LocalizedText(
                zh: "环的走向不符合 shapefile 规范（外环顺时针，内环逆时针）",
                en:
                    "A ring is wound against the shapefile specification (outer rings clockwise, holes counter-clockwise)."
            ),
            message: LocalizedText(zh: "第 {ring} 环（{role_zh}）为{winding_zh}", en: "ring {ring} ({role}) is {winding}")),
        CheckDescriptor(
            id: "min-area",
            summary: LocalizedText(zh: "面积小于下限（碎片多边形）", en: "A polygon is smaller than the minimum area (a sliver)."),
            message: LocalizedText(zh: "面积 {area} 小于 {min}", en: "area {area} is under {min}")),
        CheckDescriptor(
            id: "min-thinness",
            summary: LocalizedText(
                zh: "多边形过于狭长（紧凑度 4πA/P² 过小）", en: "A polygon is too thin (compactness 4πA/P² too low)."),
            message: LocalizedText(zh: "紧凑度 {thinness} 小于 {min}", en: "compactness {thinness} is under {min}")),
        CheckDescriptor(
            id: "min-segment",
            summary: LocalizedText(zh: "边长小于下限", en: "A segment is shorter than the minimum."),
            message: LocalizedText(
                zh: "第 {ring} 环第 {vertex} 个节点前的边长 {length}，小于 {min}",
                en: "the segment before vertex {vertex} of ring {ring} is {length} long, under {min}")),
        CheckDescriptor(
            id: "no-overlap",
            summary: LocalizedText(zh: "同一图层的两个多边形重叠", en: "Two polygons of a layer overlap."),
            message: LocalizedText(
                zh: "与记录 {other} 重叠，面积 {area}", en: "overlaps record {other} over an area of {area}")),
        CheckDescriptor(
            id: "no-gap",
            summary: LocalizedText(zh: "图层覆盖范围内有缝隙", en: "A layer's coverage has a gap inside it."),
            message: LocalizedText(zh: "缝隙面积 {area}", en: "gap of area {area}")),
        CheckDescriptor(
            id: "neighbours-differ",
            summary: LocalizedText(
                zh: "相邻多边形属性完全相同，应当合并", en: "Adjacent polygons have identical attributes and should be one."),
            message: LocalizedText(
                zh: "与相邻记录 {other} 的 {fields} 相同", en: "shares {fields} with its neighbour record {other}")),
        CheckDescriptor(
            id: "within",
            summary: LocalizedText(zh: "多边形超出另一图层的范围", en: "A polygon extends outside another layer."),
            message: LocalizedText(zh: "有面积 {area} 位于 {target} 之外", en: "an area of {area} lies outside {target}")),
        CheckDescriptor(
            id: "disjoint",
            summary: LocalizedText(zh: "多边形与另一图层的要素重叠", en: "A polygon overlaps a feature of another layer."),
            message: LocalizedText(
                zh: "与 {target} 记录 {other} 重叠，面积 {area}", en: "overlaps {target} record {other} over an area of {area}")
        ),
        CheckDescriptor(
            id: "inside-one",
            summary: LocalizedText(
                zh: "多边形不恰好位于另一图层的一个要素内，或与该要素属性不一致",
                en: "A polygon is not inside exactly one feature of another layer, or disagrees with it."),
            message: LocalizedText(zh: "{problem_zh}", en: "{problem}")),
        CheckDescriptor(
            id: "area-matches",
            summary: LocalizedText(zh: "记录的面积与几何计算面积不符", en: "A recorded area differs from the shape's area."),
            message: LocalizedText(
                zh: "{field} {value} 与{method_zh}计算面积 {area} 相差 {difference}（容差 {tolerance}）",
                en: "{field} {value} differs from the {method} area {area} by {difference} (tolerance {tolerance})")),
        CheckDescriptor(
            id: "crs-projected",
            summary: LocalizedText(zh: "坐标系不是投影坐标系", en: "The coordinate reference system is not projected."),
            message: LocalizedText(zh: "坐标系 {crs} 是地理坐标系", en: "the CRS {crs} is geographic")),
        CheckDescriptor(
            id: "crs-accepted",
            summary: LocalizedText(
                zh: "坐标系不在标准允许的范围内", en: "The coordinate reference system is not one the standard accepts."),
            message: LocalizedText(zh: "坐标系 {crs}（{epsg}）不被接受", en: "the CRS {crs} ({epsg}) is not accepted")),
        CheckDescriptor(
            id: "crs-axis-order",
            summary: LocalizedText(
                zh: "坐标轴顺序颠倒（X 存放北坐标）", en: "The axes are swapped (X holds the northing)."),
            message: LocalizedText(
                zh: "X 范围 {x} 是北坐标，Y 范围 {y} 带带号，坐标轴颠倒",
                en: "X spans {x}, a northing, and Y spans {y}, with the zone prefix: the axes are swapped")),
        CheckDescriptor(
            id: "crs-zone-consistent",
            summary: LocalizedText(
                zh: "坐标与坐标系声明的投影带不一致", en: "The coordinates do not agree with the zone the CRS declares."),
            message: LocalizedText(zh: "{problem_zh}", en: "{problem}")),
        CheckDescriptor(
            id: "crs-area-of-use",
            summary: LocalizedText(zh: "数据范围超出坐标系的使用范围", en: "The data extends outside the CRS's area of use."),
            message: LocalizedText(
                zh: "范围 {extent} 超出坐标系使用范围 {area}", en: "extent {extent} is outside the CRS's area of use {area}")),
    ]
}
