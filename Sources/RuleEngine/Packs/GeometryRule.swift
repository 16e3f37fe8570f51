import Yams

/// A built-in geometry check as a rule configures it: `geometry: {check: …, …}`.
public struct GeometryRule: Sendable {
    /// How an area is computed for `area-matches`.
    public enum AreaMethod: String, Sendable, CaseIterable {
        case planar
        case ellipsoidal
    }

    public enum Kind: Sendable {
        /// OGC validity through the geometry library, with its reason and place.
        case valid
        /// A shape is null or has no vertex.
        case notEmpty
        /// More than one polygon in one record.
        case singlePart
        /// A polygon with an interior ring (城镇村等用地 must have none: check item 5101).
        case noHole
        /// The same vertex twice in a row.
        case noDuplicateVertex
        /// A vertex where the ring turns back at less than `maxAngle` degrees.
        case noSpike(maxAngle: Double)
        /// Shells clockwise, holes counter-clockwise (the shapefile specification).
        case orientation
        case minArea(Double)
        /// Polsby–Popper compactness 4πA/P², at least `min`.
        case minThinness(Double)
        /// Every segment at least this long (repeated vertices are `no-duplicate-vertex`'s).
        case minSegment(Double)
        case noOverlap(tolerance: Double)
        case noGap(tolerance: Double)
        /// Neighbours sharing an edge must differ in at least one of these fields.
        case neighboursDiffer(fields: [String])
        /// Covered by the shapes of another layer, within `tolerance` m².
        case within(layer: String, tolerance: Double)
        /// No overlap with the shapes of another layer beyond `tolerance` m².
        case disjoint(layer: String, tolerance: Double)
        /// Inside exactly one shape of another layer, whose `match` fields agree.
        case insideOne(layer: String, match: [FieldPair], tolerance: Double)
        /// A field records the shape's area.
        case areaMatches(field: String, method: AreaMethod, tolerance: Double)
    }

    public var kind: Kind

    /// The check's id: `valid`, `min-area`, … as written under `check:`.
    public var id: String {
        switch kind {
        case .valid: "valid"
        case .notEmpty: "not-empty"
        case .singlePart: "single-part"
        case .noHole: "no-hole"
        case .noDuplicateVertex: "no-duplicate-vertex"
        case .noSpike: "no-spike"
        case .orientation: "orientation"
        case .minArea: "min-area"
        case .minThinness: "min-thinness"
        case .minSegment: "min-segment"
        case .noOverlap: "no-overlap"
        case .noGap: "no-gap"
        case .neighboursDiffer: "neighbours-differ"
        case .within: "within"
        case .disjoint: "disjoint"
        case .insideOne: "inside-one"
        case .areaMatches: "area-matches"
        }
    }

    /// Checks of one shape at a time, run in chunks on every core during the layer's pass.
    public var isPerRecord: Bool {
        switch kind {
        case .noOverlap, .noGap, .neighboursDiffer, .within, .disjoint, .insideOne: false
        default: true
        }
    }

    /// Checks whose thresholds are lengths or areas in metres, not applicable in a geographic CRS.
    public var isMetric: Bool {
        switch kind {
        case .minArea, .minSegment: true
        case .areaMatches(_, let method, _): method == .planar
        default: false
        }
    }

    /// The other layer a rule reads, if any.
    public var otherLayer: String? {
        switch kind {
        case .within(let layer, _), .disjoint(let layer, _), .insideOne(let layer, _, _): layer
        default: nil
        }
    }

    /// Every check a rule may name, with the keys it takes besides `check`.
    static let parameters: [String: [String]] = [
        "valid": [], "not-empty": [], "single-part": [], "no-hole": [], "no-duplicate-vertex": [],
        "no-spike": ["max-angle"],
        "orientation": [], "min-area": ["min"], "min-thinness": ["min"], "min-segment": ["min"],
        "no-overlap": ["tolerance"], "no-gap": ["tolerance"], "neighbours-differ": ["fields"],
        "within": ["layer", "tolerance"], "disjoint": ["layer", "tolerance"],
        "inside-one": ["layer", "match", "tolerance"],
        "area-matches": ["field", "method", "tolerance"],
    ]

