import Foundation
import RuleEngine

/// Reads the boundary-coordinate text file of a construction-land approval submission
/// (建设用地报批 电子报盘 坐标文件): a `[属性描述]` section of `key=value` lines, then
/// `[地块坐标]` with, per parcel, a header line
/// `界址点数,地块面积,地块编号,地块名称,图形属性,图幅号,地块用途,地类编码,@` followed by
/// point lines `点号,圈号,X坐标,Y坐标`.
///
/// It yields three layers named after the file's own sections: `属性描述` (one record, a field per
/// key, in file order), `地块坐标` (a record per parcel, with its polygon) and `界址点` (a record per
/// point, with the parcel's number). Assumptions, as the format is recalled and not checked against
/// its published description: X is the northing and Y the easting (with the zone number in front),
/// 圈号 1 is the outer ring and higher numbers are holes, 地块面积 is in hectares, each ring repeats
/// its first point at the end, and the text is GBK (GB18030) unless it is valid UTF-8.
public enum BoundaryTXTReader {
    public static let format = "boundary-txt"

    /// The parcel header fields, in file order, then `计算面积`: the area of the parcel's rings in
    /// hectares (holes subtracted, four decimals), which the reader computes so that rules can
    /// compare it with the declared `地块面积`.
    public static let parcelFields = [
        "界址点数", "地块面积", "地块编号", "地块名称", "图形属性", "图幅号", "地块用途", "地类编码", "计算面积",
    ]
    /// The point fields: the parcel it belongs to, then the line's own four.
    public static let pointFields = ["地块编号", "点号", "圈号", "X坐标", "Y坐标"]

    /// A coordinate file is parsed whole; one larger than this (a million points take about 40 MB) is not read.
    static let sizeLimit = 64 << 20
    /// Malformed lines reported one by one; the rest are one finding.
    static let findingLimit = 1000

    /// True when the file's first non-blank line is `[属性描述]` (in UTF-8 or GBK).
    public static func identify(_ bytes: Data) -> Bool {
        let head = decode(bytes.prefix(256)).text.trimmingWhitespace()
        return head.hasPrefix("[属性描述]")
    }

