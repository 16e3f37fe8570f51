import CGDALLazy
import Foundation
import RuleEngine
import Synchronization

/// The feature ids of a layer in the order `GDALCursor` numbers its records (a File Geodatabase's
/// OBJECTIDs and a GeoPackage's fids may have gaps), listed on first use by a pass that reads neither
/// fields nor geometry: 8 bytes a feature, shared by the layer's shape readers.
final class GDALFeatureIDs: Sendable {
    private let listed = Mutex<[Int64]?>(nil)

    func ids(of layer: GDALLayer) -> [Int64] {
        listed.withLock { ids in
            if let ids { return ids }
            let found = Self.list(layer)
            ids = found
            return found
        }
    }

    private static func list(_ layer: GDALLayer) -> [Int64] {
        let (dataset, _) = GDALReader.openDataset(layer.path, driver: layer.driver)
        guard let dataset else { return [] }
        defer { _ = GDALReader.capturing { gdal.pointee.GDALClose!(dataset) } }
        return GDALReader.capturing { () -> [Int64] in
            guard let handle = gdal.pointee.GDALDatasetGetLayer!(dataset, Int32(layer.plan.index)) else { return [] }
            // skip every field and the geometry: only the ids are wanted
            var ignored = ["OGR_GEOMETRY", "OGR_STYLE"]
            if let definition = gdal.pointee.OGR_L_GetLayerDefn!(handle) {
                for position in 0..<gdal.pointee.OGR_FD_GetFieldCount!(definition) {
                    if let field = gdal.pointee.OGR_FD_GetFieldDefn!(definition, position) {
                        ignored.append(gdalText(gdal.pointee.OGR_Fld_GetNameRef!(field)))
                    }
                }
            }
            var names = ignored.map { strdup($0) }
            names.append(nil)
            defer { for name in names { free(name) } }
            names.withUnsafeMutableBufferPointer { list in
                _ = list.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: list.count) {
                    gdal.pointee.OGR_L_SetIgnoredFields!(handle, $0)
                }
            }
            gdal.pointee.OGR_L_ResetReading!(handle)
            var ids: [Int64] = []
            ids.reserveCapacity(layer.plan.count)
            while let feature = gdal.pointee.OGR_L_GetNextFeature!(handle) {
                ids.append(Int64(gdal.pointee.OGR_F_GetFID!(feature)))
                gdal.pointee.OGR_F_Destroy!(feature)
            }
            return ids
        }.0
    }
}

/// Reads single shapes by record number through a dataset handle of its own (GDAL handles are not
/// shared across threads): the record's feature id, then `OGR_L_GetFeature`. Nothing is kept.
final class GDALShapeReader: ShapeReader {
    let ids: [Int64]
    var dataset: GDALDatasetH?
    var handle: OGRLayerH?

    init(layer: GDALLayer) {
        ids = layer.featureIDs.ids(of: layer)
        let (dataset, _) = GDALReader.openDataset(layer.path, driver: layer.driver)
        self.dataset = dataset
        if let dataset {
            handle = GDALReader.capturing { gdal.pointee.GDALDatasetGetLayer!(dataset, Int32(layer.plan.index)) }.0
        }
    }

    deinit {
        if let dataset { _ = GDALReader.capturing { gdal.pointee.GDALClose!(dataset) } }
    }

    func shape(record: Int) -> Geometry? {
        guard let handle, record >= 1, record <= ids.count else { return nil }
        let id = ids[record - 1]
        return GDALReader.capturing { () -> Geometry? in
            guard let feature = gdal.pointee.OGR_L_GetFeature!(handle, GIntBig(id)) else { return nil }
            defer { gdal.pointee.OGR_F_Destroy!(feature) }
            return gdal.pointee.OGR_F_GetGeometryRef!(feature).flatMap(GDALGeometry.convert)
        }.0
    }
}
