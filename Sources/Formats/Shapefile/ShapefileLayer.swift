import CShapelib
import Foundation
import RuleEngine

/// A shapefile layer: geometry from the `.shp` through shapelib, attributes from the `.dbf`.
public struct ShapefileLayer: Layer {
    public let name: String
    public let file: String
    /// `shapefile`, or `dbf` for an attribute table with no `.shp`.
    public let format: String
    public let schema: LayerSchema
    public let recordCount: Int
    public let encoding: EncodingInfo?
    public let crs: CRSInfo?
    /// Path handed to shapelib (the `.shp` itself, or a private copy's when it needed an index rebuilt).
    let shapePath: String?
    let table: DBFTable?
    let textEncoding: TextEncoding
    /// Keeps a rebuilt index alive as long as the layer.
    let workspace: TemporaryDirectory?
    /// The `.dbf`, relative to the submission root, where attribute findings are placed.
    let tableFile: String?
    /// Finds the structural defects of single `.shp` records as they are read.
    let shapeChecker: ShapeRecordChecker?
    /// The vertices' extent found by the structural scan of the `.shp` (nil without shapes).
    public let scannedExtent: [Double]?

    /// Opens an already-grouped shapefile; `shapePath` is nil for a table without a `.shp`.
    init(
        name: String, file: String, shapePath: String?, geometryType: String?, shapeCount: Int, table: DBFTable?,
        encoding: EncodingInfo?, textEncoding: TextEncoding, crs: CRSInfo?, workspace: TemporaryDirectory?,
        shapeChecker: ShapeRecordChecker? = nil, tableFile: String? = nil,
        scannedExtent: [Double]? = nil
    ) {
        self.tableFile = tableFile
        self.scannedExtent = scannedExtent
        self.shapeChecker = shapeChecker
        self.name = name
        self.file = file
        self.shapePath = shapePath
        self.table = table
        self.encoding = encoding
        self.textEncoding = textEncoding
        self.crs = crs
        self.workspace = workspace
        format = file.lowercased().hasSuffix(".dbf") ? "dbf" : "shapefile"
        schema = LayerSchema(
            fields: table?.fields(decodedWith: textEncoding) ?? [], geometryType: geometryType,
            typeNames: DBaseFieldType.names)
        recordCount = table?.declaredCount ?? shapeCount
    }

    public func records() -> any Sequence<Result<Record, ReadProblem>> {
        CappedFindings(base: ShapefileRecords(layer: self, columns: nil, shapes: true))
    }

    public func records(columns: [Bool]?, shapes: Bool) -> any Sequence<Result<Record, ReadProblem>> {
        CappedFindings(base: ShapefileRecords(layer: self, columns: columns, shapes: shapes))
    }

    /// Reads shapes by record number straight from the `.shp` (through its index), keeping nothing.
    public func shapeReader() -> any ShapeReader {
        ShapefileShapeReader(file: shapePath.flatMap { ShapeFile(path: $0) })
    }
}

/// One open `.shp` for reading shapes again by record number.
struct ShapefileShapeReader: ShapeReader {
    let file: ShapeFile?

    func shape(record: Int) -> Geometry? {
        guard let file, record >= 1, record <= file.count, case .success(let shape) = file.geometry(at: record - 1)
        else { return nil }
        return shape
    }
}

/// The records of a shapefile in file order, one decoded at a time.
struct ShapefileRecords: Sequence, IteratorProtocol {
    let layer: ShapefileLayer
    let shapes: ShapeFile?
    let attributes: DBFRecordReader?
    let total: Int
    /// Which fields to decode (nil: all).
    let columns: [Bool]?
    /// Whether to read the shapes (the record's `geometry` is nil when not).
    let readsShapes: Bool
    var index = 0
    var reportedTruncation = false

    /// Records between two releases of the table's pages already read.
    static let releaseInterval = 8192

    init(layer: ShapefileLayer, columns: [Bool]?, shapes readsShapes: Bool) {
        self.layer = layer
        self.columns = columns
        self.readsShapes = readsShapes
        shapes = layer.shapePath.flatMap { ShapeFile(path: $0) }
        attributes = layer.table.map {
            DBFRecordReader(
                table: $0, encoding: layer.textEncoding, file: layer.tableFile ?? layer.file, layer: layer.name,
                fieldNames: layer.schema.fields.map(\.name))
        }
        total =
            layer.table.map { $0.availableCount + ($0.declaredCount > $0.availableCount ? 1 : 0) }
            ?? shapes?.count ?? 0
    }