    /// Parses `path` (relative `file` names it in findings) into its layers and format findings.
    ///
    /// A file with no section header at all gives no layer: its findings are the two missing sections
    /// and one malformed line for the text before the first section.
    public static func open(_ path: String, file: String) -> (layers: [any Layer], findings: [FormatFinding]) {
        // the file is parsed whole, so its size is bounded before it is read
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > sizeLimit {
            return (
                [],
                [
                    FormatFinding(
                        .datasetUnreadable, at: Location(file: file),
                        ["reason": "\(size) bytes, more than the \(sizeLimit) a coordinate file is read up to"])
                ]
            )
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return (
                [], [FormatFinding(.datasetUnreadable, at: Location(file: file), ["reason": "cannot open for reading"])]
            )
        }
        let (text, encoding) = decode(data)
        var findings: [FormatFinding] = []
        // malformed lines past `findingLimit` are counted in one finding, so findings stay bounded
        var malformed = 0
        var unlisted: (first: Int, count: Int)?
        func defect(_ kind: FormatDefect, line: Int, _ values: [String: String], value: String? = nil) {
            if kind == .boundaryLineMalformed {
                malformed += 1
                if malformed > findingLimit {
                    unlisted = (unlisted?.first ?? line, (unlisted?.count ?? 0) + 1)
                    return
                }
            }
            findings.append(FormatFinding(kind, at: Location(file: file, line: line, column: 1), value: value, values))
        }

        var section = ""
        var keys: [String] = []
        var header: [String: String] = [:]
        var parcels: [BoundaryParcel] = []
        var sawSections: Set<String> = []
        // lines before the first section header: one finding at the first, however many there are
        var preamble: (line: Int, count: Int)?
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: "\r \t\u{FEFF}"))
        }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.isEmpty { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                sawSections.insert(section)
                if section == "项目信息" {
                    // reported, not rejected (research/standards/others-discrepancies.md bpzb #2)
                    defect(.boundarySectionRegional, line: number, ["section": section, "line": String(number)])
                }
                continue
            }
            switch section {
            case "属性描述":
                guard let equals = line.firstIndex(of: "=") else {
                    defect(.boundaryLineMalformed, line: number, ["reason": "not key=value: \(line)"])
                    continue
                }
                let key = line[..<equals].trimmingSpaces()
                if header[key] == nil { keys.append(key) }
                header[key] = line[line.index(after: equals)...].trimmingSpaces()
            case "项目信息":
                // a regional variant opens with a project section of key=value lines before [属性描述]
                // (research/standards/baopi-txt.md); it is not part of the format's layers
                if !line.contains("=") {
                    defect(.boundaryLineMalformed, line: number, ["reason": "not key=value: \(line)"])
                }
            case "地块坐标":
                let columns = line.split(separator: ",", omittingEmptySubsequences: false).map {
                    $0.trimmingSpaces()
                }
                if columns.last == "@" {
                    // some writers add a ninth item, 描述, before @ (research/standards/baopi-txt.md); it is
                    // not one of the format's fields and is left out
                    guard columns.count == 9 || columns.count == 10 else {
                        defect(
                            .boundaryLineMalformed, line: number,
                            ["reason": "a parcel line has \(columns.count - 1) fields before @, not 8"])
                        continue
                    }
                    parcels.append(BoundaryParcel(line: number, values: Array(columns.prefix(8)), points: []))
                } else if columns.count == 4, !parcels.isEmpty,
                    let bad = [("X", columns[2]), ("Y", columns[3])].first(where: { _, text in
                        Double(text).map { !$0.isFinite || abs($0) > 1e15 } ?? false
                    })
                {
                    // "nan", "inf" and 1e400 parse as numbers, but are no place: the point is not used
                    defect(
                        .coordinateInvalid, line: number,
                        ["vertex": columns[0], "axis": bad.0, "coordinate": bad.1], value: bad.1)
                } else if columns.count == 4, Double(columns[2]) != nil, Double(columns[3]) != nil, !parcels.isEmpty {
                    parcels[parcels.count - 1].points.append(
                        BoundaryPoint(line: number, number: columns[0], ring: columns[1], x: columns[2], y: columns[3]))
                } else {
                    defect(
                        .boundaryLineMalformed, line: number,
                        [
                            "reason": parcels.isEmpty && columns.count == 4
                                ? "a point line before any parcel line"
                                : "neither a parcel line (… ,@) nor a point line (点号,圈号,X,Y)"
                        ])
                }
            case "":
                preamble = (preamble?.line ?? number, (preamble?.count ?? 0) + 1)
            default:
                defect(.boundaryLineMalformed, line: number, ["reason": "outside the [属性描述] and [地块坐标] sections"])
            }
        }
        if let preamble {
            let lines = preamble.count == 1 ? "1 line" : "\(preamble.count) lines"
            defect(
                .boundaryLineMalformed, line: preamble.line,
                ["reason": "\(lines) before the first section; a coordinate file opens with [属性描述]"])
        }
        if let unlisted {
            findings.append(
                FormatFinding(
                    .boundaryLineMalformed, at: Location(file: file, line: unlisted.first, column: 1),
                    [
                        "reason":
                            "\(unlisted.count) more malformed lines from here on, past the first \(findingLimit), not listed"
                    ]))
        }
        for required in ["属性描述", "地块坐标"] where !sawSections.contains(required) {
            findings.append(
                FormatFinding(.boundarySectionMissing, at: Location(file: file), value: required, ["section": required])
            )
        }
        for parcel in parcels { findings += parcel.structuralFindings(file: file) }
        // no section at all: not a coordinate file (a pack declared it one); its findings say so, and
        // empty layers would only repeat it as missing fields
        if sawSections.isEmpty { return ([], findings) }

        let crs = crs(of: header)
        var headerLayer = BoundaryHeaderLayer(file: file, keys: keys, values: header, encoding: encoding)
        var parcelLayer = BoundaryParcelLayer(file: file, parcels: parcels, encoding: encoding)
        var pointLayer = BoundaryPointLayer(file: file, parcels: parcels, encoding: encoding)
        headerLayer.crs = crs
        parcelLayer.crs = crs
        pointLayer.crs = crs
        return ([headerLayer, parcelLayer, pointLayer], findings)
    }

    /// The EPSG code of the Gauss-Krüger zone the header declares (坐标系, 几度分带, 带号), for zone-
    /// prefixed eastings: CGCS2000 3° zone n is EPSG:4488+n (4513–4533), 6° zone n is 4478+n
    /// (4491–4501); Xian 1980 3° is 2324+n (2349–2369); Beijing 1954 3° is 2376+n (2401–2421).
    /// Nil for anything else.
    static func crs(of header: [String: String]) -> CRSInfo? {
        guard let zone = header["带号"].flatMap({ Int($0) }), let width = header["几度分带"] else { return nil }
        let system = header["坐标系"] ?? ""
        let code: Int?
        switch (system, width) {
        case ("2000国家大地坐标系", "3") where (25...45).contains(zone): code = 4488 + zone
        case ("2000国家大地坐标系", "6") where (13...23).contains(zone): code = 4478 + zone
        case ("1980西安坐标系", "3") where (25...45).contains(zone): code = 2324 + zone
        case ("1954北京坐标系", "3") where (25...45).contains(zone): code = 2376 + zone
        default: code = nil
        }
        guard let code else { return nil }
        return CRSInfo(wkt: "EPSG:\(code)", name: "\(system) \(width)度带 \(zone)", epsg: code, confidence: nil)
    }

    /// UTF-8 when the bytes are valid UTF-8, else GB18030 (the superset of GBK).
    static func decode(_ bytes: Data) -> (text: String, encoding: EncodingInfo) {
        if let text = String(data: bytes, encoding: .utf8) {
            let ascii = bytes.allSatisfy { $0 < 0x80 }
            return (text, EncodingInfo(declared: nil, source: ascii ? .none : .detected, used: "UTF-8"))
        }
        let decoder = TextDecoder(.gb18030)
        let decoded = bytes.withUnsafeBytes { decoder.decode($0) }
        return (decoded.text, EncodingInfo(declared: nil, source: .detected, used: "GB18030"))
    }
}

