import Foundation

/// The containers `stdcheck-gen --format` writes the same county in.
enum OutputFormat: String, CaseIterable {
    /// One shapefile set per layer in the output folder (shapelib, GBK `.dbf`).
    case shp
    /// `NAME.gpkg` in the output folder, through GDAL's GPKG driver.
    case gpkg
    /// `NAME.gdb/` in the output folder, through GDAL's OpenFileGDB driver.
    case gdb
    /// `NAME.vct` in the output folder: LANDUSE_VCT 3.0, GB18030, topological polygons (own writer).
    case vct
}

/// One layer of the generated database: its name, 要素代码 (the YSDM its features carry), its Chinese
/// name, and its fields (BSM first).
struct LayerSpec {
    var name: String
    var code: String
    var title: String
    var fields: [ShapeWriter.Field]
}

/// Where a polygon lies in the generator's grid, so that a topological writer (VCT) can build it from
/// the shared boundary lines instead of writing its coordinates.
enum PolygonShape {
    /// `cellRing(i, j)`, and the island's hole when the cell has one.
    case cell(i: Int, j: Int, island: Bool)
    /// `island(i, j)`.
    case island(i: Int, j: Int)
    /// The village's `blockRing`.
    case village(Int)
    /// The whole county's `blockRing`.
    case county
    /// Anything else: a parcel a geometry defect changed, a sliver.
    case free
}

/// Receives the generated polygons layer by layer (DLTB, then CJDCQ, then XZQ) and writes them in one
/// container. Implementations stream: nothing of the county is held beyond a buffer.
protocol CountySink: AnyObject {
    /// The parcels of cell (i, j) of the grid come next; `changed` when a geometry defect changed them,
    /// so that they are no longer built from the grid's edges.
    func cell(_ i: Int, _ j: Int, changed: Bool) throws
    /// A polygon of layer `layer` (an index into the layers the sink was made with): rings closed, the
    /// outer one clockwise, holes counter-clockwise; values by field position, nil for null.
    func write(layer: Int, rings: [[(Double, Double)]], values: [String?], shape: PolygonShape) throws
    /// Completes the container; returns the path written.
    func finish() throws -> String
}

extension CountySink {
    func cell(_ i: Int, _ j: Int, changed: Bool) throws {}
}

extension CountyGenerator {
    /// The path the container of `format` is written to: the output folder for shapefiles, else a file
    /// (or `.gdb` folder) inside it named after it.
    var containerPath: String {
        let folder = options.output.hasSuffix("/") ? String(options.output.dropLast()) : options.output
        guard options.format != .shp else { return folder }
        return folder + "/" + URL(fileURLWithPath: folder).lastPathComponent + "." + options.format.rawValue
    }

    /// A sink for `options.format` writing `layers`.
    func makeSink(layers: [LayerSpec]) throws -> CountySink {
        switch options.format {
        case .shp: try ShapefileSink(folder: options.output, layers: layers, prj: Self.prj)
        case .gpkg: try GDALSink(path: containerPath, driver: "GPKG", layers: layers)
        case .gdb: try GDALSink(path: containerPath, driver: "OpenFileGDB", layers: layers)
        case .vct: try VCTSink(path: containerPath, layers: layers, generator: self)
        }
    }
}

/// Shapefiles, as `stdcheck-gen` always wrote them: one ShapeWriter per layer.
final class ShapefileSink: CountySink {
    private var writers: [ShapeWriter]
    private let folder: String

    init(folder: String, layers: [LayerSpec], prj: String) throws {
        self.folder = folder
        writers = try layers.map { try ShapeWriter(path: folder + "/" + $0.name, fields: $0.fields, prj: prj) }
    }

    func write(layer: Int, rings: [[(Double, Double)]], values: [String?], shape: PolygonShape) throws {
        writers[layer].write(rings: rings, values: values)
    }

    func finish() throws -> String {
        writers = []  // closes the files
        return folder
    }
}
