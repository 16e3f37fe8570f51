import Foundation
import RuleEngine

/// Reads a VCT exchange file (中国地球空间数据交换格式 / 土地利用数据交换格式, versions 2.0 and 3.0):
/// one layer per attribute table of its `TableStructure`, each feature joined to its attribute row
/// by BSM, polygons built from their rings or from the signed line references of the topological
/// form. See docs/architecture.md ("VCT") and fixtures/vct/README.md for the layouts read.
///
/// Memory stays bounded by the number of features, not by the file: one pass indexes the sections,
/// every geometry record and attribute row by byte offset, a second follows the polygons' line
/// references (for lines no polygon uses), and the records are decoded when a layer is read, from
/// the memory-mapped file.
public enum VCTReader {
    public static let format = "vct"

    /// True when the first non-blank line is `HeadBegin` (any case, after a UTF-8 byte-order mark).
    public static func identify(firstBytes: Data) -> Bool {
        var bytes = Substring(decoding: firstBytes.prefix(256), as: UTF8.self)
        if bytes.hasPrefix("\u{FEFF}") { bytes = bytes.dropFirst() }
        let head = bytes.drop { $0.isWhitespace || $0.isNewline }
        return head.prefix(9).uppercased() == "HEADBEGIN"
    }

    /// Opens the file at `path`; `file` (relative to the submission) names it in findings.
    public static func open(path: String, file: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        let bytes: VCTBytes
        do {
            bytes = try VCTBytes(path: path)
        } catch {
            return (
                [],
                [FormatFinding(.datasetUnreadable, at: Location(file: file), ["reason": "cannot open for reading"])]
            )
        }
        return open(bytes: bytes, file: file)
    }

    /// Reads bytes held in memory as if they were the file `file` (fuzzing, tests).
    public static func open(data: Data, file: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        open(bytes: VCTBytes(data: data), file: file)
    }

    static func open(bytes: VCTBytes, file: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        let scan = VCTScan.scan(bytes)
        var findings = scan.findings.map {
            FormatFinding($0.defect, at: Location(file: file, line: $0.line, column: 1), $0.values)
        }
        func at(_ line: Int?) -> Location {
            line.map { Location(file: file, line: $0, column: 1) } ?? Location(file: file)
        }

        // encoding: a byte-order mark, else UTF-8 when every byte is valid UTF-8, else GB18030
        let encoding: TextEncoding = scan.utf8.valid ? .utf8 : .gb18030
        let info = EncodingInfo(
            declared: scan.byteOrderMark ? "UTF-8" : nil,
            source: scan.byteOrderMark ? .byteOrderMark : (scan.utf8.sawNonASCII ? .detected : .none),
            used: encoding.iconvName)
        let decoder = TextDecoder(encoding)
        func text(_ range: Range<Int>) -> String {
            guard let base = bytes.base, !range.isEmpty else { return "" }
            return decoder.decode(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count)).text
        }

        for required in [VCTSection.head, .featureCode, .tableStructure, .attribute]
        where scan.sections[required] == nil {
            findings.append(
                FormatFinding(
                    .vctSectionMissing, at: Location(file: file), value: required.written,
                    ["section": required.written + "Begin", "reason": "there is no \(required.written)Begin"]))
        }

        // head
        var head: [String: String] = [:]
        var headOrder: [String] = []
        for line in scan.headLines {
            let content = text(line.start..<line.end)
            guard let colon = content.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
                findings.append(
                    FormatFinding(
                        .vctHeaderInvalid, at: at(line.number), ["reason": "not Key:Value: \(content.prefix(40))"]))
                continue
            }
            let key = content[..<colon].trimmingCharacters(in: .whitespaces)
            if head[key.uppercased()] == nil { headOrder.append(key) }
            head[key.uppercased()] = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let headLine = scan.sections[.head]?.begin
        if scan.sections[.head] != nil {
            if (head["DATAMARK"] ?? "").isEmpty {
                findings.append(FormatFinding(.vctHeaderInvalid, at: at(headLine), ["reason": "no DataMark"]))
            }
            switch head["VERSION"] {
            case nil, "":
                findings.append(
                    FormatFinding(
                        .vctHeaderInvalid, at: at(headLine), ["reason": "no Version; read with the 3.0 layouts"]))
            case "2.0", "3.0":
                break
            case let other?:
                findings.append(
                    FormatFinding(
                        .vctHeaderInvalid, at: at(headLine),
                        ["reason": "Version \(other) is neither 2.0 nor 3.0; read with the 3.0 layouts"]))
            }
        }
        let crs = VCTCoordinateSystem.crs(head: head)
        if scan.sections[.head] != nil, let reason = crs.reason {
            findings.append(FormatFinding(.vctCRSUnidentified, at: at(headLine), ["reason": reason]))
        }

