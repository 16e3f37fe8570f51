import Foundation

/// Splits delimited text into rows of cells, on the bytes: RFC 4180 quoting (`""` inside quotes), and
/// rows ended by LF, CR or CRLF outside quotes.
///
/// Works on bytes so that any ASCII-compatible encoding (UTF-8, GB18030, Latin-1) splits correctly:
/// no byte of a multi-byte GB18030 character is a delimiter, quote, CR or LF.
struct CSVScanner {
    /// One cell: its bytes (quotes removed), its byte offset in the file and its 1-based text column.
    struct Cell {
        var bytes: [UInt8]
        var offset: Int
        var column: Int
    }

    /// One row: the 1-based line it starts on, and its cells (none for an empty line).
    struct Row {
        var line: Int
        var offset: Int
        var cells: [Cell]
        /// What the reading limits cut from the row, in words (empty when nothing was cut).
        var excess: [String] = []
        /// Where a quote opened that the file never closes (line, text column): the row then ran to the
        /// end of the file, swallowing every line after it.
        var unclosedQuote: (line: Int, column: Int)?
    }

    /// Cells of one row kept; the cells after them are skipped (counted, not stored).
    static let cellLimit = 16_384
    /// Bytes of one cell kept; the rest of the cell is skipped.
    static let cellByteLimit = 1 << 20
    /// Bytes of all cells of one row kept; the rest of the row is skipped.
    static let rowByteLimit = 16 << 20

    let data: Data
    let delimiter: UInt8
    private(set) var position: Int
    private(set) var line = 1

    /// Starts after a UTF-8 byte-order mark when there is one.
    init(data: Data, delimiter: UInt8) {
        self.data = data.startIndex == 0 ? data : Data(data)
        self.delimiter = delimiter
        position = Self.hasBOM(self.data) ? 3 : 0
    }

    /// Resumes at a byte offset and line a previous scanner reached.
    init(data: Data, delimiter: UInt8, start: Int, line: Int) {
        self.data = data.startIndex == 0 ? data : Data(data)
        self.delimiter = delimiter
        position = start
        self.line = line
    }

    static func hasBOM(_ data: Data) -> Bool {
        data.count >= 3 && data[data.startIndex] == 0xEF && data[data.startIndex + 1] == 0xBB
            && data[data.startIndex + 2] == 0xBF
    }

    /// The next row, or nil at the end of the data. Every call consumes at least one byte.
    mutating func next() -> Row? {
        guard position < data.count else { return nil }
        return data.withUnsafeBytes { bytes in row(bytes) }
    }

    private mutating func row(_ bytes: UnsafeRawBufferPointer) -> Row {
        let start = position
        let startLine = line
        var cells: [Cell] = []
        var lineStart = position
        var cellStart = position
        var current: [UInt8] = []
        var quoted = false
        var quoteOpened = (line: 0, offset: 0, lineStart: 0)
        var atCellStart = true
        var sawContent = false
        var countedTo = lineStart
        var countedColumn = 1
        // what the limits cut: cells skipped, cells cut short (and the first of them), bytes skipped by the row limit
        var skippedCells = 0
        var cutCells = 0
        var firstCut: Int?
        var rowBytes = 0
        var rowBytesSkipped = 0
        var currentCut = false
        func keep(_ byte: UInt8) {
            if cells.count >= Self.cellLimit { return }
            if current.count >= Self.cellByteLimit {
                currentCut = true
            } else if rowBytes >= Self.rowByteLimit {
                rowBytesSkipped += 1
            } else {
                current.append(byte)
                rowBytes += 1
            }
        }
        func excess() -> [String] {
            var words: [String] = []
            if cutCells > 0 {
                words.append(
                    "the cell in column \(firstCut ?? 0) is longer than \(Self.cellByteLimit) bytes"
                        + (cutCells > 1 ? " (and \(cutCells - 1) more cells)" : "")
                        + "; the bytes past that are skipped")
            }
            if rowBytesSkipped > 0 {
                words.append(
                    "the cells hold more than \(Self.rowByteLimit) bytes; the \(rowBytesSkipped) bytes past that are skipped"
                )
            }
            if skippedCells > 0 {
                words.append(
                    "the row has more than \(Self.cellLimit) cells; the \(skippedCells) cells after them are skipped")
            }
            return words
        }
        func column(_ offset: Int) -> Int {
            // Characters, not bytes, for UTF-8 text: continuation bytes do not start a character.
            if countedTo < lineStart || countedTo > offset {
                countedTo = lineStart
                countedColumn = 1
            }
            while countedTo < offset {
                if bytes[countedTo] & 0xC0 != 0x80 { countedColumn += 1 }
                countedTo += 1
            }
            return countedColumn
        }
        func endCell() {
            if cells.count >= Self.cellLimit {
                skippedCells += 1
            } else {
                let at = column(cellStart)
                if currentCut {
                    cutCells += 1
                    if firstCut == nil { firstCut = at }
                }
                cells.append(Cell(bytes: current, offset: cellStart, column: at))
            }
            current = []
            currentCut = false
            atCellStart = true
        }
        while position < bytes.count {
            let byte = bytes[position]
            if quoted {
                if byte == 0x22 {
                    if position + 1 < bytes.count, bytes[position + 1] == 0x22 {
                        keep(0x22)
                        position += 2
                        continue
                    }
                    quoted = false
                } else {
                    if byte == 0x0A || (byte == 0x0D && !(position + 1 < bytes.count && bytes[position + 1] == 0x0A)) {
                        line += 1
                        lineStart = position + 1
                    }
                    keep(byte)
                }
                position += 1
                continue
            }
            if byte == 0x0A || byte == 0x0D {
                position += byte == 0x0D && position + 1 < bytes.count && bytes[position + 1] == 0x0A ? 2 : 1
                line += 1
                if sawContent { endCell() }
                return Row(line: startLine, offset: start, cells: cells, excess: excess())
            }
            sawContent = true
            if byte == delimiter {
                endCell()
                cellStart = position + 1
            } else if byte == 0x22, atCellStart {
                quoted = true
                quoteOpened = (line, position, lineStart)
                atCellStart = false
            } else {
                if atCellStart { cellStart = position }
                atCellStart = false
                keep(byte)
            }
            position += 1
        }
        if sawContent { endCell() }
        var last = Row(line: startLine, offset: start, cells: cells, excess: excess())
        if quoted {
            // the text column of the opening quote, counted on its own line
            var column = 1
            var at = quoteOpened.lineStart
            while at < quoteOpened.offset {
                if bytes[at] & 0xC0 != 0x80 { column += 1 }
                at += 1
            }
            last.unclosedQuote = (quoteOpened.line, column)
        }
        return last
    }

    /// The delimiter of a `.tsv` is a tab; of anything else, the most frequent of `,` `;` tab `|` in the
    /// first line outside quotes (a comma when none occurs).
    static func sniffDelimiter(_ data: Data, fileExtension: String) -> UInt8 {
        if fileExtension.lowercased() == "tsv" { return 0x09 }
        var counts: [UInt8: Int] = [:]
        var quoted = false
        for byte in data.prefix(64 * 1024) {
            if byte == 0x22 { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0A || byte == 0x0D { break }
            if [0x2C, 0x3B, 0x09, 0x7C].contains(byte) { counts[byte, default: 0] += 1 }
        }
        var best: UInt8 = 0x2C
        for candidate: UInt8 in [0x2C, 0x3B, 0x09, 0x7C] where counts[candidate, default: 0] > counts[best, default: 0]
        {
            best = candidate
        }
        return best
    }
}
