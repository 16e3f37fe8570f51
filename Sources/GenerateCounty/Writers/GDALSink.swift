import CGDAL
import Foundation

/// Writes the county as a GeoPackage or an Esri File Geodatabase through GDAL's C API (the GPKG and
/// OpenFileGDB drivers of GDAL 3.6 both create datasets), the way `scripts/make-format-variants.sh`
/// converts shapefiles with ogr2ogr: one layer per `LayerSpec`, multi-polygons, CGCS2000 / 3-degree
/// Gauss-Krüger zone 39 (EPSG:4527, easting first), character fields with their widths, `N` fields
/// with decimals as reals and without as integers. Features are written one at a time; a GeoPackage
/// commits every `batch` features.
final class GDALSink: CountySink {
    static let batch = 50_000

    private var dataset: GDALDatasetH?
    private var layers: [OGRLayerH] = []
    private var kinds: [[OGRFieldType]] = []
    private let path: String
    private let transactions: Bool
    private var pending = 0

    init(path: String, driver name: String, layers specs: [LayerSpec]) throws {
        self.path = path
        CPLSetConfigOption("CPL_DEBUG", "OFF")
        GDALAllRegister()
        guard let driver = GDALGetDriverByName(name) else { throw GeneratorError("GDAL has no \(name) driver") }
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        guard let dataset = GDALCreate(driver, path, 0, 0, 0, GDT_Unknown, nil) else {
            throw GeneratorError("GDAL's \(name) driver cannot create \(path): \(Self.lastError())")
        }
        self.dataset = dataset
        let srs = OSRNewSpatialReference(nil)
        defer { OSRRelease(srs) }
        guard OSRImportFromEPSG(srs, 4527) == OGRERR_NONE else {
            throw GeneratorError("PROJ does not know EPSG:4527: \(Self.lastError())")
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        for spec in specs {
            guard let layer = GDALDatasetCreateLayer(dataset, spec.name, srs, wkbMultiPolygon, nil) else {
                throw GeneratorError("cannot create layer \(spec.name) in \(path): \(Self.lastError())")
            }
            var layerKinds: [OGRFieldType] = []
            for field in spec.fields {
                let kind = field.type == "C" ? OFTString : field.decimals > 0 ? OFTReal : OFTInteger
                let definition = OGR_Fld_Create(field.name, kind)
                defer { OGR_Fld_Destroy(definition) }
                OGR_Fld_SetWidth(definition, Int32(field.width))
                if kind == OFTReal { OGR_Fld_SetPrecision(definition, Int32(field.decimals)) }
                guard OGR_L_CreateField(layer, definition, 1) == OGRERR_NONE else {
                    throw GeneratorError("cannot add field \(spec.name).\(field.name): \(Self.lastError())")
                }
                layerKinds.append(kind)
            }
            layers.append(layer)
            kinds.append(layerKinds)
        }
        transactions = name == "GPKG" && GDALDatasetStartTransaction(dataset, 0) == OGRERR_NONE
    }

    deinit {
        if let dataset { GDALClose(dataset) }
    }

    static func lastError() -> String { String(cString: CPLGetLastErrorMsg()) }

    func write(layer index: Int, rings: [[(Double, Double)]], values: [String?], shape: PolygonShape) throws {
        let layer = layers[index]
        guard let feature = OGR_F_Create(OGR_L_GetLayerDefn(layer)) else { throw GeneratorError("out of memory") }
        defer { OGR_F_Destroy(feature) }
        for (position, kind) in kinds[index].enumerated() {
            let field = Int32(position)
            guard let value = values[position] else {
                OGR_F_SetFieldNull(feature, field)
                continue
            }
            switch kind {
            case OFTString: OGR_F_SetFieldString(feature, field, value)
            case OFTInteger: OGR_F_SetFieldInteger(feature, field, Int32(Double(value) ?? 0))
            default: OGR_F_SetFieldDouble(feature, field, Double(value) ?? 0)
            }
        }
        OGR_F_SetGeometryDirectly(feature, Self.multiPolygon(rings))
        guard OGR_L_CreateFeature(layer, feature) == OGRERR_NONE else {
            throw GeneratorError("cannot write a feature of layer \(index) to \(path): \(Self.lastError())")
        }
        pending += 1
        if transactions, pending >= Self.batch {
            GDALDatasetCommitTransaction(dataset)
            GDALDatasetStartTransaction(dataset, 0)
            pending = 0
        }
    }

    /// The rings as a multi-polygon: a clockwise ring (negative signed area) starts a polygon, the
    /// counter-clockwise rings after it are its holes, as the shapefile writer stores them.
    static func multiPolygon(_ rings: [[(Double, Double)]]) -> OGRGeometryH? {
        let multi = OGR_G_CreateGeometry(wkbMultiPolygon)
        var polygon: OGRGeometryH?
        for ring in rings {
            if polygon == nil || CountyGenerator.signedArea(ring) < 0 {
                if let polygon { OGR_G_AddGeometryDirectly(multi, polygon) }
                polygon = OGR_G_CreateGeometry(wkbPolygon)
            }
            let linear = OGR_G_CreateGeometry(wkbLinearRing)
            var xs = ring.map(\.0)
            var ys = ring.map(\.1)
            let stride = Int32(MemoryLayout<Double>.stride)
            OGR_G_SetPoints(linear, Int32(ring.count), &xs, stride, &ys, stride, nil, 0)
            OGR_G_AddGeometryDirectly(polygon, linear)
        }
        if let polygon { OGR_G_AddGeometryDirectly(multi, polygon) }
        return multi
    }

    func finish() throws -> String {
        if transactions, GDALDatasetCommitTransaction(dataset) != OGRERR_NONE {
            throw GeneratorError("cannot commit \(path): \(Self.lastError())")
        }
        GDALClose(dataset)
        dataset = nil
        return path
    }
}
