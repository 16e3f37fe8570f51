import Foundation
import RuleEngine

/// The `[属性描述]` section as a one-record table.
struct BoundaryHeaderLayer: Layer {
    let name = "属性描述"
    let file: String
    let format = BoundaryTXTReader.format
    let schema: LayerSchema
    let values: [String?]
    let encoding: EncodingInfo?
    var crs: CRSInfo?
    /// The file: its three layers belong together, apart from those of any other coordinate file.
    var dataset: String { file }
    var recordCount: Int { 1 }

    init(file: String, keys: [String], values: [String: String], encoding: EncodingInfo) {
        self.file = file
        schema = LayerSchema(
            fields: keys.map { FieldDefinition(name: $0, type: .text, width: 254, decimals: 0) },
            geometryType: nil)
        self.values = keys.map { values[$0].flatMap { $0.isEmpty ? nil : $0 } }
        self.encoding = encoding
    }

    func records() -> any Sequence<Result<Record, ReadProblem>> {
        [Result<Record, ReadProblem>.success(Record(number: 1, values: values))]
    }
}

/// The parcels, one record each with its polygon.
struct BoundaryParcelLayer: Layer {
    let name = "地块坐标"
    let file: String
    let format = BoundaryTXTReader.format
    let parcels: [BoundaryParcel]
    let encoding: EncodingInfo?
    var crs: CRSInfo?
    /// The file: its three layers belong together, apart from those of any other coordinate file.
    var dataset: String { file }
    var recordCount: Int { parcels.count }
    var schema: LayerSchema {
        LayerSchema(
            fields: BoundaryTXTReader.parcelFields.map { name in
                // 地块面积 stays text: files write it with 1-4 decimals and sometimes a 公顷 suffix, and the
                // pack judges it at the decimals the file declares
                let type: FieldType = name == "界址点数" ? .integer : name == "计算面积" ? .real : .text
                return FieldDefinition(name: name, type: type, width: 254, decimals: type == .real ? 4 : 0)
            }, geometryType: "Polygon")
    }

    init(file: String, parcels: [BoundaryParcel], encoding: EncodingInfo) {
        self.file = file
        self.parcels = parcels
        self.encoding = encoding
    }

    func records() -> any Sequence<Result<Record, ReadProblem>> {
        parcels.enumerated().lazy.map { index, parcel in
            let geometry = parcel.geometry
            let area = geometry.map { String(format: "%.4f", $0.planarArea / 10_000) }
            return .success(
                Record(
                    number: index + 1, values: parcel.values.map { $0.isEmpty ? nil : $0 } + [area],
                    geometry: geometry))
        }
    }
}

/// The points, one record each, with the number of the parcel they bound.
struct BoundaryPointLayer: Layer {
    let name = "界址点"
    let file: String
    let format = BoundaryTXTReader.format
    let parcels: [BoundaryParcel]
    let encoding: EncodingInfo?
    var crs: CRSInfo?
    /// The file: its three layers belong together, apart from those of any other coordinate file.
    var dataset: String { file }
    var recordCount: Int { parcels.reduce(0) { $0 + $1.points.count } }
    var schema: LayerSchema {
        LayerSchema(
            fields: BoundaryTXTReader.pointFields.map { name in
                let numeric = name == "X坐标" || name == "Y坐标"
                return FieldDefinition(name: name, type: numeric ? .real : .text, width: 254, decimals: numeric ? 3 : 0)
            }, geometryType: nil)
    }

    init(file: String, parcels: [BoundaryParcel], encoding: EncodingInfo) {
        self.file = file
        self.parcels = parcels
        self.encoding = encoding
    }

    func records() -> any Sequence<Result<Record, ReadProblem>> {
        parcels.lazy.flatMap { parcel in parcel.points.map { (parcel.values[2], $0) } }.enumerated().lazy.map {
            index, pair in
            let (parcel, point) = pair
            return .success(
                Record(number: index + 1, values: [parcel, point.number, point.ring, point.x, point.y]))
        }
    }
}
