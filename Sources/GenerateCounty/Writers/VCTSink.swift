import Foundation

/// Writes the county as one LANDUSE_VCT 3.0 file (GB/T 17798-2007's land-use exchange format, as
/// `shared/research/standards/vct.md` describes it and `Formats/VCT` reads it): GB18030 text, CRLF
/// line ends, topological polygons built from shared boundary lines referenced by signed BSM.
///
/// Streamed: the head, the feature codes and the table structures are known before the first polygon;
/// lines go straight into the file, polygon records and each layer's attribute rows into temporary
/// files beside it that `finish()` appends (Line, Polygon, then Attribute section), so memory stays at
/// a few buffers whatever the county's size.
///
/// Topology: every grid edge of the parcel layer (the first layer) is one line of 6 points, written
/// when its cell comes, coded with that layer's 要素代码; a cell's parcel refers to its four edges
/// (`V(i,j), H(i,j+1), -V(i+1,j), -H(i,j)`, clockwise), an island and its host's hole to the island's
/// closed line. Village polygons are built from their own lines (the column boundaries between villages,
/// each village's top and bottom edge), the county from one closed line. A polygon a geometry defect
/// changed no longer matches the lines, so it is written with direct coordinates (面特征类型 1), and
/// the lines only it would have used are left out.
final class VCTSink: CountySink {
    private let generator: CountyGenerator
    private let layers: [LayerSpec]
    private let path: String
    private let encoder: GB18030Encoder
    private let file: TextFile
    private let polygons: TextFile
    private let rows: [TextFile]
    private let horizontalLines: Int
    private let verticalLines: Int

    init(path: String, layers: [LayerSpec], generator: CountyGenerator) throws {
        self.path = path
        self.layers = layers
        self.generator = generator
        let encoder = GB18030Encoder()
        self.encoder = encoder
        file = try TextFile(path: path, encoder: encoder)
        polygons = try TextFile(path: path + ".polygons.tmp", encoder: encoder)
        rows = try layers.indices.map { try TextFile(path: path + ".rows\($0).tmp", encoder: encoder) }
        horizontalLines = generator.columns * (generator.rows + 1)
        verticalLines = (generator.columns + 1) * generator.rows
        try head()
    }

    // MARK: head, feature codes, table structures

    private func head() throws {
        let g = generator
        let minX = CountyGenerator.originX
        let minY = CountyGenerator.originY
        let maxX = minX + Double(g.columns) * CountyGenerator.cellSize
        let maxY = minY + Double(g.rows) * CountyGenerator.cellSize
        for line in [
            "HeadBegin", "DataMark:LANDUSE-VCT", "Version:3.0", "CoordinateSystemType:P", "Dim:2",
            "XAxisDirection:E", "YAxisDirection:N", "XYUnit:M", "Spheroid:CGCS2000,6378137,298.257222101",
            "PrimeMeridian:Greenwich", "Projection:高斯-克吕格投影", "Parameters:117,0,1,39500000,0",
            "VerticalDatum:1985国家高程基准", "TemporalReferenceSystem:公元纪年",
        ] {
            try file.line(line)
        }
        file.text("ExtentMin:")
        try file.point((minX, minY))
        file.text("ExtentMax:")
        try file.point((maxX, maxY))
        for line in ["MapScale:10000", "Offset:0,0", "Date:20201231", "Separator:,", "HeadEnd", "FeatureCodeBegin"] {
            try file.line(line)
        }
        for layer in layers { try file.line("\(layer.code),\(layer.title),Polygon,\(layer.name)") }
        try file.line("FeatureCodeEnd")
        try file.line("TableStructureBegin")
        for layer in layers {
            try file.line("\(layer.name),\(layer.fields.count)")
            for field in layer.fields {
                switch field.type {
                case "C": try file.line("\(field.name),Char,\(field.width)")
                case _ where field.decimals > 0: try file.line("\(field.name),Float,\(field.width),\(field.decimals)")
                default: try file.line("\(field.name),Int,\(field.width)")
                }
            }
            try file.line("0")
        }
        try file.line("TableStructureEnd")
        try file.line("LineBegin")
    }

