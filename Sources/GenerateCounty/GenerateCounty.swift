import Foundation

/// `stdcheck-gen`: writes a deterministic county-scale 三调 database for benchmarks and tests.
///
///     stdcheck-gen --polygons 100000 --output .bench-data/100k [--seed 1] [--defect-every 1000]
///                  [--format shp|gpkg|gdb|vct]
///     stdcheck-gen --update-of .bench-data/100k --output .bench-data/100k-update [--fraction 0.02]
///
/// The second form writes a consistent change-survey update package (DLTBGX, DLTBGXGC) of a generated
/// base county (`UpdateGenerator`), checked with `--standard gtdcbg@2021 --base BASE`.
@main
enum GenerateCounty {
    static func main() {
        var options = CountyGenerator.Options(polygons: 10_000, seed: 1, output: "county", defectEvery: 0)
        var updateOf: String?
        var fraction = 0.02
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            let value = arguments.popFirst() ?? ""
            switch argument {
            case "--polygons": options.polygons = Int(value) ?? options.polygons
            case "--seed": options.seed = UInt64(value) ?? options.seed
            case "--output": options.output = value
            case "--defect-every": options.defectEvery = Int(value) ?? 0
            case "--format":
                guard let format = OutputFormat(rawValue: value) else { usage() }
                options.format = format
            case "--update-of": updateOf = value
            case "--fraction":
                guard let given = Double(value), given > 0, given <= 1 else { usage() }
                fraction = given
            default: usage()
            }
        }
        do {
            let summary =
                try updateOf.map { try UpdateGenerator(base: $0, output: options.output, fraction: fraction).write() }
                ?? CountyGenerator(options).write()
            print(summary)
        } catch {
            FileHandle.standardError.write(Data("stdcheck-gen: error: \(error)\n".utf8))
            exit(1)
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                """
                usage: stdcheck-gen --polygons N --output DIR [--seed S] [--defect-every K] [--format F]
                       stdcheck-gen --update-of BASE --output DIR [--fraction F (0 < F <= 1, default 0.02)]
                  --format shp   shapefiles in DIR (default)
                  --format gpkg  DIR/NAME.gpkg (GeoPackage, through GDAL), NAME the folder's name
                  --format gdb   DIR/NAME.gdb (Esri File Geodatabase, through GDAL's OpenFileGDB)
                  --format vct   DIR/NAME.vct (LANDUSE_VCT 3.0, GB18030, topological polygons)
                  --update-of    a change-survey update package (DLTBGX, DLTBGXGC) of a generated base county

                """.utf8))
        exit(2)
    }
}

extension CountyGenerator {
    static let landClasses: [(code: String, name: String)] = [
        ("0101", "水田"), ("0102", "水浇地"), ("0103", "旱地"), ("0201", "果园"), ("0301", "乔木林地"),
        ("0305", "灌木林地"), ("0404", "其他草地"), ("0702", "农村宅基地"), ("1006", "农村道路"), ("1104", "坑塘水面"),
        ("1107", "沟渠"), ("1202", "设施农用地"),
    ]
    static let slopeCoefficient = ["1": 0.0, "2": 0.032, "3": 0.056, "4": 0.081, "5": 0.105]

    static let dltbFields: [ShapeWriter.Field] = [
        .init(name: "BSM", type: "C", width: 18), .init(name: "YSDM", type: "C", width: 10),
        .init(name: "TBYBH", type: "C", width: 18), .init(name: "TBBH", type: "C", width: 8),
        .init(name: "DLBM", type: "C", width: 5), .init(name: "DLMC", type: "C", width: 60),
        .init(name: "QSXZ", type: "C", width: 2), .init(name: "QSDWDM", type: "C", width: 19),
        .init(name: "QSDWMC", type: "C", width: 255), .init(name: "ZLDWDM", type: "C", width: 19),
        .init(name: "ZLDWMC", type: "C", width: 255), .init(name: "TBMJ", type: "N", width: 15, decimals: 2),
        .init(name: "KCDLBM", type: "C", width: 5), .init(name: "KCXS", type: "N", width: 6, decimals: 4),
        .init(name: "KCMJ", type: "N", width: 15, decimals: 2),
        .init(name: "TBDLMJ", type: "N", width: 15, decimals: 2),
        .init(name: "GDLX", type: "C", width: 2), .init(name: "GDPDJB", type: "C", width: 2),
        .init(name: "XZDWKD", type: "N", width: 5, decimals: 1), .init(name: "TBXHDM", type: "C", width: 6),
        .init(name: "TBXHMC", type: "C", width: 20), .init(name: "ZZSXDM", type: "C", width: 6),
        .init(name: "ZZSXMC", type: "C", width: 20), .init(name: "GDDB", type: "N", width: 2),
        .init(name: "FRDBS", type: "C", width: 1), .init(name: "CZCSXM", type: "C", width: 4),
        .init(name: "SJNF", type: "N", width: 4), .init(name: "MSSM", type: "C", width: 2),
        .init(name: "HDMC", type: "C", width: 100), .init(name: "BZ", type: "C", width: 255),
    ]
    static let cjdcqFields: [ShapeWriter.Field] =
        [
            .init(name: "BSM", type: "C", width: 18), .init(name: "YSDM", type: "C", width: 10),
            .init(name: "ZLDWDM", type: "C", width: 19), .init(name: "ZLDWMC", type: "C", width: 255),
        ] + areaFields
    static let xzqFields: [ShapeWriter.Field] =
        [
            .init(name: "BSM", type: "C", width: 18), .init(name: "YSDM", type: "C", width: 10),
            .init(name: "XZQDM", type: "C", width: 9), .init(name: "XZQMC", type: "C", width: 100),
        ] + areaFields
    static let areaFields: [ShapeWriter.Field] = [
        .init(name: "DCMJ", type: "N", width: 15, decimals: 2), .init(name: "JSMJ", type: "N", width: 15, decimals: 2),
        .init(name: "MSSM", type: "C", width: 2), .init(name: "HDMC", type: "C", width: 100),
        .init(name: "BZ", type: "C", width: 255),
    ]

