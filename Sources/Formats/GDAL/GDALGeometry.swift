import CGDALLazy
import RuleEngine

/// OGR geometries into the engine's compact buffer: parts (rings, lines, points) one after another,
/// with the shapefile shape type of the whole (Point 1, PolyLine 3, Polygon 5, MultiPoint 8; +10
/// with Z). Curves are linearised first (`OGR_G_GetLinearGeometry`, one vertex every
/// `GDALReader.curveStepDegrees` of arc). Rings are kept in the order and direction stored.
enum GDALGeometry {
    static func convert(_ geometry: OGRGeometryH) -> Geometry? {
        guard gdal.pointee.OGR_G_IsEmpty!(geometry) == 0 else { return nil }
        if gdal.pointee.OGR_G_HasCurveGeometry!(geometry, 1) != 0,
            let linear = gdal.pointee.OGR_G_GetLinearGeometry!(geometry, GDALReader.curveStepDegrees, nil)
        {
            defer { gdal.pointee.OGR_G_DestroyGeometry!(linear) }
            return convert(linear)
        }
        let type = gdal.pointee.OGR_GT_Flatten!(gdal.pointee.OGR_G_GetGeometryType!(geometry))
        let threeD = gdal.pointee.OGR_G_Is3D!(geometry) != 0
        var parts = Parts(threeD: threeD)
        parts.add(geometry)
        guard !parts.starts.isEmpty else { return nil }
        let shapeType: Int
        switch type {
        case wkbPoint: shapeType = 1
        case wkbMultiPoint: shapeType = 8
        case wkbLineString, wkbMultiLineString: shapeType = 3
        case wkbPolygon, wkbMultiPolygon: shapeType = 5
        default: shapeType = parts.sawRing ? 5 : parts.sawLine ? 3 : 8
        }
        let starts = shapeType == 1 || shapeType == 8 ? [0] : parts.starts
        return Geometry(
            shapeType: shapeType + (threeD ? 10 : 0), partStarts: starts, xy: parts.xy, z: threeD ? parts.z : nil)
    }

    struct Parts {
        let threeD: Bool
        var starts: [Int] = []
        var xy: [Double] = []
        var z: [Double] = []
        var sawRing = false
        var sawLine = false

        mutating func add(_ geometry: OGRGeometryH) {
            let type = gdal.pointee.OGR_GT_Flatten!(gdal.pointee.OGR_G_GetGeometryType!(geometry))
            switch type {
            case wkbPoint, wkbLineString, wkbLinearRing:
                let count = gdal.pointee.OGR_G_GetPointCount!(geometry)
                guard count > 0 else { return }
                if type == wkbLineString { sawLine = true }
                starts.append(xy.count / 2)
                for index in 0..<count {
                    xy.append(gdal.pointee.OGR_G_GetX!(geometry, index))
                    xy.append(gdal.pointee.OGR_G_GetY!(geometry, index))
                    if threeD { z.append(gdal.pointee.OGR_G_GetZ!(geometry, index)) }
                }
            default:
                if type == wkbPolygon { sawRing = true }
                for index in 0..<gdal.pointee.OGR_G_GetGeometryCount!(geometry) {
                    if let part = gdal.pointee.OGR_G_GetGeometryRef!(geometry, index) { add(part) }
                }
            }
        }
    }
}