    // MARK: lines

    /// A line's BSM: the county code, a 4-digit line-layer code (2102 parcel edges, 1103 village
    /// boundaries, 1104 the county's outline) and an 8-digit sequence.
    private func lineBSM(_ layerCode: Int, _ sequence: Int) -> Int {
        (Int(CountyGenerator.countyCode)! * 10_000 + layerCode) * 100_000_000 + sequence
    }

    private func horizontal(_ i: Int, _ j: Int) -> Int { lineBSM(2102, 1 + j * generator.columns + i) }
    private func vertical(_ i: Int, _ j: Int) -> Int {
        lineBSM(2102, 1 + horizontalLines + j * (generator.columns + 1) + i)
    }
    private func islandLine(_ i: Int, _ j: Int) -> Int {
        lineBSM(2102, 1 + horizontalLines + verticalLines + j * generator.columns + i)
    }
    private var villages: Int { generator.villages }
    private func boundary(_ b: Int) -> Int { lineBSM(1103, 1 + b) }
    private func villageTop(_ v: Int) -> Int { lineBSM(1103, 2 + villages + v) }
    private func villageBottom(_ v: Int) -> Int { lineBSM(1103, 2 + 2 * villages + v) }

    private func lineRecord(_ bsm: Int, layer: Int, _ points: [(Double, Double)]) throws {
        file.integer(bsm)
        file.newline()
        try file.line(layers[layer].code)
        try file.line(layers[layer].title)
        try file.line("1")  // 线特征类型: coordinates
        try file.line("1")  // 线段条数
        try file.line("11")  // 线段类型: polyline
        file.integer(points.count)
        file.newline()
        for point in points { try file.point(point) }
        try file.line("0")
    }

    /// The lines of cell (i, j): its left and bottom edges, the top and right ones on the grid's border,
    /// and its island's. When a defect changed the cell, only the edges a neighbour still uses (geometry
    /// defects are never placed in neighbouring cells, nor near islands).
    func cell(_ i: Int, _ j: Int, changed: Bool) throws {
        let g = generator
        func verticalPoints(_ i: Int, _ j: Int) -> [(Double, Double)] {
            [g.corner(i, j)] + g.verticalEdge(i, j) + [g.corner(i, j + 1)]
        }
        func horizontalPoints(_ i: Int, _ j: Int) -> [(Double, Double)] {
            [g.corner(i, j)] + g.horizontalEdge(i, j) + [g.corner(i + 1, j)]
        }
        if !changed || i > 0 { try lineRecord(vertical(i, j), layer: 0, verticalPoints(i, j)) }
        if !changed || j > 0 { try lineRecord(horizontal(i, j), layer: 0, horizontalPoints(i, j)) }
        guard !changed else { return }
        if j == g.rows - 1 { try lineRecord(horizontal(i, g.rows), layer: 0, horizontalPoints(i, g.rows)) }
        if i == g.columns - 1 { try lineRecord(vertical(g.columns, j), layer: 0, verticalPoints(g.columns, j)) }
        if g.hasIsland(i, j) { try lineRecord(islandLine(i, j), layer: 0, g.island(i, j)) }
    }

    /// The lines around village `v` (its left boundary only for the first village), then its ring's references.
    private func villageLines(_ v: Int, layer: Int) throws -> [Int] {
        let g = generator
        let from = v * CountyGenerator.columnsPerVillage
        let to = min(g.columns, from + CountyGenerator.columnsPerVillage)
        func column(_ c: Int) -> [(Double, Double)] {
            (0..<g.rows).flatMap { [g.corner(c, $0)] + g.verticalEdge(c, $0) } + [g.corner(c, g.rows)]
        }
        func row(_ r: Int) -> [(Double, Double)] {
            (from..<to).flatMap { [g.corner($0, r)] + g.horizontalEdge($0, r) } + [g.corner(to, r)]
        }
        if v == 0 { try lineRecord(boundary(0), layer: layer, column(from)) }
        try lineRecord(boundary(v + 1), layer: layer, column(to))
        try lineRecord(villageTop(v), layer: layer, row(g.rows))
        try lineRecord(villageBottom(v), layer: layer, row(0))
        return [boundary(v), villageTop(v), -boundary(v + 1), -villageBottom(v)]
    }