    var villages: Int { (columns + Self.columnsPerVillage - 1) / Self.columnsPerVillage }

    func villageCode(_ v: Int) -> String { Self.townCode + String(format: "%03d", v + 1) }
    /// 标识码 BSM (Char 18): the county code, a 4-character layer code and an 8-digit sequence. The layer
    /// codes 1101 (XZQ), 1102 (CJDCQ) and 2101 (DLTB) are made up, as in the sample county.
    static func bsm(layer: String, _ sequence: Int) -> String {
        countyCode + (["XZQ": "1101", "CJDCQ": "1102"][layer] ?? "2101") + String(format: "%08d", sequence)
    }
    func villageName(_ v: Int) -> String { "第\(v + 1)村" }
    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    /// Writes the three layers and, with defects, `defects.json`; returns a one-line summary.
    func write() throws -> String {
        try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        // layers 0, 1, 2 of the sink
        let sink = try makeSink(layers: [
            LayerSpec(name: "DLTB", code: "2001010100", title: "地类图斑", fields: Self.dltbFields),
            LayerSpec(name: "CJDCQ", code: "1000600200", title: "村级调查区", fields: Self.cjdcqFields),
            LayerSpec(name: "XZQ", code: "1000600100", title: "行政区", fields: Self.xzqFields),
        ])
        var defects: [Defect] = []
        var villageSums = [Double](repeating: 0, count: villages)
        var record = 0
        // geometry defects due, each waiting for the next cell that can take it without breaking another
        // rule, and the cells already holding one (kept two cells apart)
        var pending: [GeometryDefect] = []
        var placed: [(i: Int, j: Int)] = []
        for v in 0..<villages {
            var tbbh = 0
            for i in (v * Self.columnsPerVillage)..<min(columns, (v + 1) * Self.columnsPerVillage) {
                for j in 0..<rows {
                    var parcels = [Parcel(rings: [cellRing(i, j)])]
                    if hasIsland(i, j) {
                        parcels[0].rings.append(island(i, j).reversed())
                        parcels.append(Parcel(rings: [island(i, j)], forcedClass: 9))  // 1104 坑塘水面
                    }
                    var shapes: [PolygonShape] = [.cell(i: i, j: j, island: hasIsland(i, j))]
                    if hasIsland(i, j) { shapes.append(.island(i: i, j: j)) }
                    var changed = false
                    if let due = pending.first,
                        !placed.reversed().prefix(while: { $0.i >= i - 2 }).contains(where: { abs($0.j - j) <= 2 }),
                        let truth = inject(due, cell: i, j, into: &parcels, record: record + 1)
                    {
                        pending.removeFirst()
                        placed.append((i, j))
                        defects += truth
                        shapes = parcels.map { _ in .free }  // no longer built from the grid's lines
                        changed = true
                    }
                    try sink.cell(i, j, changed: changed)
                    for (k, parcel) in parcels.enumerated() {
                        record += 1
                        tbbh += 1
                        var values = attributes(
                            i: i, j: j + k * 1_000_003, village: v, record: record, tbbh: tbbh,
                            area: parcel.recordedArea ?? Self.area(parcel.rings), forced: parcel.forcedClass)
                        if options.defectEvery > 0, record % options.defectEvery == 0 {
                            // attribute and geometry defects take turns
                            let turn =
                                (record / options.defectEvery) % (Self.attributeDefects + GeometryDefect.allCases.count)
                            if turn < Self.attributeDefects {
                                defects += inject(turn, into: &values, record: record)
                            } else {
                                pending.append(GeometryDefect.allCases[turn - Self.attributeDefects])
                            }
                        }
                        villageSums[v] += Double(values[11] ?? "") ?? 0
                        try sink.write(layer: 0, rings: parcel.rings, values: values, shape: shapes[k])
                    }
                }
            }
        }
        for v in 0..<villages {
            let ring = blockRing(from: v * Self.columnsPerVillage, to: min(columns, (v + 1) * Self.columnsPerVillage))
            try sink.write(
                layer: 1, rings: [ring],
                values: [
                    Self.bsm(layer: "CJDCQ", v + 1), "1000600200", villageCode(v) + "0000000", villageName(v),
                    Self.money(villageSums[v]), Self.money(Self.area([ring])), "00", nil, nil,
                ], shape: .village(v))
        }
        let outline = blockRing(from: 0, to: columns)
        try sink.write(
            layer: 2, rings: [outline],
            values: [
                Self.bsm(layer: "XZQ", 1), "1000600100", Self.townCode, "城关镇", Self.money(villageSums.reduce(0, +)),
                Self.money(Self.area([outline])), "00", nil, nil,
            ], shape: .county)
        let written = try sink.finish()
        if options.defectEvery > 0 {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(defects.sorted()).write(to: URL(fileURLWithPath: options.output + "/defects.json"))
        }
        return
            "wrote \(record) DLTB, \(villages) CJDCQ and 1 XZQ polygons (\(defects.count) defects) to \(written)"
    }

