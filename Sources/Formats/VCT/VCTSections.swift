import Foundation
import RuleEngine

/// One line of the FeatureCode section.
struct VCTFeatureCode {
    var code: Int64
    var name: String
    var geometry: VCTGeometryKind?
    var table: String
}

/// The geometry type a feature code declares.
enum VCTGeometryKind: String, Sendable {
    case point = "Point"
    case line = "Line"
    case polygon = "Polygon"
    case annotation = "Annotation"

    init?(_ written: String) {
        switch written.uppercased() {
        case "POINT", "点": self = .point
        case "LINE", "线": self = .line
        case "POLYGON", "面": self = .polygon
        case "ANNOTATION", "注记": self = .annotation
        default: return nil
        }
    }

    /// The layer's geometry type name (`LayerSchema.geometryType`); an annotation is read as points.
    var schemaName: String {
        switch self {
        case .point, .annotation: "Point"
        case .line: "Line"
        case .polygon: "Polygon"
        }
    }
}

/// One table of the TableStructure section.
struct VCTTableStructure {
    var name: String
    var line: Int
    var noneGeometry: Bool
    var fields: [FieldDefinition]
}

/// The line records by BSM, sorted, with the layer each belongs to.
struct VCTArcs: Sendable {
    /// A line whose 要素代码 names no layer: a boundary line only (`1099000000` in some writers).
    static let boundaryOnly: Int32 = -1
    /// A line feature of a Line layer: any polygon may use it.
    static let lineFeature: Int32 = -2
    /// A line coded as a point or annotation layer: no polygon may use it.
    static let foreign: Int32 = -3

    var bsm: [Int64] = []
    var offset: [Int] = []
    var line: [Int32] = []
    /// The polygon layer (index) whose code the line carries, or one of the constants above.
    var owner: [Int32] = []
    var count: Int { bsm.count }

    mutating func add(_ entry: VCTEntry, owner: Int32) {
        bsm.append(entry.bsm)
        offset.append(entry.offset)
        line.append(entry.line)
        self.owner.append(owner)
    }

    /// Sorts by BSM (stable: the first of a repeated BSM wins) unless already sorted.
    mutating func finish() {
        guard zip(bsm, bsm.dropFirst()).contains(where: { $0 > $1 }) else { return }
        let order = bsm.indices.sorted { bsm[$0] != bsm[$1] ? bsm[$0] < bsm[$1] : $0 < $1 }
        bsm = order.map { bsm[$0] }
        offset = order.map { offset[$0] }
        line = order.map { line[$0] }
        owner = order.map { owner[$0] }
    }

    /// The index of the first line with `value` as BSM.
    func find(_ value: Int64) -> Int? {
        var low = 0
        var high = bsm.count
        while low < high {
            let middle = (low + high) / 2
            if bsm[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < bsm.count && bsm[low] == value ? low : nil
    }
}

/// A layer as gathered at open, before its rows are matched to its features.
struct VCTLayerPlan {
    var name: String
    var fields: [FieldDefinition]
    /// Whether TableStructure describes the table.
    var declared: Bool
    var kind: VCTGeometryKind?
    var features: [VCTEntry] = []
    var rows: [VCTEntry] = []

    /// The join: rows sorted by BSM (file order among equal BSMs), and the rows no feature takes.
    func finished() -> VCTLayerPlan.Joined {
        var joined = Joined(
            name: name, fields: fields, declared: declared, kind: kind, featureOffsets: features.map(\.offset))
        guard declared else { return joined }
        if kind == nil {
            joined.looseRows = rows.map { ($0.offset, $0.line) }
            return joined
        }
        let sorted = rows.sorted { $0.bsm != $1.bsm ? $0.bsm < $1.bsm : $0.offset < $1.offset }
        joined.rowBSM = sorted.map(\.bsm)
        joined.rowOffset = sorted.map(\.offset)
        joined.rowLine = sorted.map(\.line)
        var featureCounts: [Int64: Int] = [:]
        let featureBSMs = features.map(\.bsm).sorted()
        var index = 0
        while index < featureBSMs.count {
            var end = index + 1
            while end < featureBSMs.count, featureBSMs[end] == featureBSMs[index] { end += 1 }
            if end - index > 1 { joined.repeatedBSM.insert(featureBSMs[index]) }
            featureCounts[featureBSMs[index]] = end - index
            index = end
        }
        // rows past the number of features sharing their BSM have no feature
        var loose: [VCTEntry] = []
        var position = 0
        while position < sorted.count {
            var end = position + 1
            while end < sorted.count, sorted[end].bsm == sorted[position].bsm { end += 1 }
            let taken = featureCounts[sorted[position].bsm] ?? 0
            if end - position > taken { loose += sorted[(position + taken)..<end] }
            position = end
        }
        joined.looseRows = loose.sorted { $0.offset < $1.offset }.map { ($0.offset, $0.line) }
        return joined
    }

    struct Joined: Sendable {
        var name: String
        var fields: [FieldDefinition]
        var declared: Bool
        var kind: VCTGeometryKind?
        var featureOffsets: [Int]
        var rowBSM: [Int64] = []
        var rowOffset: [Int] = []
        var rowLine: [Int32] = []
        var repeatedBSM: Set<Int64> = []
        /// Rows without a feature (every row of a table without geometry), by offset in file order.
        var looseRows: [(offset: Int, line: Int32)] = []

        /// The index of the first row with `value` as BSM.
        func firstRow(_ value: Int64) -> Int? {
            var low = 0
            var high = rowBSM.count
            while low < high {
                let middle = (low + high) / 2
                if rowBSM[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < rowBSM.count && rowBSM[low] == value ? low : nil
        }
    }
}
