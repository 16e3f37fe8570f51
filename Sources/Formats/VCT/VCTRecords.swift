import Foundation
import RuleEngine

/// The records of a VCT layer: its features in file order, each joined to its row by BSM, then the
/// rows no feature takes (every row, for a table without geometry).
struct VCTRecords: Sequence, IteratorProtocol {
    let layer: VCTLayer
    let columns: [Bool]?
    let shapes: Bool
    let decoder: TextDecoder
    var position = 0
    /// How many features with a repeated BSM have taken a row so far.
    var taken: [Int64: Int] = [:]

    init(layer: VCTLayer, columns: [Bool]?, shapes: Bool) {
        self.layer = layer
        self.columns = columns
        self.shapes = shapes
        decoder = TextDecoder(layer.source.encoding)
    }

    mutating func next() -> Result<Record, ReadProblem>? {
        let plan = layer.plan
        guard position < layer.recordCount else { return nil }
        let number = position + 1
        position += 1
        if position % 8192 == 0 { layer.source.bytes.release() }
        let location = Location(file: layer.file, layer: layer.name, record: number)
        if number > plan.featureOffsets.count {
            let loose = plan.looseRows[number - plan.featureOffsets.count - 1]
            var (values, problems) = row(at: loose.offset, line: Int(loose.line), location: location)
            if plan.kind != nil {
                problems.append(
                    FormatFinding(
                        .vctFeatureMissing, at: location, value: values.first.flatMap { $0 },
                        ["bsm": values.first.flatMap { $0 } ?? "?", "line": String(loose.line)]))
            }
            return .success(Record(number: number, values: values, problems: problems))
        }
        switch layer.feature(at: number - 1) {
        case .failure(let problem):
            return .failure(problem)
        case .success(let (feature, geometry, shapeProblems)):
            var problems = shapeProblems
            guard plan.declared else {
                return .success(
                    Record(number: number, values: [], geometry: shapes ? geometry : nil, problems: problems))
            }
            var rank = 0
            if plan.repeatedBSM.contains(feature.bsm) {
                rank = taken[feature.bsm, default: 0]
                taken[feature.bsm] = rank + 1
            }
            guard let first = plan.firstRow(feature.bsm), first + rank < plan.rowBSM.count,
                plan.rowBSM[first + rank] == feature.bsm
            else {
                return .failure(
                    ReadProblem(
                        at: location, "feature \(feature.bsm) has no row in table \(plan.name)", defect: .vctRowMissing,
                        ["bsm": String(feature.bsm), "table": plan.name]))
            }
            let (values, rowProblems) = row(
                at: plan.rowOffset[first + rank], line: Int(plan.rowLine[first + rank]), location: location)
            problems += rowProblems
            return .success(
                Record(number: number, values: values, geometry: shapes ? geometry : nil, problems: problems))
        }
    }

    /// A row's values in field order (the decoded text, blank as nil), with a field-count finding.
    func row(at offset: Int, line number: Int, location: Location) -> ([String?], [FormatFinding]) {
        let bytes = layer.source.bytes
        var cursor = VCTCursor(bytes: bytes, from: offset)
        guard let line = cursor.next(), let base = bytes.base else { return ([], []) }
        let fields = bytes.fields(line, separator: layer.source.separator)
        let expected = layer.plan.fields.count
        var problems: [FormatFinding] = []
        if fields.count != expected {
            problems.append(
                FormatFinding(
                    .vctFieldCountMismatch, at: location, value: String(fields.count),
                    [
                        "table": layer.plan.name, "declared": String(expected), "actual": String(fields.count),
                        "line": String(number),
                    ]))
        }
        var values: [String?] = []
        values.reserveCapacity(expected)
        for column in 0..<expected {
            guard column < fields.count, columns.map({ column < $0.count && $0[column] }) ?? true || column == 0
            else {
                values.append(nil)
                continue
            }
            let range = fields[column]
            if range.isEmpty {
                values.append(nil)
                continue
            }
            let decoded = decoder.decode(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
            if let bad = decoded.badOffset {
                let field = layer.plan.fields[column].name
                problems.append(
                    FormatFinding(
                        .textUndecodable,
                        at: Location(file: layer.file, layer: layer.name, record: location.record, field: field),
                        ["field": field, "offset": String(bad), "encoding": layer.source.encoding.iconvName]))
            }
            values.append(decoded.text)
        }
        return (values, problems)
    }
}

/// Reads shapes again by record number, straight from the file; hands the pages it read back to
/// the kernel every 8192 shapes, as the record pass does.
struct VCTShapeReader: ShapeReader {
    let layer: VCTLayer
    var reads = 0

    mutating func shape(record: Int) -> Geometry? {
        reads += 1
        if reads % 8192 == 0 { layer.source.bytes.release() }
        guard record >= 1, record <= layer.plan.featureOffsets.count,
            case .success(let (_, geometry, _)) = layer.feature(at: record - 1)
        else { return nil }
        return geometry
    }
}
