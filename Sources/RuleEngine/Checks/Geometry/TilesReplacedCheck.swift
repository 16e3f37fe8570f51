/// `tiles-replaced`: the update parcels (the rule's layer, DLTBGX) cover exactly the land of the base
/// parcels they replace (`base`, e.g. `base.DLTB`), as the process records (`layer`, DLTBGXGC) pair them.
///
/// The process records are grouped into changes: a before-parcel and an after-parcel named by one
/// record belong to the same change, so a split, a merge or a reshaping of several parcels is one group.
/// Each group is judged on its own, never a whole layer: the part of an update parcel outside the
/// group's base parcels (land taken from an unchanged base parcel, an overlap) and the part of the base
/// parcels no update parcel of the group covers (land lost) are the error geometry. A group with new
/// land (a blank before-parcel) is not judged for the first, one with land leaving the county (a blank
/// after-parcel) not for the second.
struct TilesReplacedCheck: ComparingGeometryCheck {
    static let descriptor = CheckDescriptor(
        id: "tiles-replaced",
        summary: LocalizedText(
            zh: "更新图斑与其替换的基础库图斑范围不一致",
            en: "The update parcels do not cover exactly the base parcels they replace."),
        message: LocalizedText(zh: "{problem_zh}", en: "{problem}"),
        element: .topologicalConsistency,
        parameters: [
            CheckParameter("layer", "layer", "the update-process layer pairing before- and after-parcels"),
            CheckParameter("base", "layer", "the base layer whose parcels are replaced (`base.DLTB`)"),
            CheckParameter("key", "field", "the identifier of a parcel, here and in the base", default: "BSM"),
            CheckParameter("before", "field", "the process layer's before-parcel identifier", default: "BGQTBBSM"),
            CheckParameter("after", "field", "the process layer's after-parcel identifier", default: "BGHTBBSM"),
            CheckParameter("tolerance", "number", "the area allowed to differ, in m²", default: "0"),
        ])

    var layer: String
    var base: String
    var key: String
    var before: String
    var after: String
    var tolerance: Double

    static func parse(_ parameters: inout GeometryParameters) throws(RulePackError) -> Self {
        let process = try parameters.otherLayer()
        let location = parameters.map.location
        let baseName = try parameters.map.requireString("base")
        guard parameters.layers.contains(where: { "base." + $0.name == baseName }) else {
            throw RulePackError(
                .invalidValue(
                    key: "base", value: baseName,
                    allowed: parameters.layers.map { "base." + $0.name }.joined(separator: ", ")),
                at: location)
        }
        let key = try parameters.map.string("key") ?? "BSM"
        return Self(
            layer: process.name, base: baseName, key: try parameters.field(key),
            before: try parameters.field(try parameters.map.string("before") ?? "BGQTBBSM", in: process),
            after: try parameters.field(try parameters.map.string("after") ?? "BGHTBBSM", in: process),
            tolerance: try parameters.number("tolerance", default: 0))
    }

    var parameterText: String {
        "layer \(layer) (\(before) → \(after)), base \(base), key \(key), tolerance \(GeometryParameters.format(tolerance))"
    }
    var otherLayer: String? { layer }
    /// The base layer read besides the submission's (for `BaseLayers.needed`).
    var baseLayer: String? { base }
    func keptFields(ownLayer: Bool) -> [String] { ownLayer ? [key] : [before, after] }

    /// Runs in a lane of its own, beside the comparisons that use every core.
    var runsBesideOthers: Bool { true }

