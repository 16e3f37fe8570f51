import Foundation
import RuleEngine

/// Reads delimited text tables (`.csv`, `.tsv`): UTF-8 with or without a byte-order mark, or the
/// encoding the caller names (GB18030 …); any delimiter among `,` `;` tab `|`; LF, CR or CRLF.
///
/// Structural defects use frictionless's names: `blank-label`, `duplicate-label`, `missing-cell`,
/// `extra-cell`, `blank-row`, `encoding-error`.
public enum CSVReader {
    public static let extensions: Set<String> = ["csv", "tsv"]
    /// Up to this many missing (or extra) cells in a row are reported one by one; more are one finding.
    static let missingCellLimit = 10

    /// The `csv-limit-exceeded` finding of a row the scanner cut (see `CSVScanner.cellLimit`), if it did.
    static func limitFinding(_ row: CSVScanner.Row, file: String, layer: String, record: Int? = nil) -> FormatFinding? {
        if let quote = row.unclosedQuote {
            // a quote never closed swallows the rest of the file into one cell: said, never a silent pass
            return FormatFinding(
                .csvQuoteUnclosed,
                at: Location(file: file, layer: layer, record: record, line: quote.line, column: quote.column),
                ["line": String(quote.line), "column": String(quote.column)])
        }
        guard !row.excess.isEmpty else { return nil }
        return FormatFinding(
            .csvLimitExceeded, at: Location(file: file, layer: layer, record: record, line: row.line, column: 1),
            ["line": String(row.line), "reason": row.excess.joined(separator: "; ")])
    }

    /// Opens a table: reads its header row and reports the header's defects; records are read lazily.
    static func open(
        path: String, file: String, encoding: TextEncoding?, table: LayerSpec? = nil,
        encodingSource: EncodingInfo.Source = .option
    ) -> (CSVLayer?, [FormatFinding]) {
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let data: Data
        do {
            data = try Data.mapped(path)
        } catch {
            return (
                nil,
                [
                    FormatFinding(
                        .datasetUnreadable, at: Location(file: file),
                        ["reason": "cannot open: \(error.localizedDescription)"])
                ]
            )
        }
        // nothing but a byte-order mark and white space: no header, no data (frictionless's "the source is empty")
        let content = CSVScanner.hasBOM(data) ? data.dropFirst(3) : data[...]
        if content.allSatisfy({ [0x20, 0x09, 0x0D, 0x0A].contains($0) }) {
            return (
                nil,
                [
                    FormatFinding(
                        .datasetUnreadable, at: Location(file: file),
                        ["reason": "the table is empty: no header row and no data"])
                ]
            )
        }
        return open(
            data: data, file: file, name: name, encoding: encoding, table: table, encodingSource: encodingSource)
    }

