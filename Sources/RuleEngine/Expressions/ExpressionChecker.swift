/// What an expression may refer to: the layer's fields with their types, the pack's code lists,
/// and whether the layer has geometry.
public struct ExpressionScope: Sendable {
    public var fields: [String: StandardFieldType]
    public var codeLists: [String: CodeList]
    public var hasGeometry: Bool

    public init(fields: [String: StandardFieldType], codeLists: [String: CodeList], hasGeometry: Bool) {
        self.fields = fields
        self.codeLists = codeLists
        self.hasGeometry = hasGeometry
    }

    static func type(of field: StandardFieldType) -> ExpressionType {
        switch field {
        case .int, .float: .number
        case .bool: .bool
        case .char, .date: .string
        }
    }
}

/// A function of the language: its argument types and result type.
struct ExpressionFunction {
    var parameters: [ExpressionType]
    /// Trailing parameters that may be left out.
    var optional: Int = 0
    var result: ExpressionType
    /// The first argument names a code list and must be a quoted literal.
    var takesCodeList = false
    var needsGeometry = false

    static let all: [String: ExpressionFunction] = [
        "length": .init(parameters: [.string], result: .number),
        "left": .init(parameters: [.string, .number], result: .string),
        "right": .init(parameters: [.string, .number], result: .string),
        "substring": .init(parameters: [.string, .number, .number], optional: 1, result: .string),
        "starts_with": .init(parameters: [.string, .string], result: .bool),
        "ends_with": .init(parameters: [.string, .string], result: .bool),
        "contains": .init(parameters: [.string, .string], result: .bool),
        "trim": .init(parameters: [.string], result: .string),
        "upper": .init(parameters: [.string], result: .string),
        "lower": .init(parameters: [.string], result: .string),
        "abs": .init(parameters: [.number], result: .number),
        "round": .init(parameters: [.number, .number], optional: 1, result: .number),
        "to_number": .init(parameters: [.string], result: .number),
        "to_text": .init(parameters: [.number], result: .string),
        "name_of": .init(parameters: [.string, .string], result: .string, takesCodeList: true),
        "in_list": .init(parameters: [.string, .string], result: .bool, takesCodeList: true),
        "parent_of": .init(parameters: [.string, .string], result: .string, takesCodeList: true),
        "area": .init(parameters: [], result: .number, needsGeometry: true),
        "perimeter": .init(parameters: [], result: .number, needsGeometry: true),
        "part_count": .init(parameters: [], result: .number, needsGeometry: true),
        "vertex_count": .init(parameters: [], result: .number, needsGeometry: true),
    ]
}

