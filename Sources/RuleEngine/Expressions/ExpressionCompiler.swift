/// Evaluates an expression for one record.
public typealias ExpressionEvaluator = (Record) -> ExpressionValue

/// Turns a type-checked expression into closures over the layer's column positions, once per layer.
///
/// Semantics (docs/rules.md): blank fields are null; comparisons, arithmetic and functions of null
/// are null; `and`/`or`/`not` follow SQL's three-valued logic; `is null` is never null.
enum ExpressionCompiler {
    static func compile(
        _ node: ExpressionNode, schema: LayerSchema, scope: ExpressionScope
    ) -> ExpressionEvaluator {
        switch node {
        case .literal(let value, _):
            return { _ in value }
        case .field(let name, _):
            guard let column = schema.index(of: name) else { return { _ in .null } }
            if let type = scope.fields[name], ExpressionScope.type(of: type) == .number {
                return { record in
                    guard let raw = record[column], let number = Double(raw.trimmingSpaces()) else {
                        return .null
                    }
                    return .number(number)
                }
            }
            return { record in record[column].map(ExpressionValue.string) ?? .null }
        case .list(let items, _):
            if let constant = constantList(items) { return { _ in constant } }
            let parts = items.map { compile($0, schema: schema, scope: scope) }
            return { record in .list(parts.map { $0(record) }) }
        case .unary(let op, let operand, _):
            let inner = compile(operand, schema: schema, scope: scope)
            if op == "not" {
                return { record in
                    if case .bool(let flag) = inner(record) { return .bool(!flag) }
                    return .null
                }
            }
            return { record in
                if case .number(let number) = inner(record) { return .number(-number) }
                return .null
            }
        case .binary(let op, let leftNode, let rightNode, _):
            let left = compile(leftNode, schema: schema, scope: scope)
            let right = compile(rightNode, schema: schema, scope: scope)
            return binary(op, left, right)
        case .membership(let valueNode, let targetNode, let negated, _):
            let value = compile(valueNode, schema: schema, scope: scope)
            if case .list(let items, _) = targetNode, case .list(let literals)? = constantList(items) {
                return membership(value, in: literals, negated: negated)
            }
            let target = compile(targetNode, schema: schema, scope: scope)
            return { record in
                let needle = value(record)
                guard !needle.isNull, case .list(let items) = target(record) else { return .null }
                let result: ExpressionValue =
                    items.contains(needle) ? .bool(true) : items.contains(.null) ? .null : .bool(false)
                return negated ? negate(result) : result
            }
        case .matches(let valueNode, let pattern, let negated, _):
            let value = compile(valueNode, schema: schema, scope: scope)
            // The checker has already compiled this pattern once; it cannot fail here.
            guard let matcher = try? LinearPattern(pattern) else { return { _ in .null } }
            return { record in
                guard case .string(let text) = value(record) else { return .null }
                let found = matcher.matches(text)
                return .bool(negated ? !found : found)
            }
        case .isNull(let operand, let negated, _):
            let inner = compile(operand, schema: schema, scope: scope)
            return { record in .bool(inner(record).isNull != negated) }
        case .between(let valueNode, let lowNode, let highNode, let negated, _):
            let value = compile(valueNode, schema: schema, scope: scope)
            let low = compile(lowNode, schema: schema, scope: scope)
            let high = compile(highNode, schema: schema, scope: scope)
            return { record in
                guard let lower = order(low(record), value(record)), let upper = order(value(record), high(record))
                else {
                    return .null
                }
                let inside = lower <= 0 && upper <= 0
                return .bool(negated ? !inside : inside)
            }
        case .call(let name, let arguments, _):
            return call(name, arguments, schema: schema, scope: scope)
        }
    }

    /// The list's value when every item is a literal: built once, not per record.
    static func constantList(_ items: [ExpressionNode]) -> ExpressionValue? {
        var values: [ExpressionValue] = []
        for item in items {
            guard case .literal(let value, _) = item else { return nil }
            values.append(value)
        }
        return .list(values)
    }

