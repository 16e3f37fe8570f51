/// A built-in geometry check as a rule configures it: `geometry: {check: …, …}`. The kinds are the
/// `GeometryCheck` types of `builtInChecks`, one file each under `Checks/Geometry/`.
public struct GeometryRule: Sendable {
    let check: any GeometryCheck

    /// The check's id: `valid`, `min-area`, … as written under `check:`.
    public var id: String { descriptor.id }

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// Checks of one shape at a time, run in chunks on every core during the layer's pass.
    public var isPerRecord: Bool { check is any PerRecordGeometryCheck }

    /// Checks whose thresholds are lengths or areas in metres, not applicable in a geographic CRS.
    public var isMetric: Bool { check.isMetric }

    /// The other layer a rule reads, if any.
    public var otherLayer: String? { (check as? any ComparingGeometryCheck)?.otherLayer }

    /// The layer of the base dataset a rule reads (`base.DLTB`), if any.
    public var baseLayer: String? { (check as? any ComparingGeometryCheck)?.baseLayer }

    /// The configuration as a rule page shows it: `min-area: min 10`.
    public var text: String {
        let parameters = check.parameterText
        return parameters.isEmpty ? id : "\(id): \(parameters)"
    }
}

/// A coordinate reference system check: `crs: {check: …}`. The kinds are the `CRSCheck` types of
/// `builtInChecks`, one file each under `Checks/CRS/`, judged in the order of their stage.
public struct CRSRule: Sendable {
    let check: any CRSCheck

    public var id: String { String(descriptor.id.dropFirst("crs-".count)) }

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// The position in the order the checks are judged.
    var stage: Int { type(of: check).stage }

    /// The configuration as a rule page shows it: `accepted: EPSG 4513-4554`.
    public var text: String {
        let parameters = check.parameterText
        return parameters.isEmpty ? id : "\(id): \(parameters)"
    }
}

extension LayerSpec: DeclaredLayer {
    func declares(field name: String) -> Bool { field(name) != nil }
}
