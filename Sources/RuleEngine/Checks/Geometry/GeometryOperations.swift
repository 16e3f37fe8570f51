/// The computational geometry the geometry rules need, implemented outside the rule engine
/// (Formats does it with GEOS and PROJ) and handed to `Engine`.
///
/// The service itself is shared between threads; each thread asks it for its own session, because the
/// libraries' handles are not thread-safe.
public protocol GeometryOperations: Sendable {
    /// A fresh session for the calling thread; never share it with another thread.
    func makeSession() -> any GeometrySession
    /// Facts about an EPSG coordinate reference system; nil when the database does not know it.
    func crsDetails(epsg: Int) -> CRSDetails?
}

/// One thread's handle on the geometry library. Shapes are passed as `Geometry` values; a session
/// may cache converted shapes of the `TargetShape` ids it is given.
public protocol GeometrySession {
    /// OGC validity of a polygon shape (organized as `Geometry.polygons`), with the library's reason and place.
    func validity(of geometry: Geometry) -> GeometryValidity
    /// How two polygon shapes meet: their DE-9IM relation and, when the interiors meet, the
    /// overlap as polygons with its area.
    func relation(of a: Geometry, and b: Geometry) -> ShapeRelation
    /// The same for two shapes of one layer named by ids; the session may keep a bounded number of
    /// converted shapes, since a shape meets each of its neighbours in turn.
    func relation(of a: TargetShape, and b: TargetShape) -> ShapeRelation
    /// The area of `shape` inside each target, and what lies outside all of them.
    func overlay(_ shape: Geometry, on targets: [TargetShape]) -> Overlay
    /// The holes of the union of the shapes of a `side` × `side` grid of tiles (gaps in a coverage), as
    /// polygons; `shapes` gives the shapes of tile `row * side + column`. Each tile is asked for once and
    /// united on its own, then neighbouring tiles' unions are united four by four, so only one tile's
    /// shapes are held at a time and a defect costs the general union only where it lies.
    func holes(inUnionOfGrid side: Int, shapes: (Int) -> [Geometry]) -> [ErrorGeometry]
    /// The same, the unions of each level of the grid's quadtree shared out among `workers` threads, which
    /// `perform(workers, body)` runs (`body(worker)` once per worker); `tiles` gives each worker its own
    /// function from a tile to its shapes. The holes are the same as with one thread.
    func holes(
        inUnionOfGrid side: Int, workers: Int, perform: @escaping (Int, (Int) -> Void) -> Void,
        tiles: @escaping () -> (Int) -> [Geometry]
    ) -> [ErrorGeometry]
    /// The ellipsoidal area in m² of a polygon shape in the projected CRS `epsg`: every vertex is
    /// inverse-projected to the CRS's geographic CRS and the area is taken on its ellipsoid, each edge
    /// straight in longitude and latitude (as the 三调 trapezoid method takes it).
    func ellipsoidalArea(of geometry: Geometry, epsg: Int) -> Double?
    /// Longitude and latitude in degrees of a point in the CRS `epsg`.
    func geographic(x: Double, y: Double, epsg: Int) -> (longitude: Double, latitude: Double)?
}

/// A shape of another layer, with an id the session may cache it under (`CJDCQ#3`).
public struct TargetShape {
    public var id: String
    public var geometry: Geometry

    public init(id: String, geometry: Geometry) {
        self.id = id
        self.geometry = geometry
    }
}

/// The outcome of `GeometrySession.validity(of:)`.
public enum GeometryValidity: Hashable, Sendable {
    case valid
    /// The problem named after JTS/GEOS, the library's own reason text, and the place when it gives one.
    case invalid(GeometryProblem, reason: String, x: Double?, y: Double?)
}