    /// A valid 三调 parcel's values in `dltbFields` order.
    func attributes(i: Int, j: Int, village v: Int, record: Int, tbbh: Int, area: Double, forced: Int?) -> [String?] {
        let index = forced ?? classIndex(i, j)
        let (code, name) = Self.landClasses[index]
        let cropland = ["0101", "0102", "0103"].contains(code)
        let grade = cropland ? (code == "0103" ? String(1 + pick(i, j, 6, 5)) : "1") : nil
        let coefficient = grade.flatMap { Self.slopeCoefficient[$0] } ?? 0
        let tbmj = Self.round(area)
        let kcmj = Self.round(tbmj * coefficient)
        let unit = villageCode(v) + "0000000"
        let state = code == "1006" || code == "1107"
        return [
            Self.bsm(layer: "DLTB", record), "2001010100", nil, String(tbbh), code, name, state ? "10" : "30", unit,
            villageName(v), unit, villageName(v), Self.money(tbmj),
            coefficient > 0 ? "1203" : nil, cropland ? String(format: "%.4f", coefficient) : nil,
            cropland ? Self.money(kcmj) : nil, Self.money(tbmj - kcmj),
            coefficient > 0 ? (pick(i, j, 7, 2) == 0 ? "TT" : "PD") : nil, grade,
            ["1006": "7.0", "1107": "5.0"][code], nil, nil,
            cropland ? "LS" : nil, cropland ? "种植粮食作物" : nil, cropland ? String(1 + pick(i, j, 8, 15)) : nil, "0",
            ["0702", "1202"].contains(code) ? "203" : nil, "2019", "00", nil, nil,
        ]
    }

    /// How many kinds of attribute defect `inject(_:into:record:)` makes.
    static let attributeDefects = 6

    /// Breaks one rule in a parcel's values (the `kind`-th of `attributeDefects`), chosen so that no other
    /// rule fires; returns the ground truth.
    func inject(_ kind: Int, into values: inout [String?], record: Int) -> [Defect] {
        let cropland = ["0101", "0102", "0103"].contains(values[4] ?? "")
        switch kind {
        case 0 where !cropland:
            values[4] = "0199"
            values[18] = nil  // a linear parcel's width would be on a class that is not linear
            return [Defect(rule: "DLTB.DLBM.code-unknown", layer: "DLTB", record: record, field: "DLBM")]
        case 1 where !cropland:
            values[5] = "旱地"
            return [Defect(rule: "DLTB.DLMC.name-code-mismatch", layer: "DLTB", record: record, field: "DLMC")]
        case 2:
            values[6] = nil
            return [Defect(rule: "DLTB.QSXZ.value-missing", layer: "DLTB", record: record, field: "QSXZ")]
        case 3:
            values[15] = Self.money((Double(values[15] ?? "") ?? 0) + 5)
            return [Defect(rule: "DLTB.TBDLMJ-not-TBMJ-minus-KCMJ", layer: "DLTB", record: record, field: "TBDLMJ")]
        case 4:
            values[10] = "错误村"
            return [Defect(rule: "DLTB.ZLDWMC-not-village-name", layer: "DLTB", record: record, field: "ZLDWMC")]
        default:
            values[3] = "A" + (values[3] ?? "")
            return [Defect(rule: "DLTB.TBBH-not-digits", layer: "DLTB", record: record, field: "TBBH")]
        }
    }
}