/// Type-checks an expression against a scope; every error carries the offset of its culprit.
enum ExpressionChecker {
    static func type(of node: ExpressionNode, in scope: ExpressionScope) throws(ExpressionError) -> ExpressionType {
        switch node {
        case .literal(let value, _):
            return literalType(value)
        case .field(let name, let offset):
            guard let type = scope.fields[name] else {
                let near = scope.fields.keys.filter { $0.uppercased() == name.uppercased() }.first
                throw ExpressionError(
                    "no field '\(name)' in this layer" + (near.map { "; did you mean '\($0)'?" } ?? ""), at: offset)
            }
            return ExpressionScope.type(of: type)
        case .list(let items, let offset):
            var element: ExpressionType = .null
            for item in items {
                let itemType = try type(of: item, in: scope)
                guard element.accepts(itemType) else {
                    throw ExpressionError("a list mixes \(element) and \(itemType)", at: item.offset)
                }
                if element == .null { element = itemType }
            }
            _ = offset
            return .list(element)
        case .unary(let op, let operand, let offset):
            let operandType = try type(of: operand, in: scope)
            let wanted: ExpressionType = op == "not" ? .bool : .number
            guard wanted.accepts(operandType) else {
                throw ExpressionError("'\(op)' needs a \(wanted), not a \(operandType)", at: offset)
            }
            return wanted
        case .binary(let op, let left, let right, let offset):
            let leftType = try type(of: left, in: scope)
            let rightType = try type(of: right, in: scope)
            switch op {
            case "and", "or":
                for (side, sideType) in [(left, leftType), (right, rightType)]
                where !ExpressionType.bool.accepts(sideType) {
                    throw ExpressionError("'\(op)' needs a boolean, not a \(sideType)", at: side.offset)
                }
                return .bool
            case "+", "-", "*", "/", "%":
                for (side, sideType) in [(left, leftType), (right, rightType)]
                where !ExpressionType.number.accepts(sideType) {
                    throw ExpressionError("'\(op)' needs a number, not a \(sideType)", at: side.offset)
                }
                return .number
            case "||":
                for (side, sideType) in [(left, leftType), (right, rightType)]
                where !ExpressionType.string.accepts(sideType) {
                    throw ExpressionError("'||' joins text, not a \(sideType)", at: side.offset)
                }
                return .string
            default:
                guard leftType.accepts(rightType) else {
                    throw ExpressionError("cannot compare a \(leftType) with a \(rightType)", at: offset)
                }
                if ["<", "<=", ">", ">="].contains(op), leftType == .bool || rightType == .bool {
                    throw ExpressionError("'\(op)' cannot order booleans", at: offset)
                }
                return .bool
            }
        case .membership(let value, let target, _, let offset):
            let valueType = try type(of: value, in: scope)
            let targetType = try type(of: target, in: scope)
            guard case .list(let element) = targetType else {
                throw ExpressionError("'in' needs a list, not a \(targetType)", at: target.offset)
            }
            guard element.accepts(valueType) else {
                throw ExpressionError("cannot look for a \(valueType) in a list of \(element)", at: offset)
            }
            return .bool
        case .matches(let value, let pattern, _, let offset):
            let valueType = try type(of: value, in: scope)
            guard ExpressionType.string.accepts(valueType) else {
                throw ExpressionError("'matches' needs text, not a \(valueType)", at: value.offset)
            }
            do {
                _ = try LinearPattern(pattern)
            } catch {
                throw ExpressionError(
                    "'\(pattern)' is not a pattern StdCheck runs (docs/rules.md, Patterns): \(error)", at: offset)
            }
            return .bool
        case .isNull(let operand, _, _):
            _ = try type(of: operand, in: scope)
            return .bool
        case .between(let value, let low, let high, _, let offset):
            let types = [try type(of: value, in: scope), try type(of: low, in: scope), try type(of: high, in: scope)]
            let concrete = types.first { $0 != .null } ?? .number
            guard concrete == .number || concrete == .string, types.allSatisfy({ concrete.accepts($0) }) else {
                throw ExpressionError("'between' needs three numbers or three texts", at: offset)
            }
            return .bool
        case .call(let name, let arguments, let offset):
            if name == "coalesce" {
                guard arguments.count >= 2 else {
                    throw ExpressionError("coalesce takes at least two values", at: offset)
                }
                var result: ExpressionType = .null
                for argument in arguments {
                    let argumentType = try type(of: argument, in: scope)
                    guard result.accepts(argumentType) else {
                        throw ExpressionError("coalesce mixes \(result) and \(argumentType)", at: argument.offset)
                    }
                    if result == .null { result = argumentType }
                }
                return result
            }
            guard let function = ExpressionFunction.all[name] else {
                let known = (Array(ExpressionFunction.all.keys) + ["coalesce"]).sorted().joined(separator: ", ")
                throw ExpressionError("no function '\(name)'; the functions are \(known)", at: offset)
            }
            let count = function.parameters.count
            guard arguments.count <= count, arguments.count >= count - function.optional else {
                throw ExpressionError(
                    "\(name) takes \(count - function.optional == count ? "\(count)" : "\(count - function.optional) to \(count)") argument(s), not \(arguments.count)",
                    at: offset)
            }
            if function.needsGeometry && !scope.hasGeometry {
                throw ExpressionError("\(name)() needs a layer with geometry", at: offset)
            }
            if function.takesCodeList {
                guard case .literal(.string(let list), let listOffset) = arguments[0] else {
                    throw ExpressionError(
                        "\(name) takes the name of a code list in quotes first", at: arguments[0].offset)
                }
                guard scope.codeLists[list] != nil else {
                    throw ExpressionError("no code list '\(list)' in this pack", at: listOffset)
                }
            }
            for (argument, parameter) in zip(arguments, function.parameters) {
                let argumentType = try type(of: argument, in: scope)
                guard parameter.accepts(argumentType) else {
                    throw ExpressionError(
                        "\(name) needs a \(parameter) here, not a \(argumentType)", at: argument.offset)
                }
            }
            return function.result
        }
    }

    static func literalType(_ value: ExpressionValue) -> ExpressionType {
        switch value {
        case .null: .null
        case .string: .string
        case .number: .number
        case .bool: .bool
        case .list(let items): .list(items.first.map(literalType) ?? .null)
        }
    }
}
