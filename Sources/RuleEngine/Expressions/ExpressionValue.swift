/// A value during expression evaluation. `null` is SQL's unknown: blank fields read as null.
public indirect enum ExpressionValue: Hashable, Sendable, CustomStringConvertible {
    case null
    case string(String)
    case number(Double)
    case bool(Bool)
    case list([ExpressionValue])

    public var description: String {
        switch self {
        case .null: "null"
        case .string(let text): text
        case .number(let number): ValueRange.format(number)
        case .bool(let flag): flag ? "true" : "false"
        case .list(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

/// The static type of an expression, checked when the pack loads.
public indirect enum ExpressionType: Hashable, Sendable, CustomStringConvertible {
    case string
    case number
    case bool
    /// The type of the literal `null`, compatible with every other type.
    case null
    case list(ExpressionType)

    public var description: String {
        switch self {
        case .string: "text"
        case .number: "number"
        case .bool: "boolean"
        case .null: "null"
        case .list(let element): "list of \(element)"
        }
    }

    /// Whether a value of type `other` may stand where `self` is expected (null fits anywhere).
    func accepts(_ other: ExpressionType) -> Bool {
        if self == other || other == .null || self == .null { return true }
        if case .list(let a) = self, case .list(let b) = other { return a.accepts(b) }
        return false
    }
}
