import Foundation

/// A batch manifest: a CSV with a header row naming the columns `id`, `path`, `standard`, `region` and,
/// optionally, `base` (the earlier delivery a change survey is compared with), in any order, UTF-8 with
/// or without a BOM, comma-separated, fields quoted with `"` when they hold a comma, a quote or a line
/// break. Each row becomes one job. A manifest with any bad row is refused as a whole, and the refusal
/// names every bad row (its line, the column, why), so that a batch is either all queued or not at all.
public struct BatchManifest: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The line of the CSV the row starts on (the header is line 1).
        public var line: Int
        /// The row's own id (a county's name or code), unique within the manifest.
        public var id: String
        public var path: String
        public var standard: String
        public var base: String?
        /// The 6-digit county code; its first 2 and 4 digits name the province and the city.
        public var region: String
    }

    /// One refused cell or row.
    public struct Problem: Sendable, Equatable, Codable {
        public var line: Int
        /// The column, or nil for the row as a whole.
        public var column: String?
        public var message: String
    }

    public var rows: [Row]

    /// The largest manifest accepted, in rows (a national batch is about 2,900).
    public static let maxRows = 20_000
    public static let columns = ["id", "path", "standard", "base", "region"]

    /// The manifest, or the refusal with every problem.
    public static func read(_ data: Data) -> Result<BatchManifest, Refusal> {
        Result { () throws(Refusal) in try parse(data) }
    }

    /// Parses the manifest; on any problem, throws `Refusal` with all of them (in line order).
    public static func parse(_ data: Data) throws(Refusal) -> BatchManifest {
        var bytes = data[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw Refusal(problems: [Problem(line: 1, column: nil, message: "the manifest is not UTF-8")])
        }
        let records = CSVLines.split(text)
        guard let header = records.first, !(header.fields.count == 1 && header.fields[0].isEmpty) else {
            throw Refusal(problems: [Problem(line: 1, column: nil, message: "the manifest is empty")])
        }
        var problems: [Problem] = []
        if let unclosed = records.first(where: \.unclosedQuote) {
            problems.append(Problem(line: unclosed.line, column: nil, message: "a quoted field is not closed"))
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            guard columns.contains(name) else {
                problems.append(
                    Problem(
                        line: 1, column: name,
                        message: "unknown column '\(name)' (the columns are \(columns.joined(separator: ", ")))"))
                continue
            }
            if index[name] != nil {
                problems.append(Problem(line: 1, column: name, message: "the column '\(name)' appears twice"))
            }
            index[name] = position
        }
        for required in ["id", "path", "standard", "region"] where index[required] == nil {
            problems.append(Problem(line: 1, column: required, message: "the header has no '\(required)' column"))
        }
        guard problems.isEmpty else { throw Refusal(problems: problems) }
        var rows: [Row] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            let line = record.line
            guard record.fields.count == names.count else {
                problems.append(
                    Problem(
                        line: line, column: nil,
                        message: "\(record.fields.count) fields where the header has \(names.count)"))
                continue
            }
            func value(_ column: String) -> String {
                guard let position = index[column] else { return "" }
                return record.fields[position].trimmingCharacters(in: .whitespaces)
            }
            let row = Row(
                line: line, id: value("id"), path: value("path"), standard: value("standard"),
                base: value("base").isEmpty ? nil : value("base"), region: value("region"))
            var rowProblems: [Problem] = []
            if row.id.isEmpty || row.id.count > 100 {
                rowProblems.append(Problem(line: line, column: "id", message: "the id must be 1 to 100 characters"))
            } else if let first = seen[row.id] {
                rowProblems.append(
                    Problem(line: line, column: "id", message: "the id '\(row.id)' is already on line \(first)"))
            }
            if row.path.isEmpty {
                rowProblems.append(Problem(line: line, column: "path", message: "the path is empty"))
            }
            if row.standard.isEmpty || row.standard.count > 100 {
                rowProblems.append(
                    Problem(line: line, column: "standard", message: "the standard must be 1 to 100 characters"))
            }
            if row.region.count != 6 || !row.region.allSatisfy({ $0.isASCII && $0.isNumber }) {
                rowProblems.append(
                    Problem(
                        line: line, column: "region",
                        message: "the region must be a 6-digit county code, not '\(row.region)'"))
            }
            seen[row.id] = seen[row.id] ?? line
            if rowProblems.isEmpty { rows.append(row) } else { problems += rowProblems }
        }
        if rows.isEmpty && problems.isEmpty {
            problems.append(Problem(line: 1, column: nil, message: "the manifest has no rows"))
        }
        if rows.count > maxRows {
            problems.append(
                Problem(line: 1, column: nil, message: "\(rows.count) rows: a batch holds at most \(maxRows)"))
        }
        guard problems.isEmpty else { throw Refusal(problems: problems) }
        return BatchManifest(rows: rows)
    }

    /// Why a manifest was refused: every problem found.
    public struct Refusal: Error, Sendable, Equatable {
        public var problems: [Problem]

        public var message: String {
            problems.map { problem in
                "line \(problem.line)" + (problem.column.map { ", \($0)" } ?? "") + ": \(problem.message)"
            }.joined(separator: "; ")
        }
    }
}

/// RFC 4180 records with the line each starts on.
enum CSVLines {
    struct Record {
        var line: Int
        var fields: [String]
        var unclosedQuote = false
    }

    static func split(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var start = 1
        var atFieldStart = true
        var characters = Array(text.unicodeScalars)[...]
        func endRecord() {
            fields.append(field)
            records.append(Record(line: start, fields: fields))
            fields = []
            field = ""
            atFieldStart = true
        }
        while let scalar = characters.popFirst() {
            if quoted {
                if scalar == "\"" {
                    if characters.first == "\"" {
                        characters.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                quoted = true
                atFieldStart = false
            case ",":
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                if characters.first == "\n" { characters.removeFirst() }
                endRecord()
                line += 1
                start = line
            case "\n":
                endRecord()
                line += 1
                start = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if quoted {
            fields.append(field)
            records.append(Record(line: start, fields: fields, unclosedQuote: true))
        } else if !field.isEmpty || !fields.isEmpty {
            endRecord()
        }
        return records
    }
}
