/// Another feature a finding involves, beside the one it is located on: the target a reference
/// matched, the village a parcel lies in, the parts an aggregate summed, the first use of a value.
///
/// The engine records each by layer, file, record and key while the layers are read; after the run
/// the first findings of each rule get the features' outlines (`geometry`), simplified to a pixel of
/// the map that shows them all, so that a county of many parcels costs a bounded number of bytes.
public struct RelatedFeature: Hashable, Sendable, Codable {
    /// How the feature is involved.
    public enum Role: String, Hashable, Sendable, Codable {
        /// The target record whose key the finding's feature refers to (its attributes differ).
        case target
        /// The feature of the target layer the finding's feature lies in (its key is not found there).
        case container
        /// One of the parts an aggregate summed for the finding's total.
        case part
        /// The record that used the value first (a value repeated across layers).
        case firstUse = "first-use"
    }

    public var role: Role
    public var layer: String
    public var file: String
    /// 1-based record number in `file`.
    public var record: Int
    public var key: FeatureKey?
    /// The feature's outline (a polygon's rings, a line, a point), simplified; absent when the shape is
    /// not known or the finding is beyond the first `outlinedPerRule` of its rule.
    public var geometry: ErrorGeometry?

    public init(
        role: Role, layer: String, file: String, record: Int, key: FeatureKey? = nil, geometry: ErrorGeometry? = nil
    ) {
        self.role = role
        self.layer = layer
        self.file = file
        self.record = record
        self.key = key
        self.geometry = geometry
    }

    /// Related features recorded per finding at most; the others are counted in `Finding.relatedMore`.
    public static let perFinding = 50
    /// Findings per rule, in report order, whose related features get their outlines.
    public static let outlinedPerRule = 20
    /// The map the outlines are simplified for: its width in pixels (a finding map is 260 pixels wide).
    public static let mapPixels = 260.0
    /// Vertices kept per finding over all its related outlines; past it, the rest keep no outline.
    public static let verticesPerFinding = 4000

    /// `LAYER#record (BSM=…)`, as the text and GeoJSON reports name it.
    public var label: String {
        "\(layer)#\(record)" + (key.map { " (\($0.field)=\($0.value))" } ?? "")
    }
}
