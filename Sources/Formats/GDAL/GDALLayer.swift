import CGDALLazy
import Foundation
import RuleEngine

/// One layer of a GDAL dataset as found when the dataset was opened: its name, fields, geometry type
/// and CRS. The features are read later, each pass through a dataset handle of its own.
struct GDALLayerPlan: Sendable {
    var name: String
    var index = 0
    var fields: [FieldDefinition]
    /// The position of each kept field among the layer's OGR fields.
    var sourceFields: [Int32]
    var geometryType: String?
    var wkt: String?
    var crs: CRSInfo?
    var count: Int

    /// Fields a format adds by itself, which no standard asks for: a File Geodatabase keeps
    /// `Shape_Length` and `Shape_Area` up to date on its own (its `OBJECTID` is GDAL's FID, not a field).
    static let formatFields: Set<String> = ["SHAPE_LENGTH", "SHAPE_AREA"]

    /// Reads the layer's definition; call inside `GDALReader.capturing`.
    init?(_ layer: OGRLayerH, driver: String = "") {
        guard let definition = gdal.pointee.OGR_L_GetLayerDefn!(layer) else { return nil }
        name = gdalText(gdal.pointee.OGR_L_GetName!(layer))
        fields = []
        sourceFields = []
        for position in 0..<gdal.pointee.OGR_FD_GetFieldCount!(definition) {
            guard let field = gdal.pointee.OGR_FD_GetFieldDefn!(definition, position) else { continue }
            let fieldName = gdalText(gdal.pointee.OGR_Fld_GetNameRef!(field))
            if driver == "OpenFileGDB", Self.formatFields.contains(fieldName.uppercased()),
                gdal.pointee.OGR_Fld_GetType!(field) == OFTReal
            {
                continue
            }
            fields.append(Self.definition(field, name: fieldName))
            sourceFields.append(position)
        }
        let type = gdal.pointee.OGR_GT_Flatten!(gdal.pointee.OGR_L_GetGeomType!(layer))
        geometryType =
            type == wkbNone
            ? nil : Self.typeName(type, threeD: gdal.pointee.OGR_GT_HasZ!(gdal.pointee.OGR_L_GetGeomType!(layer)) != 0)
        if let srs = gdal.pointee.OGR_L_GetSpatialRef!(layer) {
            var text: UnsafeMutablePointer<CChar>?
            if gdal.pointee.OSRExportToWkt!(srs, &text) == OGRERR_NONE, let text { wkt = String(cString: text) }
            gdal.pointee.VSIFree!(text)
        }
        count = max(0, Int(gdal.pointee.OGR_L_GetFeatureCount!(layer, 1)))
    }

    /// A field as StdCheck's `FieldDefinition`; the type as GDAL names it is the `typeCode`.
    ///
    /// | OGR type | FieldType |
    /// |---|---|
    /// | String | text (width as declared) |
    /// | Integer, Integer64 | integer, 0 decimals (Boolean subtype: boolean) |
    /// | Real | real, the declared precision as decimals |
    /// | Date | date; DateTime: datetime (a value at midnight is written `YYYYMMDD`) |
    /// | Binary | binary |
    /// | Time, lists | other |
    ///
    /// A number whose format gives no width (GDAL reports 0) is marked `sizeDeclared: false`, so the
    /// width rule does not apply to it; the type rule still does.
    static func definition(_ field: OGRFieldDefnH, name: String) -> FieldDefinition {
        let type = gdal.pointee.OGR_Fld_GetType!(field)
        let code = gdalText(gdal.pointee.OGR_GetFieldTypeName!(type))
        let width = Int(max(0, gdal.pointee.OGR_Fld_GetWidth!(field)))
        let precision = Int(max(0, gdal.pointee.OGR_Fld_GetPrecision!(field)))
        let kind: FieldType
        switch type {
        case OFTString: kind = .text
        case OFTInteger where gdal.pointee.OGR_Fld_GetSubType!(field) == OFSTBoolean: kind = .boolean
        case OFTInteger, OFTInteger64: kind = .integer
        case OFTReal: kind = .real
        case OFTDate: kind = .date
        case OFTDateTime: kind = .datetime
        case OFTBinary: kind = .binary
        default: kind = .other
        }
        // GeoPackage and File Geodatabase numbers carry no width: GDAL says 0
        let sized = kind == .text || width > 0
        return FieldDefinition(
            name: name, type: kind, typeCode: code, width: width, decimals: type == OFTReal ? precision : 0,
            sizeDeclared: sized ? nil : false)
    }

    /// OGR's names of the types, for messages.
    static let typeNames = FieldTypeNames([
        .text: ["String"], .integer: ["Integer", "Integer64"], .real: ["Real"], .date: ["Date"],
        .datetime: ["DateTime"], .boolean: ["Integer(Boolean)"], .binary: ["Binary"],
    ])

    static func typeName(_ type: OGRwkbGeometryType, threeD: Bool) -> String {
        let base: String
        switch type {
        case wkbPoint: base = "Point"
        case wkbMultiPoint: base = "MultiPoint"
        case wkbLineString, wkbMultiLineString, wkbCircularString, wkbCompoundCurve, wkbMultiCurve: base = "PolyLine"
        case wkbPolygon, wkbMultiPolygon, wkbCurvePolygon, wkbMultiSurface: base = "Polygon"
        default: base = gdalText(gdal.pointee.OGRGeometryTypeToName!(type))
        }
        return threeD ? base + "Z" : base
    }
}