    public var descriptor: CheckDescriptor { GeometryDescriptors.descriptor(for: id) }

    /// The configuration as a rule page shows it: `min-area: min 10`.
    public var text: String {
        func number(_ value: Double) -> String { ValueRange.format(value) }
        let parameters: String =
            switch kind {
            case .valid, .notEmpty, .singlePart, .noHole, .noDuplicateVertex, .orientation: ""
            case .noSpike(let angle): "max-angle \(number(angle))°"
            case .minArea(let value), .minThinness(let value), .minSegment(let value): "min \(number(value))"
            case .noOverlap(let tolerance), .noGap(let tolerance): "tolerance \(number(tolerance))"
            case .neighboursDiffer(let fields): "fields " + fields.joined(separator: ", ")
            case .within(let layer, let tolerance), .disjoint(let layer, let tolerance):
                "layer \(layer), tolerance \(number(tolerance))"
            case .insideOne(let layer, let match, let tolerance):
                "layer \(layer), match "
                    + match.map { "\($0.field) = \(layer).\($0.target)" }.joined(separator: ", ")
                    + ", tolerance \(number(tolerance))"
            case .areaMatches(let field, let method, let tolerance):
                "field \(field), method \(method.rawValue), tolerance \(number(tolerance))"
            }
        return parameters.isEmpty ? id : "\(id): \(parameters)"
    }
}

/// A coordinate reference system check: `crs: {check: …}`. The checks are ordered; a layer is reported by
/// the first that fails, so one wrong `.prj` is one finding (a later check is not applicable to it).
public struct CRSRule: Sendable {
    public enum Kind: Sendable {
        /// The CRS is projected, not geographic.
        case projected
        /// PROJ identified an EPSG code, and it is one of these.
        case accepted([Int])
        /// Eastings in Y and northings in X (北/东 swapped).
        case axisOrder
        /// The coordinates carry the zone's false-easting prefix, and the CRS's central meridian is its zone's.
        case zoneConsistent
        /// The layer's extent, in longitude and latitude, lies in the CRS's area of use.
        case areaOfUse
    }

    public var kind: Kind

    public var id: String {
        switch kind {
        case .projected: "projected"
        case .accepted: "accepted"
        case .axisOrder: "axis-order"
        case .zoneConsistent: "zone-consistent"
        case .areaOfUse: "area-of-use"
        }
    }

    /// The position in the order the checks are judged.
    var stage: Int {
        switch kind {
        case .projected: 0
        case .accepted: 1
        case .axisOrder: 2
        case .zoneConsistent: 3
        case .areaOfUse: 4
        }
    }

    public var descriptor: CheckDescriptor { GeometryDescriptors.descriptor(for: "crs-" + id) }

    /// The configuration as a rule page shows it: `accepted: EPSG 4513-4554`.
    public var text: String {
        guard case .accepted(let codes) = kind, let first = codes.first, let last = codes.last else { return id }
        return codes == Array(first...last)
            ? "\(id): EPSG \(first)-\(last)" : "\(id): EPSG " + codes.map(String.init).joined(separator: ", ")
    }
}

