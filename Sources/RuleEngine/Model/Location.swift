/// Where a finding or an error is: a file, and optionally a record and field in a layer, or a line and column.
///
/// Record numbers, lines and columns are 1-based. Paths are relative to the submission
/// (for data) or to the working directory (for rule packs).
public struct Location: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var file: String
    public var layer: String?
    public var record: Int?
    public var field: String?
    public var line: Int?
    public var column: Int?
    /// The element of an XML document (`/m:Message/m:Head/m:BizMsgID`), beside its line.
    public var xpath: String?

    public init(
        file: String, layer: String? = nil, record: Int? = nil, field: String? = nil,
        line: Int? = nil, column: Int? = nil, xpath: String? = nil
    ) {
        self.xpath = xpath
        self.file = file
        self.layer = layer
        self.record = record
        self.field = field
        self.line = line
        self.column = column
    }

    /// `file`, `file:line:column`, or `file:LAYER#record.FIELD`.
    public var description: String {
        if let line {
            return "\(file):\(line):\(column ?? 1)"
        }
        guard let layer else { return file }
        var text = "\(file):\(layer)"
        if let record { text += "#\(record)" }
        if let field { text += ".\(field)" }
        return text
    }

    /// Reading order: file, layer, record (the layer itself before its records), field, line, column.
    public static func < (lhs: Location, rhs: Location) -> Bool {
        if lhs.file != rhs.file { return lhs.file < rhs.file }
        if lhs.layer != rhs.layer { return (lhs.layer ?? "") < (rhs.layer ?? "") }
        if lhs.record != rhs.record { return (lhs.record ?? 0) < (rhs.record ?? 0) }
        if lhs.line != rhs.line { return (lhs.line ?? 0) < (rhs.line ?? 0) }
        if lhs.column != rhs.column { return (lhs.column ?? 0) < (rhs.column ?? 0) }
        if lhs.field != rhs.field { return (lhs.field ?? "") < (rhs.field ?? "") }
        return (lhs.xpath ?? "") < (rhs.xpath ?? "")
    }
}