    func compare(_ comparison: Comparison) -> [GeometryOutput]? {
        let run = comparison.run
        guard let process = run.keptData(layer),
            let baseSource = run.baseLayer(String(base.dropFirst("base.".count)))
        else { return nil }
        let own = comparison.data
        let ownKeys = (own.values[comparison.ruleID] ?? []).map { $0.first ?? nil }
        let pairs = (process.values[comparison.ruleID] ?? []).map {
            (before: $0.first ?? nil, after: $0.count > 1 ? $0[1] : nil)
        }
        let groups = ChangeGroups(pairs)
        // the update parcels by identifier, in record order
        var updates: [String: [Int]] = [:]
        for (index, value) in ownKeys.enumerated() {
            if let value { updates[value, default: []].append(index) }
        }
        // one pass over the base identifiers finds the record numbers of the replaced parcels only
        let wanted = groups.beforeKeys
        var baseRecords: [String: Int] = [:]
        if let column = baseSource.schema.index(of: key), !wanted.isEmpty {
            var columns = Array(repeating: false, count: baseSource.schema.fields.count)
            columns[column] = true
            for case .success(let record) in baseSource.records(columns: columns, shapes: false) {
                if let value = record[column], wanted.contains(value), baseRecords[value] == nil {
                    baseRecords[value] = record.number
                }
            }
        }
        let session = comparison.operations.makeSession()
        var reader = comparison.source.shapeReader()
        var baseReader = baseSource.shapeReader()
        let made = comparison.outputs
        var outputs: [GeometryOutput] = []
        var judged: [(first: Int, group: ChangeGroups.Group)] = []
        for group in groups.groups {
            let members = group.after.flatMap { updates[$0] ?? [] }.sorted()
            guard let first = members.first else { continue }
            judged.append((first, group))
        }
        for (first, group) in judged.sorted(by: { $0.first < $1.first }) {
            let members = group.after.flatMap { updates[$0] ?? [] }.sorted()
            // invalid shapes are the validity rule's; the group cannot be judged without them
            guard members.allSatisfy({ own.envelopes[$0].minX <= own.envelopes[$0].maxX }) else { continue }
            var afterShapes: [TargetShape] = []
            for index in members {
                guard let shape = reader.shape(record: own.records[index]) else { continue }
                afterShapes.append(TargetShape(id: "#\(own.records[index])", geometry: shape))
            }
            var beforeShapes: [TargetShape] = []
            var beforeNames: [String] = []
            for name in group.before.sorted() {
                guard let record = baseRecords[name], let shape = baseReader.shape(record: record) else { continue }
                beforeShapes.append(TargetShape(id: "base#\(record)", geometry: shape))
                beforeNames.append(name)
            }
            // dangling identifiers are the reference rules' findings: a side with one is not judged
            guard !beforeShapes.isEmpty, afterShapes.count == members.count else { continue }
            let allBefore = beforeNames.count == group.before.count
            let allAfter = group.after.allSatisfy { updates[$0] != nil }
            let replaced = beforeNames.joined(separator: ", ")
            if !group.hasNewLand, allBefore {
                for (position, index) in members.enumerated() {
                    let overlay = session.overlay(afterShapes[position].geometry, on: beforeShapes)
                    guard overlay.outsideArea > tolerance else { continue }
                    let area = GeometryFormat.number(overlay.outsideArea)
                    outputs.append(
                        made.output(
                            record: index,
                            [
                                "problem":
                                    "an area of \(area) m² lies outside the base parcels it replaces (\(replaced)): "
                                    + "it overlaps land the update leaves unchanged",
                                "problem_zh": "有面积 \(area) 平方米位于其替换的基础库图斑（\(replaced)）之外，与未变更的土地重叠",
                                "area": area, "replaced": replaced,
                            ],
                            geometry: GeometryFormat.combined(overlay.outside), exact: !overlay.outside.isEmpty))
                }
            }
            if !group.hasLeavingLand, allAfter {
                var uncovered: [ErrorGeometry] = []
                var total = 0.0
                for shape in beforeShapes {
                    let overlay = session.overlay(shape.geometry, on: afterShapes)
                    total += overlay.outsideArea
                    uncovered += overlay.outside
                }
                if total > tolerance {
                    let area = GeometryFormat.number(total)
                    outputs.append(
                        made.output(
                            record: first,
                            [
                                "problem":
                                    "an area of \(area) m² of the base parcels it replaces (\(replaced)) is covered by "
                                    + "no update parcel of the change",
                                "problem_zh": "其替换的基础库图斑（\(replaced)）有面积 \(area) 平方米未被该变更的任何更新图斑覆盖",
                                "area": area, "replaced": replaced,
                            ],
                            geometry: GeometryFormat.combined(uncovered), exact: !uncovered.isEmpty))
                }
            }
        }
        return outputs
    }
}

/// The process records grouped into changes: before- and after-parcels joined by any record are one group.
struct ChangeGroups {
    struct Group {
        var before: [String] = []
        var after: [String] = []
        /// A record of the group has no before-parcel (new land).
        var hasNewLand = false
        /// A record of the group has no after-parcel (land leaving the county or ceasing).
        var hasLeavingLand = false
    }

    private(set) var groups: [Group] = []

    /// The before-parcels of every group.
    var beforeKeys: Set<String> { Set(groups.flatMap(\.before)) }

    init(_ pairs: [(before: String?, after: String?)]) {
        // union-find over the parcels: "q" + before, "h" + after
        var parent: [String: String] = [:]
        func root(_ node: String) -> String {
            var node = node
            while let up = parent[node], up != node {
                parent[node] = parent[up] ?? up
                node = up
            }
            return node
        }
        func add(_ node: String) { if parent[node] == nil { parent[node] = node } }
        for (before, after) in pairs {
            let nodes = [before.map { "q" + $0 }, after.map { "h" + $0 }].compactMap { $0 }
            nodes.forEach(add)
            if nodes.count == 2 {
                let (a, b) = (root(nodes[0]), root(nodes[1]))
                if a != b { parent[max(a, b)] = min(a, b) }
            }
        }
        var byRoot: [String: Group] = [:]
        for node in parent.keys.sorted() {
            let name = String(node.dropFirst())
            if node.hasPrefix("q") {
                byRoot[root(node), default: Group()].before.append(name)
            } else {
                byRoot[root(node), default: Group()].after.append(name)
            }
        }
        for (before, after) in pairs {
            guard let some = (before.map { "q" + $0 } ?? after.map { "h" + $0 }) else { continue }
            let top = root(some)
            if before == nil { byRoot[top]?.hasNewLand = true }
            if after == nil { byRoot[top]?.hasLeavingLand = true }
        }
        groups = byRoot.keys.sorted().compactMap { byRoot[$0] }
    }
}
