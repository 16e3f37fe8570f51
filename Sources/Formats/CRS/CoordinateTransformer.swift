import CProj

/// Transforms x/y pairs from a layer's CRS (by EPSG code) to WGS 84 longitude/latitude, through PROJ.
///
/// `proj_normalize_for_visualization` puts the output in longitude, latitude order, as RFC 7946 wants.
final class CoordinateTransformer {
    private let context: OpaquePointer
    private let transform: OpaquePointer

    /// Nil when PROJ knows no such EPSG code or cannot build the transformation.
    init?(fromEPSG code: Int) {
        guard let context = proj_context_create() else { return nil }
        proj_log_level(context, PJ_LOG_NONE)
        guard let raw = proj_create_crs_to_crs(context, "EPSG:\(code)", "EPSG:4326", nil) else {
            proj_context_destroy(context)
            return nil
        }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(context, raw) else {
            proj_context_destroy(context)
            return nil
        }
        self.context = context
        self.transform = normalized
    }

    deinit {
        proj_destroy(transform)
        proj_context_destroy(context)
    }

    /// Longitude and latitude in degrees, rounded to 1e-8° (about 1 mm); nil when PROJ fails.
    func toWGS84(x: Double, y: Double) -> (longitude: Double, latitude: Double)? {
        let output = proj_trans(transform, PJ_FWD, proj_coord(x, y, 0, 0))
        let longitude = output.xy.x
        let latitude = output.xy.y
        guard longitude.isFinite, latitude.isFinite else { return nil }
        return ((longitude * 1e8).rounded() / 1e8, (latitude * 1e8).rounded() / 1e8)
    }
}
