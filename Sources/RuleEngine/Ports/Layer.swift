/// A table of records sharing one schema: a shapefile, a DBF table.
public protocol Layer: Sendable {
    /// The layer name, e.g. the shapefile's base name (`DLTB`).
    var name: String { get }
    /// The main file, relative to the submission root (`DLTB.shp`).
    var file: String { get }
    /// The reader's format id (`shapefile`, `dbf`, `inline`).
    var format: String { get }
    var schema: LayerSchema { get }
    /// The number of records the file declares.
    var recordCount: Int { get }
    /// The dataset the layer belongs to (GDAL's sense): when a layer name occurs more than once in a
    /// submission, rules across layers compare the layers of one dataset. By default the folder of
    /// `file` (a folder of shapefiles is one database); a file that holds several layers, such as a
    /// boundary-coordinate TXT, is a dataset of its own.
    var dataset: String { get }
    var encoding: EncodingInfo? { get }
    var crs: CRSInfo? { get }
    /// Streams the records in file order.
    ///
    /// A record that cannot be decoded is yielded as `.failure` with its location:
    /// never skipped, never fatal to the rest of the layer.
    func records() -> any Sequence<Result<Record, ReadProblem>>
    /// Streams the records reading only what the checks use: the fields at the positions `columns`
    /// marks true (the others are nil; nil `columns` means all) and the shapes when `shapes` is true.
    /// A reader may read more than asked; the default reads everything.
    func records(columns: [Bool]?, shapes: Bool) -> any Sequence<Result<Record, ReadProblem>>
    /// The `[minX, minY, maxX, maxY]` of every vertex, when the reader found it without decoding the
    /// shapes (a scan of the file's bytes); nil when it did not.
    var scannedExtent: [Double]? { get }
    /// A reader of single shapes by record number, for checks that compare records after the pass
    /// (one reader per thread).
    func shapeReader() -> any ShapeReader
    /// How the reader read the layer where that shapes what the rules saw (curves made straight
    /// segments with a tolerance, …), key → text; the report lists it with the layer. Empty by default.
    var readingNotes: [String: String] { get }
}

/// Reads shapes again by 1-based record number, without the attributes.
public protocol ShapeReader {
    /// The record's shape; nil for a null shape, an unreadable one or a number out of range.
    mutating func shape(record: Int) -> Geometry?
}

extension Layer {
    public func records(columns: [Bool]?, shapes: Bool) -> any Sequence<Result<Record, ReadProblem>> {
        records()
    }

    public var scannedExtent: [Double]? { nil }

    public var readingNotes: [String: String] { [:] }

    /// The folder of `file` (`a.zip!/sub` for `a.zip!/sub/DLTB.shp`; empty at the root).
    public var dataset: String {
        guard let slash = file.lastIndex(of: "/") else { return "" }
        return String(file[..<slash])
    }

    /// By default the shapes are read once, in one pass, and kept: right for small in-memory layers.
    public func shapeReader() -> any ShapeReader {
        var shapes: [Geometry?] = []
        for case .success(let record) in records() {
            while shapes.count < record.number - 1 { shapes.append(nil) }
            shapes.append(record.geometry)
        }
        return KeptShapes(shapes: shapes)
    }
}

/// Shapes held in memory, indexed by record number − 1.
struct KeptShapes: ShapeReader {
    let shapes: [Geometry?]

    func shape(record: Int) -> Geometry? {
        record >= 1 && record <= shapes.count ? shapes[record - 1] : nil
    }
}