/// One point line as written.
struct BoundaryPoint: Hashable, Sendable {
    var line: Int
    var number: String
    var ring: String
    /// Northing, as written.
    var x: String
    /// Easting with the zone number in front, as written.
    var y: String
}

/// One parcel: its header values (in `BoundaryTXTReader.parcelFields` order) and points.
struct BoundaryParcel: Hashable, Sendable {
    var line: Int
    var values: [String]
    var points: [BoundaryPoint]

    /// The points grouped by ring, in order of first appearance.
    var rings: [[BoundaryPoint]] {
        var order: [String] = []
        var byRing: [String: [BoundaryPoint]] = [:]
        for point in points {
            if byRing[point.ring] == nil { order.append(point.ring) }
            byRing[point.ring, default: []].append(point)
        }
        return order.map { byRing[$0]! }
    }

    /// Point count, ring closure and point numbering, as the file states them.
    func structuralFindings(file: String) -> [FormatFinding] {
        var findings: [FormatFinding] = []
        let parcel = values[2]
        if let declared = Int(values[0]), declared != points.count {
            findings.append(
                FormatFinding(
                    .boundaryPointCountMismatch, at: Location(file: file, line: line, column: 1), value: values[0],
                    ["parcel": parcel, "declared": values[0], "actual": String(points.count)]))
        }
        for ring in rings {
            guard let first = ring.first, let last = ring.last else { continue }
            let closed = ring.count >= 4 && first.number == last.number && first.x == last.x && first.y == last.y
            // A ring of three or more points that simply stops before repeating J1 (some writers omit the
            // closing point) is closed by readers: a variant to report, not a broken ring.
            let omitted =
                !closed && ring.count >= 3 && first.number != last.number && (first.x, first.y) != (last.x, last.y)
            if !closed {
                findings.append(
                    FormatFinding(
                        omitted ? .boundaryRingClosingPointOmitted : .boundaryRingNotClosed,
                        at: Location(file: file, line: last.line, column: 1), value: last.number,
                        ["parcel": parcel, "ring": first.ring, "first": first.number, "last": last.number]))
            }
            var seen: [String: Int] = [:]
            for point in omitted ? ring[...] : ring.dropLast() {
                if let earlier = seen[point.number] {
                    findings.append(
                        FormatFinding(
                            .boundaryPointNumberRepeated, at: Location(file: file, line: point.line, column: 1),
                            value: point.number,
                            ["parcel": parcel, "ring": point.ring, "number": point.number, "first": String(earlier)]))
                } else {
                    seen[point.number] = point.line
                }
            }
        }
        return findings
    }

    /// The polygon: easting, northing; ring 1 clockwise, later rings counter-clockwise (holes).
    var geometry: Geometry? {
        var starts: [Int] = []
        var xy: [Double] = []
        for (index, ring) in rings.enumerated() {
            var coordinates = ring.compactMap { point -> (Double, Double)? in
                guard let x = Double(point.x), let y = Double(point.y) else { return nil }
                return (y, x)
            }
            guard coordinates.count >= 3 else { continue }
            // An unclosed ring (reported as such) is closed here so that its area means something.
            if let first = coordinates.first, let last = coordinates.last, first != last { coordinates.append(first) }
            var twice = 0.0
            for i in 0..<(coordinates.count - 1) {
                twice += coordinates[i].0 * coordinates[i + 1].1 - coordinates[i + 1].0 * coordinates[i].1
            }
            let clockwise = twice < 0
            if clockwise != (index == 0) { coordinates.reverse() }
            starts.append(xy.count / 2)
            for (x, y) in coordinates { xy += [x, y] }
        }
        return starts.isEmpty ? nil : Geometry(shapeType: 5, partStarts: starts, xy: xy)
    }
}
