/// Renders an expression back to text, normalised (one space around operators, quotes as `'`).
enum ExpressionText {
    static func render(_ node: ExpressionNode) -> String {
        switch node {
        case .literal(let value, _):
            switch value {
            case .string(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case .null: return "null"
            default: return value.description
            }
        case .field(let name, _): return name
        case .list(let items, _): return "(" + items.map(render).joined(separator: ", ") + ")"
        case .unary(let op, let operand, _): return op == "not" ? "not \(render(operand))" : "-\(render(operand))"
        case .binary(let op, let left, let right, _): return "(\(render(left)) \(op) \(render(right)))"
        case .membership(let value, let target, let negated, _):
            return "\(render(value)) \(negated ? "not in" : "in") \(render(target))"
        case .matches(let value, let pattern, let negated, _):
            return "\(render(value)) \(negated ? "not matches" : "matches") '\(pattern)'"
        case .isNull(let operand, let negated, _): return "\(render(operand)) is \(negated ? "not null" : "null")"
        case .between(let value, let low, let high, let negated, _):
            return "\(render(value)) \(negated ? "not between" : "between") \(render(low)) and \(render(high))"
        case .call(let name, let arguments, _): return "\(name)(" + arguments.map(render).joined(separator: ", ") + ")"
        }
    }
}
