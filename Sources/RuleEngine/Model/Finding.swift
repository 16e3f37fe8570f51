/// A defect stamped with the rule that found it, its severity and its message.
public struct Finding: Hashable, Sendable, Codable, Comparable {
    /// The id of the rule that found it.
    public var rule: String
    public var severity: Severity
    public var message: LocalizedText
    public var location: Location
    /// The layer's key field and its value in the record (e.g. `BSM` = `130100001`), when known.
    public var key: FeatureKey?
    /// The offending value as read, when there is one.
    public var value: String?
    /// Stable identity across runs, for baselines and waivers: see `fingerprint(rule:location:key:value:)`.
    public var fingerprint: String
    /// Where on the map: for a record-level finding, a point inside the feature (see `ErrorGeometry`).
    /// A geometry with a coordinate that is NaN or infinite (from a damaged shape) is dropped: no map
    /// or JSON number can hold it, and the finding keeps its place by file and record.
    public var geometry: ErrorGeometry? {
        didSet { if let geometry, !geometry.isFinite { self.geometry = nil } }
    }
    /// Set when the run is compared with a baseline: whether the previous run had this finding.
    public var baseline: BaselineState?
    /// The waiver that accepts this finding, when one does; a waived finding does not fail the gate.
    public var waiver: AppliedWaiver?
    /// The other features the finding involves (a cross-layer or aggregate rule's), at most
    /// `RelatedFeature.perFinding`, in a fixed order; nil when there are none.
    public var related: [RelatedFeature]?
    /// How many more related features there are than `related` lists ("and N more"); nil when none.
    public var relatedMore: Int?

    public init(
        rule: String, severity: Severity, message: LocalizedText, location: Location,
        key: FeatureKey? = nil, value: String? = nil, fingerprint: String? = nil, geometry: ErrorGeometry? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.key = key
        self.value = value
        self.fingerprint =
            fingerprint ?? Self.fingerprint(rule: rule, location: location, key: key, value: value)
        self.geometry = geometry.flatMap { $0.isFinite ? $0 : nil }
    }

    /// sha256 of rule id, file, the feature (key `field=value` when known, else `layer#record`), field
    /// and value, separated by NUL bytes.
    ///
    /// With a key, the fingerprint survives unrelated records being inserted or deleted before this one.
    /// A geometry check's exact error geometry (`errorGeometry`) joins the hash as its coordinates
    /// rounded to millimetres, so two overlaps of one parcel differ; without one the hash is unchanged.
    public static func fingerprint(
        rule: String, location: Location, key: FeatureKey?, value: String?, errorGeometry: ErrorGeometry? = nil
    ) -> String {
        let feature: String
        if let key {
            feature = "\(key.field)=\(key.value)"
        } else {
            feature =
                (location.layer ?? "") + (location.record.map { "#\($0)" } ?? "")
                + (location.line.map { ":\($0):\(location.column ?? 1)" } ?? "")
        }
        var parts = [rule, location.file, feature, location.field ?? "", value ?? ""]
        if let errorGeometry {
            parts.append(
                errorGeometry.points.map { pair in
                    pair.map(millimetres).joined(separator: " ")
                }
                .joined(separator: ","))
        }
        var hash = SHA256()
        hash.update(Array(parts.joined(separator: "\u{0}").utf8))
        return hash.finalize()
    }

    /// A coordinate rounded to millimetres; one that is not finite or too large for that (beyond about
    /// ±9.2e15) is written as its bit pattern instead, so no coordinate can trap the conversion.
    static func millimetres(_ coordinate: Double) -> String {
        let scaled = (coordinate * 1000).rounded()
        guard scaled.isFinite, abs(scaled) < 9.0e18 else {
            return "bits:" + String(coordinate.bitPattern, radix: 16)
        }
        return String(Int64(scaled))
    }

    /// Reading order: by location, then rule id, then message.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message.en < rhs.message.en
    }
}

/// The identifying field of a feature and its value, such as `BSM` = `130100001`.
public struct FeatureKey: Hashable, Sendable, Codable {
    public var field: String
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}

/// Whether a finding was already in the baseline report.
public enum BaselineState: String, Hashable, Sendable, Codable {
    case new
    case unchanged
}

/// A waiver that accepted a finding, as recorded on the finding.
public struct AppliedWaiver: Hashable, Sendable, Codable {
    public var reason: String
    /// YYYY-MM-DD, the last day the waiver applies.
    public var expires: String
    /// Where the waiver is declared: `waivers.yaml:3:5`.
    public var declaredAt: String
}