    /// Opens a table from bytes already in memory (also the fuzz target's entry).
    public static func open(
        data: Data, file: String, name: String, encoding: TextEncoding?, table: LayerSpec? = nil,
        encodingSource: EncodingInfo.Source = .option
    ) -> (CSVLayer, [FormatFinding]) {
        var data = data
        var utf16 = false
        if data.count >= 2, data.prefix(2) == Data([0xFF, 0xFE]) || data.prefix(2) == Data([0xFE, 0xFF]) {
            // UTF-16 text is transcoded once, so that the byte scanner sees ASCII delimiters.
            let decoded = data.withUnsafeBytes { TextDecoder(TextEncoding(iconvName: "UTF-16")).decode($0) }
            data = Data(decoded.text.utf8)
            utf16 = true
        }
        let bom = CSVScanner.hasBOM(data)
        let used = bom || utf16 ? TextEncoding.utf8 : encoding ?? .utf8
        let delimiter = CSVScanner.sniffDelimiter(
            data.prefix(3) == Data([0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data,
            fileExtension: URL(fileURLWithPath: file).pathExtension)
        // frictionless's header guess: the first row whose width is within 10 % of the sample's mean width.
        var sampler = CSVScanner(data: data, delimiter: delimiter)
        var widths: [Int] = []
        while widths.count < 100, let row = sampler.next() { widths.append(row.cells.count) }
        let mean = widths.isEmpty ? 0 : Int((Double(widths.reduce(0, +)) / Double(widths.count)).rounded())
        let drift = max(Int((Double(mean) * 0.1).rounded()), 1)
        let headerIndex = widths.firstIndex { abs($0 - mean) <= drift } ?? 0
        var scanner = CSVScanner(data: data, delimiter: delimiter)
        let decoder = TextDecoder(used)
        var findings: [FormatFinding] = []
        var labels: [String] = []
        var bodyStart = scanner.position
        var bodyLine = 1
        var index = -1
        while let row = scanner.next() {
            index += 1
            bodyStart = scanner.position
            bodyLine = scanner.line
            guard index >= headerIndex, !row.cells.isEmpty else { continue }
            if let limit = CSVReader.limitFinding(row, file: file, layer: name) { findings.append(limit) }
            var first: [String: Int] = [:]
            for (index, cell) in row.cells.enumerated() {
                let decoded = cell.bytes.withUnsafeBytes { decoder.decode($0) }
                let at = Location(file: file, layer: name, line: row.line, column: cell.column)
                if let bad = decoded.badOffset {
                    findings.append(
                        FormatFinding(
                            .encodingError, at: at, ["offset": String(cell.offset + bad), "encoding": used.iconvName]))
                }
                let label = decoded.text.trimmingSpaces()
                let column = String(index + 1)
                if label.isEmpty {
                    findings.append(FormatFinding(.blankLabel, at: at, ["column": column]))
                } else if let earlier = first[label] {
                    findings.append(
                        FormatFinding(
                            .duplicateLabel, at: at, ["column": column, "label": label, "first": String(earlier)]))
                } else {
                    first[label] = index + 1
                }
                labels.append(label)
            }
            break
        }
        var rows = 0
        var counter = CSVScanner(data: data, delimiter: delimiter, start: bodyStart, line: bodyLine)
        while counter.next() != nil { rows += 1 }
        let layer = CSVLayer(
            name: name, file: file, data: data, delimiter: delimiter, encoding: used,
            source: bom || utf16 ? .byteOrderMark : encoding != nil ? encodingSource : .none,
            labels: labels, bodyStart: bodyStart, bodyLine: bodyLine, rows: rows,
            types: labels.map { label in table?.fields.first { $0.name.uppercased() == label.uppercased() }?.type })
        return (layer, findings)
    }
}

/// A delimited text table: its header's labels as fields (all text), and one record per data row.
public struct CSVLayer: Layer {
    public let name: String
    public let file: String
    public let format = "csv"
    public let schema: LayerSchema
    /// The data rows (the file declares no count; this is what a scan found).
    public let recordCount: Int
    public let encoding: EncodingInfo?
    public let crs: CRSInfo? = nil
    let data: Data
    let delimiter: UInt8
    let textEncoding: TextEncoding
    let bodyStart: Int
    let bodyLine: Int
    /// The type a pack's table gives each column, in column order; nil where none is given.
    let types: [StandardFieldType?]

    init(
        name: String, file: String, data: Data, delimiter: UInt8, encoding: TextEncoding, source: EncodingInfo.Source,
        labels: [String], bodyStart: Int, bodyLine: Int, rows: Int, types: [StandardFieldType?] = []
    ) {
        recordCount = rows
        self.types = types
        self.name = name
        self.file = file
        self.data = data
        self.delimiter = delimiter
        textEncoding = encoding
        self.bodyStart = bodyStart
        self.bodyLine = bodyLine
        self.encoding = EncodingInfo(
            declared: source == .none ? nil : encoding.iconvName, source: source, used: encoding.iconvName)
        schema = LayerSchema(
            fields: labels.map { FieldDefinition(name: $0, type: .other, typeCode: "", width: 0, decimals: 0) },
            geometryType: nil)
    }

    public func records() -> any Sequence<Result<Record, ReadProblem>> {
        CappedFindings(base: CSVRecords(layer: self))
    }
}

/// The data rows of a table in file order, one parsed at a time.
struct CSVRecords: Sequence, IteratorProtocol {
    let layer: CSVLayer
    var scanner: CSVScanner
    let decoder: TextDecoder
    var number = 0
    let labels: [String]
    /// A row read ahead past a run of blank rows.
    var pending: CSVScanner.Row?

    init(layer: CSVLayer) {
        self.layer = layer
        labels = layer.schema.fields.map(\.name)
        scanner = CSVScanner(data: layer.data, delimiter: layer.delimiter, start: layer.bodyStart, line: layer.bodyLine)
        decoder = TextDecoder(layer.textEncoding)
    }

    mutating func next() -> Result<Record, ReadProblem>? {
        guard let row = pending ?? scanner.next() else { return nil }
        pending = nil
        number += 1
        let recordNumber = number
        var problems: [FormatFinding] = []
        if let limit = CSVReader.limitFinding(row, file: layer.file, layer: layer.name, record: recordNumber) {
            problems.append(limit)
        }
        func at(_ column: Int, field: String? = nil) -> Location {
            Location(
                file: layer.file, layer: layer.name, record: recordNumber, field: field, line: row.line, column: column)
        }
        var values: [String?] = []
        var blank = true
        for (index, cell) in row.cells.enumerated() {
            let decoded = cell.bytes.withUnsafeBytes { decoder.decode($0) }
            if let bad = decoded.badOffset {
                problems.append(
                    FormatFinding(
                        .encodingError, at: at(cell.column),
                        ["offset": String(cell.offset + bad), "encoding": layer.textEncoding.iconvName]))
            }
            if !cell.bytes.isEmpty { blank = false }
            if index < layer.types.count, let type = layer.types[index], !decoded.text.isEmpty,
                !CSVRecords.parses(decoded.text, as: type)
            {
                problems.append(
                    FormatFinding(
                        .typeError, at: at(cell.column, field: labels[index]), value: decoded.text,
                        ["field": labels[index], "value": decoded.text, "type": type.rawValue]))
            }
            if index < labels.count { values.append(decoded.text.isEmpty ? nil : decoded.text) }
        }
        var rowNumber = String(number)
        if blank {
            // A run of blank rows is one record and one finding: a file of newlines stays a few findings.
            let first = recordNumber
            while let following = scanner.next() {
                guard following.cells.allSatisfy(\.bytes.isEmpty), following.excess.isEmpty else {
                    pending = following
                    break
                }
                number += 1
            }
            if number > first { rowNumber = "\(first)–\(number)" }
            problems.append(FormatFinding(.blankRow, at: at(1), ["row": rowNumber]))
        } else {
            let lastColumn = (row.cells.last?.column ?? 1)
            let missing = Swift.max(0, labels.count - row.cells.count)
            // One finding per missing cell, as frictionless reports them; a row missing more than
            // `missingCellLimit` is one finding for the run, so the findings stay linear in the file size.
            if missing > CSVReader.missingCellLimit {
                let first = row.cells.count
                problems.append(
                    FormatFinding(
                        .missingCell, at: at(lastColumn, field: labels[first]),
                        [
                            "row": rowNumber, "column": "\(first + 1)–\(labels.count)",
                            "label": "\(labels[first]) … \(labels[labels.count - 1])",
                        ]))
            } else {
                for index in row.cells.count..<row.cells.count + missing {
                    problems.append(
                        FormatFinding(
                            .missingCell, at: at(lastColumn, field: labels[index]),
                            ["row": rowNumber, "column": String(index + 1), "label": labels[index]]))
                }
            }
            let extra = Swift.max(0, row.cells.count - labels.count)
            if extra > CSVReader.missingCellLimit {
                problems.append(
                    FormatFinding(
                        .extraCell, at: at(row.cells[labels.count].column),
                        ["row": rowNumber, "column": "\(labels.count + 1)–\(row.cells.count)"]))
            } else {
                for index in labels.count..<labels.count + extra {
                    problems.append(
                        FormatFinding(
                            .extraCell, at: at(row.cells[index].column),
                            ["row": rowNumber, "column": String(index + 1)]))
                }
            }
        }
        // Cells past the row's end stay absent: `Record[index]` reads them as blank.
        return .success(Record(number: recordNumber, values: values, problems: problems))
    }
}

extension CSVRecords {
    /// Whether a cell's text is a value of the standard's type: Int as optional sign and digits; Float
    /// as a decimal number; Date as `YYYY-MM-DD` or `YYYYMMDD`; Bool as frictionless and dBASE spell it.
    static func parses(_ text: String, as type: StandardFieldType) -> Bool {
        let bytes = Array(text.utf8)
        switch type {
        case .char:
            return true
        case .int:
            let digits = bytes.first == 0x2B || bytes.first == 0x2D ? bytes.dropFirst() : bytes[...]
            return !digits.isEmpty && digits.allSatisfy { (0x30...0x39).contains($0) }
        case .float:
            return bytes.withUnsafeBytes { DBFRecordReader.isDecimal($0) }
        case .date:
            let compact =
                bytes.count == 10 && bytes[4] == 0x2D && bytes[7] == 0x2D
                ? Array(bytes[0..<4] + bytes[5..<7] + bytes[8..<10]) : bytes
            return compact.withUnsafeBytes { DBFRecordReader.isDate($0) }
        case .bool:
            return ["true", "false", "1", "0", "t", "f", "y", "n", "yes", "no"].contains(text.lowercased())
        }
    }
}
