/// A field type as the standard's tables name it (`type:` in a pack's field table); each accepts the
/// format-neutral `FieldType`s that carry it, whatever the format.
public enum StandardFieldType: String, Sendable, Codable, CaseIterable {
    case char = "Char"
    case int = "Int"
    case float = "Float"
    case date = "Date"
    case bool = "Bool"

    /// The field types a file may declare for this standard type. A number of either kind carries
    /// `Int` and `Float` (the width and decimals rules judge the digits), a date with a time of day
    /// carries `Date`.
    public var accepted: Set<FieldType> {
        switch self {
        case .char: [.text]
        case .int: [.integer, .real]
        case .float: [.integer, .real]
        case .date: [.date, .datetime]
        case .bool: [.boolean]
        }
    }
}

/// A numeric interval; each bound is optional and inclusive unless marked exclusive.
public struct ValueRange: Hashable, Sendable, Codable {
    public var min: Double?
    public var max: Double?
    public var minExclusive: Bool
    public var maxExclusive: Bool

    public init(min: Double?, max: Double?, minExclusive: Bool = false, maxExclusive: Bool = false) {
        self.min = min
        self.max = max
        self.minExclusive = minExclusive
        self.maxExclusive = maxExclusive
    }

    public func contains(_ value: Double) -> Bool {
        if let min, minExclusive ? value <= min : value < min { return false }
        if let max, maxExclusive ? value >= max : value > max { return false }
        return true
    }

    /// Interval notation: `(0, ∞)`, `[0, 1)`.
    public var description: String {
        let lower = min.map { "\(minExclusive ? "(" : "[")\(Self.format($0))" } ?? "(-∞"
        let upper = max.map { "\(Self.format($0))\(maxExclusive ? ")" : "]")" } ?? "∞)"
        return "\(lower), \(upper)"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A code list: code → name, with an optional parent code.
public struct CodeList: Sendable {
    public struct Entry: Hashable, Sendable {
        public var code: String
        public var name: String
        public var parent: String?
    }

    public var name: String
    public var entries: [Entry]
    /// The CSV it was read from.
    public var file: String
    private var byCode: [String: Int]

    public init(name: String, entries: [Entry], file: String) {
        self.name = name
        self.entries = entries
        self.file = file
        var index: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() where index[entry.code] == nil {
            index[entry.code] = offset
        }
        byCode = index
    }

    public func contains(_ code: String) -> Bool { byCode[code] != nil }
    public func parent(of code: String) -> String? { byCode[code].flatMap { entries[$0].parent } }
    public func name(of code: String) -> String? { byCode[code].map { entries[$0].name } }
}