    mutating func next() -> Result<Record, ReadProblem>? {
        if index < total {
            let position = index
            index += 1
            let number = position + 1
            let location = Location(file: layer.file, layer: layer.name, record: number)
            var values: [String?] = []
            var problems: [FormatFinding] = []
            if let attributes, let table = layer.table {
                if position >= table.availableCount {
                    let missing = table.declaredCount - table.availableCount
                    return .failure(
                        ReadProblem(
                            at: location,
                            "the .dbf declares \(table.declaredCount) records but holds \(table.availableCount); "
                                + "\(missing) record(s) from here on are cut off by the end of the file",
                            defect: .dbfRecordCountMismatch,
                            ["declared": String(table.declaredCount), "actual": String(table.availableCount)]))
                }
                if position % Self.releaseInterval == 0 { table.releaseRecords(before: position) }
                switch attributes.deletionFlag(position) {
                case 0x20: break
                case 0x2A: return .failure(ReadProblem(at: location, "marked deleted", defect: .recordDeleted))
                case let flag:
                    let shown = (flag < 0x10 ? "0x0" : "0x") + String(flag, radix: 16, uppercase: true)
                    return .failure(
                        ReadProblem(
                            at: location, "deletion flag \(shown)", defect: .dbfDeletionFlagInvalid, ["flag": shown]))
                }
                (values, problems) = attributes.values(position, columns: columns)
            }
            var geometry: Geometry?
            if let shape = layer.shapeChecker?.problem(record: number) {
                guard !shape.fatal else { return .failure(shape.problem) }
                problems.append(shape.problem.finding)
            }
            if let shapes, position >= shapes.count {
                return .failure(ReadProblem(at: location, "the .shp has no shape for this record"))
            }
            // unread shapes have had their bytes vetted by the structural scan; they are read when asked for
            if readsShapes, let shapes {
                switch shapes.geometry(at: position) {
                case .success(let shape): geometry = shape
                case .failure(let failure): return .failure(ReadProblem(at: location, failure.reason))
                }
            }
            return .success(Record(number: number, values: values, geometry: geometry, problems: problems))
        }
        return nil
    }
}

/// An open `.shp`/`.shx` pair, closed when released.
final class ShapeFile {
    let handle: SHPHandle
    let count: Int
    let shapeType: Int

    init?(path: String) {
        // read from a memory map; shapelib's own messages would go to standard error, its failures become
        // findings instead
        var hooks = MappedShapeHooks.make()
        guard let handle = SHPOpenLL(path, "rb", &hooks) else { return nil }
        self.handle = handle
        var entities: Int32 = 0
        var type: Int32 = 0
        SHPGetInfo(handle, &entities, &type, nil, nil)
        count = Int(entities)
        shapeType = Int(type)
    }

    deinit { SHPClose(handle) }

    /// The shape at 0-based `index`; nil geometry for a null shape.
    func geometry(at index: Int) -> Result<Geometry?, ShapeReadFailure> {
        guard let object = SHPReadObject(handle, Int32(index)) else {
            return .failure(ShapeReadFailure("the shape cannot be read from the .shp"))
        }
        defer { SHPDestroyObject(object) }
        let shape = object.pointee
        if shape.nSHPType == SHPT_NULL { return .success(nil) }
        let vertices = Int(shape.nVertices)
        let parts = Int(shape.nParts)
        let xy = [Double](unsafeUninitializedCapacity: vertices * 2) { buffer, initialized in
            for i in 0..<vertices {
                buffer[2 * i] = shape.padfX[i]
                buffer[2 * i + 1] = shape.padfY[i]
            }
            initialized = vertices * 2
        }
        let type = Int(shape.nSHPType)
        let kind = GeometryKind(shapeType: type)
        let starts: [Int]
        if vertices == 0 || (parts == 0 && (kind == .line || kind == .polygon)) {
            // a line or polygon with no parts has no ring, whatever vertices follow (GDAL reads it as empty)
            starts = []
        } else if parts <= 1 {
            starts = [parts == 1 ? Int(shape.panPartStart[0]) : 0]
        } else {
            starts = (0..<parts).map { Int(shape.panPartStart[$0]) }
        }
        let hasZ = type == 11 || type == 13 || type == 15 || type == 18 || type == 31
        let hasM = hasZ || type == 21 || type == 23 || type == 25 || type == 28
        let z = hasZ && shape.padfZ != nil ? Array(UnsafeBufferPointer(start: shape.padfZ, count: vertices)) : nil
        let m = hasM && shape.padfM != nil ? Array(UnsafeBufferPointer(start: shape.padfM, count: vertices)) : nil
        return .success(Geometry(shapeType: type, partStarts: starts, xy: xy, z: z, m: m))
    }

    /// The shapefile specification's name for a shape type code.
    static func typeName(_ code: Int) -> String {
        switch code {
        case 0: "Null"
        case 1: "Point"
        case 3: "PolyLine"
        case 5: "Polygon"
        case 8: "MultiPoint"
        case 11: "PointZ"
        case 13: "PolyLineZ"
        case 15: "PolygonZ"
        case 18: "MultiPointZ"
        case 21: "PointM"
        case 23: "PolyLineM"
        case 25: "PolygonM"
        case 28: "MultiPointM"
        case 31: "MultiPatch"
        default: "Unknown(\(code))"
        }
    }
}

/// Why a shape could not be read.
struct ShapeReadFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

/// A private folder removed when the last reference goes.
public final class TemporaryDirectory: Sendable {
    public let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = "\(base)/stdcheck-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