        // feature codes → tables
        let legacy = scan.version == "2.0"
        var codes: [Int64: VCTFeatureCode] = [:]
        for line in scan.featureCodeLines {
            let parts = bytes.fields(line).map { text($0) }
            guard parts.count >= 4, let code = Int64(parts[0]) else {
                findings.append(
                    FormatFinding(
                        .vctHeaderInvalid, at: at(line.number),
                        ["reason": "a feature code line is 要素代码,要素名称,几何类型,属性表名"]))
                continue
            }
            let table = legacy ? parts[parts.count - 1] : parts[3]
            codes[code] = VCTFeatureCode(code: code, name: parts[1], geometry: VCTGeometryKind(parts[2]), table: table)
        }

        // table structures
        var tables: [VCTTableStructure] = []
        var remaining = 0
        for line in scan.structureLines {
            let parts = bytes.fields(line).map { text($0) }
            if remaining == 0 {
                if parts.count == 1, parts[0] == "0" || parts[0].uppercased() == "TABLEEND" { continue }
                guard parts.count >= 2, let count = Int(parts[1]), count >= 0 else {
                    findings.append(
                        FormatFinding(
                            .vctHeaderInvalid, at: at(line.number),
                            [
                                "reason":
                                    "a table structure starts with 表名,字段数: \(parts.joined(separator: ",").prefix(40))"
                            ]))
                    continue
                }
                let none = parts.dropFirst(2).contains { $0.uppercased() == "NONEGEOMETRY" }
                tables.append(VCTTableStructure(name: parts[0], line: line.number, noneGeometry: none, fields: []))
                remaining = count
                continue
            }
            remaining -= 1
            guard parts.count >= 2, !parts[0].isEmpty else {
                findings.append(
                    FormatFinding(
                        .vctHeaderInvalid, at: at(line.number), ["reason": "a field line is 字段名,类型[,宽度[,小数]]"]))
                continue
            }
            tables[tables.count - 1].fields.append(
                VCTFieldType.definition(
                    name: parts[0], type: parts[1], width: parts.count > 2 ? Int(parts[2]) : nil,
                    decimals: parts.count > 3 ? Int(parts[3]) : nil))
        }
        if remaining > 0, let last = tables.last {
            findings.append(
                FormatFinding(
                    .vctHeaderInvalid, at: at(last.line),
                    [
                        "reason":
                            "table \(last.name) declares \(last.fields.count + remaining) fields but lists \(last.fields.count)"
                    ]))
        }

        // layers: one per table structure, then tables only the feature codes name
        var layerIndex: [String: Int] = [:]
        var plans: [VCTLayerPlan] = []
        for table in tables where layerIndex[table.name.uppercased()] == nil {
            layerIndex[table.name.uppercased()] = plans.count
            plans.append(VCTLayerPlan(name: table.name, fields: table.fields, declared: true))
        }
        for code in codes.values.sorted(by: { $0.code < $1.code }) {
            if let index = layerIndex[code.table.uppercased()] {
                if plans[index].kind == nil { plans[index].kind = code.geometry }
                continue
            }
            findings.append(
                FormatFinding(
                    .vctTableUndeclared, at: Location(file: file), value: code.table,
                    [
                        "table": code.table,
                        "reason": "feature code \(code.code) names it; TableStructure does not describe it",
                    ]))
            layerIndex[code.table.uppercased()] = plans.count
            var plan = VCTLayerPlan(name: code.table, fields: [], declared: false)
            plan.kind = code.geometry
            plans.append(plan)
        }
        func layerOf(code: Int64) -> Int? {
            codes[code].flatMap { layerIndex[$0.table.uppercased()] }
        }