    /// `value in (literals)`: the literals hashed once. True when the value is among them; otherwise null
    /// when a literal is null (SQL's unknown), else false; null for a null value.
    static func membership(
        _ value: @escaping ExpressionEvaluator, in literals: [ExpressionValue], negated: Bool
    ) -> ExpressionEvaluator {
        let missing: ExpressionValue = literals.contains(.null) ? .null : .bool(negated)
        let found = ExpressionValue.bool(!negated)
        let texts = Set(literals.compactMap { if case .string(let text) = $0 { text } else { nil } })
        let others = Set(literals.filter { if case .string = $0 { false } else { true } })
        return { record in
            switch value(record) {
            case .null: return .null
            case .string(let text): return texts.contains(text) ? found : missing
            case let other: return others.contains(other) ? found : missing
            }
        }
    }

    static func negate(_ value: ExpressionValue) -> ExpressionValue {
        if case .bool(let flag) = value { return .bool(!flag) }
        return value
    }

    /// -1, 0 or 1 for two numbers or two texts; nil when either is null or they differ in kind.
    static func order(_ left: ExpressionValue, _ right: ExpressionValue) -> Int? {
        switch (left, right) {
        case (.number(let a), .number(let b)): a < b ? -1 : a > b ? 1 : 0
        case (.string(let a), .string(let b)): a < b ? -1 : a > b ? 1 : 0
        case (.bool(let a), .bool(let b)): a == b ? 0 : (a ? 1 : -1)
        default: nil
        }
    }

    static func binary(
        _ op: String, _ left: @escaping ExpressionEvaluator, _ right: @escaping ExpressionEvaluator
    ) -> ExpressionEvaluator {
        switch op {
        case "and":
            return { record in
                let a = left(record)
                if a == .bool(false) { return .bool(false) }
                let b = right(record)
                if b == .bool(false) { return .bool(false) }
                return a.isNull || b.isNull ? .null : .bool(true)
            }
        case "or":
            return { record in
                let a = left(record)
                if a == .bool(true) { return .bool(true) }
                let b = right(record)
                if b == .bool(true) { return .bool(true) }
                return a.isNull || b.isNull ? .null : .bool(false)
            }
        case "||":
            return { record in
                guard case .string(let a) = left(record), case .string(let b) = right(record) else { return .null }
                return .string(a + b)
            }
        case "+": return arithmetic(left, right) { .number($0 + $1) }
        case "-": return arithmetic(left, right) { .number($0 - $1) }
        case "*": return arithmetic(left, right) { .number($0 * $1) }
        case "/": return arithmetic(left, right) { $1 == 0 ? .null : .number($0 / $1) }
        case "%": return arithmetic(left, right) { $1 == 0 ? .null : .number($0.truncatingRemainder(dividingBy: $1)) }
        // the operator is chosen here, once, not per record
        case "=": return comparison(left, right) { $0 == 0 }
        case "!=": return comparison(left, right) { $0 != 0 }
        case "<": return comparison(left, right) { $0 < 0 }
        case "<=": return comparison(left, right) { $0 <= 0 }
        case ">": return comparison(left, right) { $0 > 0 }
        default: return comparison(left, right) { $0 >= 0 }
        }
    }

    static func arithmetic(
        _ left: @escaping ExpressionEvaluator, _ right: @escaping ExpressionEvaluator,
        _ combine: @escaping (Double, Double) -> ExpressionValue
    ) -> ExpressionEvaluator {
        { record in
            guard case .number(let a) = left(record), case .number(let b) = right(record) else { return .null }
            return combine(a, b)
        }
    }

    static func comparison(
        _ left: @escaping ExpressionEvaluator, _ right: @escaping ExpressionEvaluator,
        _ holds: @escaping (Int) -> Bool
    ) -> ExpressionEvaluator {
        { record in
            guard let comparison = order(left(record), right(record)) else { return .null }
            return .bool(holds(comparison))
        }
    }