/// A layer of a File Geodatabase, GeoPackage or Personal Geodatabase, read through GDAL.
struct GDALLayer: Layer {
    let path: String
    let file: String
    let driver: String
    let plan: GDALLayerPlan
    /// The features' ids in the order a pass numbers the records, listed once for all shape readers.
    let featureIDs = GDALFeatureIDs()

    var name: String { plan.name }
    var format: String { GDALReader.format }
    var schema: LayerSchema {
        LayerSchema(fields: plan.fields, geometryType: plan.geometryType, typeNames: GDALLayerPlan.typeNames)
    }
    var recordCount: Int { plan.count }
    /// The database: its layers belong together.
    var dataset: String { file }
    var encoding: EncodingInfo? { EncodingInfo(declared: "UTF-8", source: .none, used: "UTF-8") }
    var crs: CRSInfo? { plan.geometryType == nil ? nil : plan.crs }

    func records() -> any Sequence<Result<Record, ReadProblem>> { GDALRecords(layer: self, shapes: true) }

    func records(columns: [Bool]?, shapes: Bool) -> any Sequence<Result<Record, ReadProblem>> {
        GDALRecords(layer: self, shapes: shapes)
    }

    /// Curves (arcs of a `.gdb`, curved GeoPackage geometries) reach the rules as straight segments.
    var readingNotes: [String: String] {
        guard plan.geometryType != nil else { return [:] }
        let step = GDALReader.curveStepDegrees
        let degrees = step == step.rounded() ? String(Int(step)) : String(step)
        return ["curveLinearisation": "curves linearised, one vertex every \(degrees)° of arc"]
    }

    /// Shapes read back by feature id (`OGR_L_GetFeature`), keeping none in memory.
    func shapeReader() -> any ShapeReader {
        GDALShapeReader(layer: self)
    }
}

/// The features of one layer, streamed through a dataset handle opened for the pass.
struct GDALRecords: Sequence {
    let layer: GDALLayer
    let shapes: Bool

    func makeIterator() -> GDALCursor { GDALCursor(layer: layer, shapes: shapes) }
}

final class GDALCursor: IteratorProtocol {
    let layer: GDALLayer
    let shapes: Bool
    var dataset: GDALDatasetH?
    var handle: OGRLayerH?
    var number = 0
    var done = false
    var openProblem: String?

    init(layer: GDALLayer, shapes: Bool) {
        self.layer = layer
        self.shapes = shapes
        let (dataset, error) = GDALReader.openDataset(layer.path, driver: layer.driver)
        self.dataset = dataset
        if let dataset {
            handle = GDALReader.capturing { gdal.pointee.GDALDatasetGetLayer!(dataset, Int32(layer.plan.index)) }.0
        }
        if handle == nil { openProblem = error ?? "the layer cannot be opened again" }
    }

    deinit {
        if let dataset { _ = GDALReader.capturing { gdal.pointee.GDALClose!(dataset) } }
    }

    func next() -> Result<Record, ReadProblem>? {
        guard !done else { return nil }
        let location = Location(file: layer.file, layer: layer.name, record: number + 1)
        if let openProblem {
            done = true
            return .failure(ReadProblem(at: Location(file: layer.file, layer: layer.name), openProblem))
        }
        guard let handle else { return nil }
        let (feature, error) = GDALReader.capturing { gdal.pointee.OGR_L_GetNextFeature!(handle) }
        guard let feature else {
            done = true
            return error.map { .failure(ReadProblem(at: location, $0)) }
        }
        defer { gdal.pointee.OGR_F_Destroy!(feature) }
        number += 1
        var problems: [FormatFinding] = []
        if let error { problems.append(ReadProblem(at: location, error).finding) }
        let (read, later) = GDALReader.capturing { () -> ([String?], Geometry?) in
            let values = layer.plan.sourceFields.map { Self.value(feature, $0) }
            let geometry = shapes ? gdal.pointee.OGR_F_GetGeometryRef!(feature).flatMap(GDALGeometry.convert) : nil
            return (values, geometry)
        }
        let (values, geometry) = read
        if let later { problems.append(ReadProblem(at: location, later).finding) }
        return .success(Record(number: number, values: values, geometry: geometry, problems: problems))
    }

    /// A field's value as text, nil when null or unset; dates as `YYYYMMDD` (with the time when not midnight).
    static func value(_ feature: OGRFeatureH, _ position: Int32) -> String? {
        guard gdal.pointee.OGR_F_IsFieldSetAndNotNull!(feature, position) != 0 else { return nil }
        let type = gdal.pointee.OGR_Fld_GetType!(gdal.pointee.OGR_F_GetFieldDefnRef!(feature, position))
        if type == OFTDate || type == OFTDateTime {
            var (year, month, day, hour, minute, zone): (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
            var second: Float = 0
            guard
                gdal.pointee.OGR_F_GetFieldAsDateTimeEx!(
                    feature, position, &year, &month, &day, &hour, &minute, &second, &zone) != 0
            else { return gdalText(gdal.pointee.OGR_F_GetFieldAsString!(feature, position)) }
            let date = String(format: "%04d%02d%02d", year, month, day)
            return hour == 0 && minute == 0 && second == 0
                ? date : date + String(format: " %02d:%02d:%02d", hour, minute, Int(second))
        }
        return gdalText(gdal.pointee.OGR_F_GetFieldAsString!(feature, position))
    }
}