        // features by layer; lines by BSM
        var orphanPolygons: [Int] = []
        for (section, entries, kind) in [
            (VCTSection.point, scan.points, VCTGeometryKind.point), (.polygon, scan.polygons, .polygon),
            (.annotation, scan.annotations, .annotation),
        ] {
            for entry in entries {
                guard let index = layerOf(code: entry.code), plans[index].kind == kind else {
                    let named = layerOf(code: entry.code).map {
                        "names layer \(plans[$0].name), which is not a \(kind.rawValue) layer"
                    }
                    findings.append(
                        FormatFinding(
                            .vctFeatureCodeUnknown, at: at(Int(entry.line)), value: String(entry.code),
                            [
                                "bsm": String(entry.bsm), "code": String(entry.code),
                                "reason": named ?? "the FeatureCode section does not list it",
                                "section": section.written,
                            ]))
                    if kind == .polygon { orphanPolygons.append(entry.offset) }
                    continue
                }
                plans[index].features.append(entry)
            }
        }
        var arcs = VCTArcs()
        for entry in scan.lines {
            let layer = layerOf(code: entry.code)
            var owner = VCTArcs.boundaryOnly
            if let layer {
                switch plans[layer].kind {
                case .line?:
                    owner = VCTArcs.lineFeature
                    plans[layer].features.append(entry)
                case .polygon?: owner = Int32(layer)
                default: owner = VCTArcs.foreign
                }
            }
            arcs.add(entry, owner: owner)
        }
        arcs.finish()

        // attribute rows by table
        for raw in scan.tableOrder {
            let name = decodedName(raw, decoder)
            let rows = scan.rows[raw] ?? []
            guard let index = layerIndex[name.uppercased()], plans[index].declared else {
                findings.append(
                    FormatFinding(
                        .vctTableUndeclared, at: at(scan.tableLines[raw]), value: name,
                        [
                            "table": name,
                            "reason":
                                "the Attribute section holds \(rows.count) rows for it; TableStructure does not describe it",
                        ]))
                continue
            }
            plans[index].rows += rows
        }

        // second pass: which lines the polygons use
        let version = scan.version
        var used = [Bool](repeating: false, count: arcs.count)
        var offsets = orphanPolygons
        for plan in plans where plan.kind == .polygon { offsets += plan.features.map(\.offset) }
        var sinceRelease = 0
        for offset in offsets {
            var cursor = VCTCursor(bytes: bytes, from: offset)
            guard let first = cursor.nextNonEmpty() else { continue }
            var parser = VCTRecordParser(bytes: bytes, legacy: version == "2.0", cursor: cursor, decode: false)
            guard let polygon = try? parser.polygon(first) else { continue }
            for reference in polygon.references where reference != 0 {
                if let arc = arcs.find(abs(reference)) { used[arc] = true }
            }
            sinceRelease += 1
            if sinceRelease == 65536 {
                bytes.release()
                sinceRelease = 0
            }
        }
        bytes.release()
        for arc in 0..<arcs.count where !used[arc] && (arcs.owner[arc] >= 0 || arcs.owner[arc] == VCTArcs.boundaryOnly)
        {
            let owner =
                arcs.owner[arc] >= 0
                ? "a boundary line of \(plans[Int(arcs.owner[arc])].name)" : "a boundary line (its 要素代码 names no layer)"
            findings.append(
                FormatFinding(
                    .vctLineUnused, at: at(Int(arcs.line[arc])), value: String(arcs.bsm[arc]),
                    ["bsm": String(arcs.bsm[arc]), "reason": owner]))
        }

        let source = VCTSource(
            bytes: bytes, file: file, legacy: legacy, separator: scan.separator, encoding: encoding,
            encodingInfo: info, crs: crs.info, arcs: arcs)
        var layers: [any Layer] = []
        for (index, plan) in plans.enumerated() {
            layers.append(VCTLayer(source: source, plan: plan.finished(), index: index))
        }
        return (layers, findings)
    }

    private static func decodedName(_ raw: [UInt8], _ decoder: TextDecoder) -> String {
        raw.withUnsafeBytes { decoder.decode($0).text }
    }
}