extension RuleFileLoader {
    /// Reads `geometry: {check: …}`: strict keys per check, numbers where numbers belong.
    static func geometryRule(
        _ map: inout YAMLMapping, layer: LayerSpec, layers: [LayerSpec], renames: [String: [String: String]]
    ) throws(RulePackError) -> GeometryRule {
        let check = try map.requireString("check")
        guard let allowed = GeometryRule.parameters[check] else {
            throw RulePackError(
                .invalidValue(
                    key: "check", value: check, allowed: GeometryRule.parameters.keys.sorted().joined(separator: ", ")),
                at: map.location)
        }
        for key in map.keys where key != "check" && !allowed.contains(key) {
            throw RulePackError(.unknownKey(key, allowed: ["check"] + allowed), at: map.location)
        }
        func number(_ key: String, default value: Double? = nil) throws(RulePackError) -> Double {
            if let found = try map.double(key) { return found }
            if let value { return value }
            throw RulePackError(.missingKey("\(key) (required by check \(check))"), at: map.location)
        }
        func otherLayer() throws(RulePackError) -> LayerSpec {
            let name = try map.requireString("layer")
            guard let found = layers.first(where: { $0.name == name }) else {
                throw RulePackError(
                    .invalidValue(key: "layer", value: name, allowed: layers.map(\.name).joined(separator: ", ")),
                    at: map.location)
            }
            return found
        }
        func field(_ name: String, in spec: LayerSpec) throws(RulePackError) -> String {
            let renamed = renames[spec.name]?[name] ?? name
            guard spec.field(renamed) != nil else {
                throw RulePackError(.unknownField(renamed, layer: spec.name), at: map.location)
            }
            return renamed
        }
        let kind: GeometryRule.Kind
        switch check {
        case "valid": kind = .valid
        case "not-empty": kind = .notEmpty
        case "single-part": kind = .singlePart
        case "no-hole": kind = .noHole
        case "no-duplicate-vertex": kind = .noDuplicateVertex
        case "no-spike": kind = .noSpike(maxAngle: try number("max-angle", default: 1))
        case "orientation": kind = .orientation
        case "min-area": kind = .minArea(try number("min"))
        case "min-thinness": kind = .minThinness(try number("min"))
        case "min-segment": kind = .minSegment(try number("min"))
        case "no-overlap": kind = .noOverlap(tolerance: try number("tolerance", default: 0))
        case "no-gap": kind = .noGap(tolerance: try number("tolerance", default: 0))
        case "neighbours-differ":
            var fields: [String] = []
            for name in try map.strings("fields") ?? [] { fields.append(try field(name, in: layer)) }
            guard !fields.isEmpty else { throw RulePackError(.missingKey("fields"), at: map.location) }
            kind = .neighboursDiffer(fields: fields)
        case "within":
            kind = .within(layer: try otherLayer().name, tolerance: try number("tolerance", default: 0))
        case "disjoint":
            kind = .disjoint(layer: try otherLayer().name, tolerance: try number("tolerance", default: 0))
        case "inside-one":
            let target = try otherLayer()
            var pairs: [FieldPair] = []
            if var match = try map.mapping("match") {
                for original in match.keys {
                    let other = try match.requireString(original)
                    pairs.append(FieldPair(field: try field(original, in: layer), target: try field(other, in: target)))
                }
                try match.finish()
            }
            kind = .insideOne(layer: target.name, match: pairs, tolerance: try number("tolerance", default: 0))
        case "area-matches":
            let name = try field(try map.requireString("field"), in: layer)
            let method = try map.choice("method", GeometryRule.AreaMethod.self) ?? .planar
            kind = .areaMatches(field: name, method: method, tolerance: try number("tolerance"))
        default:
            preconditionFailure("every key of GeometryRule.parameters has a case above")
        }
        try map.finish()
        return GeometryRule(kind: kind)
    }

    /// Reads `crs: {check: …}`; `accepted` takes `epsg:` as codes or `"first-last"` ranges.
    static func crsRule(_ map: inout YAMLMapping) throws(RulePackError) -> CRSRule {
        let check = try map.requireString("check")
        let kind: CRSRule.Kind
        switch check {
        case "projected": kind = .projected
        case "axis-order": kind = .axisOrder
        case "zone-consistent": kind = .zoneConsistent
        case "area-of-use": kind = .areaOfUse
        case "accepted":
            var codes: [Int] = []
            for item in try map.strings("epsg") ?? [] {
                let bounds = item.split(separator: "-").map { Int($0.trimmingSpaces()) }
                guard (1...2).contains(bounds.count), let first = bounds[0], let last = bounds.last ?? nil,
                    first <= last
                else {
                    throw RulePackError(
                        .invalidValue(key: "epsg", value: item, allowed: "EPSG codes or ranges such as \"4513-4554\""),
                        at: map.location)
                }
                codes += Array(first...last)
            }
            guard !codes.isEmpty else { throw RulePackError(.missingKey("epsg"), at: map.location) }
            kind = .accepted(codes)
        default:
            throw RulePackError(
                .invalidValue(
                    key: "check", value: check, allowed: "projected, accepted, axis-order, zone-consistent, area-of-use"
                ), at: map.location)
        }
        try map.finish()
        return CRSRule(kind: kind)
    }
}