    static func call(
        _ name: String, _ argumentNodes: [ExpressionNode], schema: LayerSchema, scope: ExpressionScope
    ) -> ExpressionEvaluator {
        if let function = ExpressionFunction.all[name], function.takesCodeList,
            case .literal(.string(let listName), _) = argumentNodes[0], let list = scope.codeLists[listName]
        {
            let code = compile(argumentNodes[1], schema: schema, scope: scope)
            switch name {
            case "in_list":
                return { record in
                    guard case .string(let value) = code(record) else { return .null }
                    return .bool(list.contains(value))
                }
            case "name_of":
                return { record in
                    guard case .string(let value) = code(record) else { return .null }
                    return list.name(of: value).map(ExpressionValue.string) ?? .null
                }
            default:
                return { record in
                    guard case .string(let value) = code(record) else { return .null }
                    return list.parent(of: value).map(ExpressionValue.string) ?? .null
                }
            }
        }
        // An array keeps its closures at their most general representation: each call through one goes
        // by reabstraction thunks that copy the record. The common forms compile their arguments one by one.
        func argument(_ index: Int) -> ExpressionEvaluator {
            compile(argumentNodes[index], schema: schema, scope: scope)
        }
        switch name {
        case "coalesce" where argumentNodes.count == 2:
            // the common two-argument form without walking an array of closures per record
            let (first, second) = (argument(0), argument(1))
            return { record in
                let value = first(record)
                return value.isNull ? second(record) : value
            }
        case "coalesce":
            let arguments = argumentNodes.indices.map(argument)
            return { record in arguments.lazy.map { $0(record) }.first { !$0.isNull } ?? .null }
        case "area", "perimeter", "part_count", "vertex_count":
            ReadUsage.current?.noteShapes()
            return { record in
                guard let geometry = record.geometry else { return .null }
                switch name {
                case "area": return .number(geometry.planarArea)
                case "perimeter": return .number(geometry.length)
                case "part_count": return .number(Double(geometry.partCount))
                default: return .number(Double(geometry.vertexCount))
                }
            }
        case "abs" where argumentNodes.count == 1:
            // the common numeric case without building an argument array per record
            let operand = argument(0)
            return { record in
                switch operand(record) {
                case .null: return .null
                case .number(let value): return .number(abs(value))
                case let other: return apply(name, [other])
                }
            }
        default:
            let arguments = argumentNodes.indices.map(argument)
            return { record in
                let values = arguments.map { $0(record) }
                if values.contains(.null) { return .null }
                return apply(name, values)
            }
        }
    }

    /// A function on non-null arguments.
    static func apply(_ name: String, _ values: [ExpressionValue]) -> ExpressionValue {
        func text(_ index: Int) -> String {
            if case .string(let value) = values[index] { return value }
            return values[index].description
        }
        func number(_ index: Int) -> Double {
            if case .number(let value) = values[index] { return value }
            return .nan
        }
        func count(_ index: Int) -> Int {
            let value = number(index)
            return value.isFinite ? max(0, Int(min(value, 1e9))) : 0
        }
        switch name {
        case "length": return .number(Double(text(0).count))
        case "left": return .string(String(text(0).prefix(count(1))))
        case "right": return .string(String(text(0).suffix(count(1))))
        case "substring":
            let source = Array(text(0))
            let start = max(1, count(1)) - 1
            guard start < source.count else { return .string("") }
            let length = values.count > 2 ? count(2) : source.count - start
            return .string(String(source[start..<min(source.count, start + length)]))
        case "starts_with": return .bool(text(0).hasPrefix(text(1)))
        case "ends_with": return .bool(text(0).hasSuffix(text(1)))
        case "contains": return .bool(text(0).contains(text(1)))
        case "trim": return .string(text(0).trimmingSpaces())
        case "upper": return .string(text(0).uppercased())
        case "lower": return .string(text(0).lowercased())
        case "abs": return .number(abs(number(0)))
        case "round":
            let places = values.count > 1 ? Double(count(1)) : 0
            let scale = pow10(places)
            return .number((number(0) * scale).rounded(.toNearestOrAwayFromZero) / scale)
        case "to_number":
            return Double(text(0).trimmingSpaces()).map(ExpressionValue.number) ?? .null
        case "to_text": return .string(ValueRange.format(number(0)))
        default: return .null
        }
    }

    static func pow10(_ exponent: Double) -> Double {
        var result = 1.0
        for _ in 0..<Int(min(exponent, 15)) { result *= 10 }
        return result
    }
}
