import Foundation
import RuleEngine

/// The head's coordinate system as an EPSG CRS, confirmed through PROJ (`CRSIdentifier`).
///
/// The datum comes from `Spheroid` (name, or semi-major axis and inverse flattening): CGCS2000
/// (6378137, 298.257222101), Xian 1980 (6378140, 298.257) or Beijing 1954 (Krassovsky 6378245, 298.3).
/// `CoordinateSystemType` G (or D) is geographic; otherwise projected Gauss-Krüger, with the central
/// meridian from `Parameters` (its first value between 73 and 136, or a `CentralMeridian` key) and
/// the zone number from the eastings of `ExtentMin` (millions, when present). With a zone number a 3°
/// or 6° zone CRS with the zone in front of the easting (CGCS2000 3°: EPSG:4488+n; 6°: 4478+n; Xian
/// 1980 3°: 2324+n; Beijing 1954 3°: 2376+n); without one, the 3° "CM" CRS (CGCS2000: 4534 + (CM−75)/3;
/// Xian 1980: 2370 + …; Beijing 1954: 2422 + …).
enum VCTCoordinateSystem {
    enum Datum: String {
        case cgcs2000 = "CGCS2000"
        case xian1980 = "Xian 1980"
        case beijing1954 = "Beijing 1954"
    }

    static func crs(head: [String: String]) -> (info: CRSInfo?, reason: String?) {
        let spheroid = head["SPHEROID"] ?? ""
        guard let datum = datum(spheroid) else {
            return (
                nil, spheroid.isEmpty ? "the head has no Spheroid" : "Spheroid '\(spheroid)' is not one StdCheck knows"
            )
        }
        let type = (head["COORDINATESYSTEMTYPE"] ?? "P").uppercased()
        let code: Int?
        if type.hasPrefix("G") || type.hasPrefix("D") {
            code = [.cgcs2000: 4490, .xian1980: 4610, .beijing1954: 4214][datum]
        } else {
            guard let meridian = centralMeridian(head) else {
                return (nil, "no central meridian in Parameters")
            }
            let zone = zonePrefix(head)
            code = projected(datum: datum, meridian: meridian, zone: zone)
            if code == nil {
                return (
                    nil,
                    "no EPSG Gauss-Krüger CRS of \(datum.rawValue) has central meridian \(meridian)"
                        + (zone.map { " and zone \($0)" } ?? "")
                )
            }
        }
        guard let code, case .identified(var info) = CRSIdentifier.identify(wkt: "EPSG:\(code)") else {
            return (nil, "PROJ does not know the CRS of \(datum.rawValue)")
        }
        info.epsg = code
        info.confidence = info.confidence ?? 100
        return (info, nil)
    }

    static func datum(_ spheroid: String) -> Datum? {
        let parts = spheroid.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let name = (parts.first ?? "").uppercased()
        let axis = parts.count > 1 ? Double(parts[1]) : nil
        let flattening = parts.count > 2 ? Double(parts[2]) : nil
        if name.contains("2000") || name.contains("CGCS") { return .cgcs2000 }
        if name.contains("西安") || name.contains("1980") || name.contains("XIAN") || name.contains("IAG") {
            return .xian1980
        }
        if name.contains("北京") || name.contains("1954") || name.contains("克拉索夫斯基") || name.contains("KRASS") {
            return .beijing1954
        }
        switch (axis, flattening) {
        case (6_378_137?, let f?) where abs(f - 298.257222101) < 1e-6: return .cgcs2000
        case (6_378_140?, _): return .xian1980
        case (6_378_245?, _): return .beijing1954
        default: return nil
        }
    }

    static func centralMeridian(_ head: [String: String]) -> Int? {
        for key in ["CENTRALMERIDIAN", "CENTRAL_MERIDIAN", "PARAMETERS"] {
            for part in (head[key] ?? "").split(whereSeparator: { $0 == "," || $0 == " " }) {
                if let value = Double(part), value >= 73, value <= 136, value == value.rounded() { return Int(value) }
            }
        }
        return nil
    }

    static func zonePrefix(_ head: [String: String]) -> Int? {
        guard let first = (head["EXTENTMIN"] ?? "").split(separator: ",").first,
            let x = Double(first.trimmingCharacters(in: .whitespaces)),
            x >= 1_000_000
        else { return nil }
        return Int(x / 1_000_000)
    }

    static func projected(datum: Datum, meridian: Int, zone: Int?) -> Int? {
        if let zone {
            if zone * 3 == meridian {
                switch datum {
                case .cgcs2000 where (25...45).contains(zone): return 4488 + zone
                case .xian1980 where (25...45).contains(zone): return 2324 + zone
                case .beijing1954 where (25...45).contains(zone): return 2376 + zone
                default: return nil
                }
            }
            if zone * 6 - 3 == meridian, datum == .cgcs2000, (13...23).contains(zone) { return 4478 + zone }
            return nil
        }
        guard meridian % 3 == 0, (75...135).contains(meridian) else { return nil }
        let step = (meridian - 75) / 3
        return [.cgcs2000: 4534, .xian1980: 2370, .beijing1954: 2422][datum]! + step
    }
}
