import CProj
import Foundation
import RuleEngine

/// The inverse of a projected CRS to its own geographic CRS (longitude, latitude), with that CRS's ellipsoid.
final class Projection {
    let context: OpaquePointer
    let transform: OpaquePointer
    /// The ellipsoid's semi-major axis and first eccentricity squared.
    let semiMajor: Double
    let eccentricity2: Double
    /// q at the pole (the authalic latitude's normaliser).
    let polarQ: Double

    init?(epsg: Int) {
        guard let context = proj_context_create() else { return nil }
        proj_log_level(context, PJ_LOG_NONE)
        guard let crs = proj_create(context, "EPSG:\(epsg)"), let base = proj_crs_get_geodetic_crs(context, crs) else {
            proj_context_destroy(context)
            return nil
        }
        defer {
            proj_destroy(crs)
            proj_destroy(base)
        }
        var semiMajor = 0.0
        var inverseFlattening = 0.0
        guard let ellipsoid = proj_get_ellipsoid(context, base) else {
            proj_context_destroy(context)
            return nil
        }
        proj_ellipsoid_get_parameters(context, ellipsoid, &semiMajor, nil, nil, &inverseFlattening)
        proj_destroy(ellipsoid)
        guard let raw = proj_create_crs_to_crs_from_pj(context, crs, base, nil, nil),
            let normalized = proj_normalize_for_visualization(context, raw)
        else {
            proj_context_destroy(context)
            return nil
        }
        proj_destroy(raw)
        self.context = context
        transform = normalized
        self.semiMajor = semiMajor
        let flattening = inverseFlattening == 0 ? 0 : 1 / inverseFlattening
        eccentricity2 = flattening * (2 - flattening)
        polarQ = Self.q(sinLatitude: 1, eccentricity2: eccentricity2)
    }

    /// Snyder's q(φ) (Map Projections: A Working Manual, eq. 3-12): the authalic latitude β of φ has
    /// sin β = q(φ) / q(90°).
    static func q(sinLatitude s: Double, eccentricity2 e2: Double) -> Double {
        guard e2 > 0 else { return 2 * s }
        let e = e2.squareRoot()
        let first: Double = s / (1 - e2 * s * s)
        let second: Double = log((1 - e * s) / (1 + e * s)) / (2 * e)
        return (1 - e2) * (first - second)
    }

    /// The area on the ellipsoid of one ring of projected coordinates (`xy[2i]`, `xy[2i+1]` for `range`),
    /// its vertices inverse-projected by PROJ in one call. The ellipsoid's area element is that of the
    /// authalic sphere (radius² = a²·q_p/2) in longitude and sin β, so each edge, taken straight in
    /// longitude and latitude as the 三调 trapezoid method takes it, contributes Δλ times the mean of
    /// sin β along it (Simpson's rule: under 1e-9 of the area for edges of a kilometre). nil when a
    /// vertex does not transform.
    func ellipsoidalArea(_ xy: [Double], _ range: Range<Int>) -> Double? {
        var count = range.count
        guard count >= 3 else { return 0 }
        if xy[2 * range.lowerBound] == xy[2 * (range.upperBound - 1)]
            && xy[2 * range.lowerBound + 1] == xy[2 * (range.upperBound - 1) + 1]
        {
            count -= 1
        }
        var longitudes = (0..<count).map { xy[2 * (range.lowerBound + $0)] }
        var latitudes = (0..<count).map { xy[2 * (range.lowerBound + $0) + 1] }
        let stride = MemoryLayout<Double>.stride
        let done = proj_trans_generic(
            transform, PJ_FWD, &longitudes, stride, count, &latitudes, stride, count, nil, 0, 0, nil, 0, 0)
        guard done == count else { return nil }
        let radians = Double.pi / 180
        var sines = [Double](repeating: 0, count: count)
        for index in 0..<count {
            let (longitude, latitude) = (longitudes[index], latitudes[index])
            guard longitude.isFinite, latitude.isFinite, abs(longitude) < 1e6, abs(latitude) <= 90 else { return nil }
            sines[index] = sinAuthalic(latitude * radians)
        }
        // Simpson's rule along each edge (sin β at both ends and the middle latitude), with sin β less its
        // value at the first vertex: the sum over a closed ring is unchanged and its terms stay small
        let reference = sines[0]
        var sixfold = 0.0
        for index in 0..<count {
            let next = (index + 1) % count
            let middle = sinAuthalic((latitudes[index] + latitudes[next]) / 2 * radians)
            sixfold +=
                (longitudes[next] - longitudes[index]) * radians
                * (sines[index] + 4 * middle + sines[next] - 6 * reference)
        }
        return abs(sixfold) / 6 * semiMajor * semiMajor * polarQ / 2
    }

    /// sin β, the authalic latitude's sine, of a latitude in radians.
    private func sinAuthalic(_ latitude: Double) -> Double {
        Self.q(sinLatitude: sin(latitude), eccentricity2: eccentricity2) / polarQ
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    func geographic(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let output = proj_trans(transform, PJ_FWD, proj_coord(x, y, 0, 0))
        guard output.xy.x.isFinite, output.xy.y.isFinite, abs(output.xy.x) < 1e6 else { return nil }
        return (output.xy.x, output.xy.y)
    }
}