    // MARK: polygons and rows

    func write(layer: Int, rings: [[(Double, Double)]], values: [String?], shape: PolygonShape) throws {
        var references: [[Int]]?
        switch shape {
        case .cell(let i, let j, let island):
            references = [[vertical(i, j), horizontal(i, j + 1), -vertical(i + 1, j), -horizontal(i, j)]]
            if island { references?.append([-islandLine(i, j)]) }
        case .island(let i, let j): references = [[islandLine(i, j)]]
        case .village(let v): references = [try villageLines(v, layer: layer)]
        case .county:
            let bsm = lineBSM(1104, 1)
            try lineRecord(bsm, layer: layer, rings[0])
            references = [[bsm]]
        case .free: references = nil
        }
        try polygonRecord(layer: layer, bsm: values[0] ?? "", label: Self.label(rings), rings: rings, references)
        let out = rows[layer]
        for (index, value) in values.enumerated() {
            if index > 0 { out.byte(UInt8(ascii: ",")) }
            if let value { out.text(value) }
        }
        out.newline()
        try out.check()
    }

    /// The mean of the outer ring's vertices (the closing one left out): the 标识点.
    static func label(_ rings: [[(Double, Double)]]) -> (Double, Double) {
        let ring = rings.first.map { $0.dropLast() } ?? []
        guard !ring.isEmpty else { return (0, 0) }
        let n = Double(ring.count)
        return (ring.map(\.0).reduce(0, +) / n, ring.map(\.1).reduce(0, +) / n)
    }

    private func polygonRecord(
        layer: Int, bsm: String, label: (Double, Double), rings: [[(Double, Double)]], _ references: [[Int]]?
    ) throws {
        let out = polygons
        try out.line(bsm)
        try out.line(layers[layer].code)
        try out.line(layers[layer].title)
        guard let references else {
            try out.line("1")  // 面特征类型: direct rings
            try out.point(label)
            for ring in rings {
                try out.line("11")
                out.integer(ring.count)
                out.newline()
                for point in ring { try out.point(point) }
            }
            try out.line("0")
            return
        }
        try out.line("100")  // 面特征类型: built from lines
        try out.point(label)
        try out.line("21")  // 面构成类型
        out.integer(references.reduce(0) { $0 + $1.count })
        out.newline()
        // the references, 8 to a line, a 0 between rings
        let flat = references.enumerated().flatMap { $0.offset == 0 ? $0.element : [0] + $0.element }
        for start in stride(from: 0, to: flat.count, by: 8) {
            for (k, reference) in flat[start..<min(flat.count, start + 8)].enumerated() {
                if k > 0 { out.byte(UInt8(ascii: ",")) }
                out.integer(reference)
            }
            out.newline()
        }
        try out.line("0")
    }

    func finish() throws -> String {
        try file.line("LineEnd")
        try file.line("PolygonBegin")
        try polygons.close()
        try file.append(contentsOf: polygons.path)
        try file.line("PolygonEnd")
        try file.line("AttributeBegin")
        for (layer, out) in zip(layers, rows) {
            try file.line(layer.name)
            try out.close()
            try file.append(contentsOf: out.path)
            try file.line("TableEnd")
        }
        try file.line("AttributeEnd")
        try file.close()
        for temporary in [polygons.path] + rows.map(\.path) { try? FileManager.default.removeItem(atPath: temporary) }
        return path
    }
}