/// Why a shape is not a valid simple-features geometry, with JTS's names.
public enum GeometryProblem: String, Hashable, Sendable, CaseIterable {
    case selfIntersection = "self-intersection"
    case ringSelfIntersection = "ring-self-intersection"
    case holeOutsideShell = "hole-outside-shell"
    case nestedHoles = "nested-holes"
    case nestedShells = "nested-shells"
    case disconnectedInterior = "disconnected-interior"
    case tooFewPoints = "too-few-points"
    case ringNotClosed = "ring-not-closed"
    case invalidCoordinate = "invalid-coordinate"
    case duplicateRings = "duplicate-rings"
    case other

    /// The problem a GEOS/JTS reason text names (`Self-intersection[…]`, `Hole lies outside shell`, …).
    public init(reason: String) {
        let text = reason.lowercased()
        self =
            if text.hasPrefix("ring self-intersection") {
                .ringSelfIntersection
            } else if text.hasPrefix("self-intersection") {
                .selfIntersection
            } else if text.hasPrefix("hole lies outside shell") {
                .holeOutsideShell
            } else if text.hasPrefix("holes are nested") { .nestedHoles } else if text.hasPrefix("nested shells") {
                .nestedShells
            } else if text.hasPrefix("interior is disconnected") {
                .disconnectedInterior
            } else if text.hasPrefix("too few points") { .tooFewPoints } else if text.hasPrefix("ring is not closed") {
                .ringNotClosed
            } else if text.hasPrefix("invalid coordinate") {
                .invalidCoordinate
            } else if text.hasPrefix("duplicate rings") { .duplicateRings } else { .other }
    }
}

/// How two shapes meet.
public struct ShapeRelation: Hashable, Sendable {
    /// The DE-9IM matrix, e.g. `FF2F11212`.
    public var matrix: String
    /// The area where the interiors overlap (0 when they do not).
    public var overlapArea: Double
    /// The overlap, as polygons.
    public var overlap: [ErrorGeometry]

    public init(matrix: String, overlapArea: Double = 0, overlap: [ErrorGeometry] = []) {
        self.matrix = matrix
        self.overlapArea = overlapArea
        self.overlap = overlap
    }

    /// The interiors share an area.
    public var interiorsOverlap: Bool { matrix.first == "2" }
    /// The boundaries share at least a line (neighbours along an edge, not only at a vertex).
    public var shareBoundaryLine: Bool {
        let index = matrix.index(matrix.startIndex, offsetBy: 4, limitedBy: matrix.endIndex)
        return index.map { $0 < matrix.endIndex && matrix[$0] == "1" } ?? false
    }
}

/// A shape laid over the shapes of another layer.
public struct Overlay: Hashable, Sendable {
    /// Per target, in the order given, the area of the shape inside it.
    public var areas: [Double]
    /// The area of the shape outside every target.
    public var outsideArea: Double
    /// That outside part, as polygons.
    public var outside: [ErrorGeometry]

    public init(areas: [Double], outsideArea: Double, outside: [ErrorGeometry]) {
        self.areas = areas
        self.outsideArea = outsideArea
        self.outside = outside
    }
}

/// Facts about a coordinate reference system that the CRS rules compare data with.
public struct CRSDetails: Hashable, Sendable {
    public var name: String
    /// True for a geographic (longitude/latitude) CRS.
    public var isGeographic: Bool
    /// Transverse Mercator parameters, for projected CRSs that have them.
    public var falseEasting: Double?
    public var centralMeridian: Double?
    /// The area of use: west, south, east, north in degrees.
    public var areaOfUse: [Double]?

    public init(
        name: String, isGeographic: Bool, falseEasting: Double? = nil, centralMeridian: Double? = nil,
        areaOfUse: [Double]? = nil
    ) {
        self.name = name
        self.isGeographic = isGeographic
        self.falseEasting = falseEasting
        self.centralMeridian = centralMeridian
        self.areaOfUse = areaOfUse
    }
}

extension GeometrySession {
    /// The holes of the union of `shapes`, united in one group.
    public func holes(inUnionOf shapes: [Geometry]) -> [ErrorGeometry] {
        holes(inUnionOfGrid: 1) { _ in shapes }
    }
}
