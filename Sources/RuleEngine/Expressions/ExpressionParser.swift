/// The syntax tree of an expression; every node keeps its 0-based offset for error carets.
public indirect enum ExpressionNode: Hashable, Sendable {
    case literal(ExpressionValue, offset: Int)
    case field(String, offset: Int)
    case list([ExpressionNode], offset: Int)
    case unary(String, ExpressionNode, offset: Int)
    case binary(String, ExpressionNode, ExpressionNode, offset: Int)
    case membership(ExpressionNode, ExpressionNode, negated: Bool, offset: Int)
    case matches(ExpressionNode, pattern: String, negated: Bool, offset: Int)
    case isNull(ExpressionNode, negated: Bool, offset: Int)
    case between(ExpressionNode, ExpressionNode, ExpressionNode, negated: Bool, offset: Int)
    case call(String, [ExpressionNode], offset: Int)

    public var offset: Int {
        switch self {
        case .literal(_, let offset), .field(_, let offset), .list(_, let offset), .unary(_, _, let offset),
            .binary(_, _, _, let offset), .membership(_, _, _, let offset), .matches(_, _, _, let offset),
            .isNull(_, _, let offset), .between(_, _, _, _, let offset), .call(_, _, let offset):
            offset
        }
    }

    /// The same expression with fields renamed (`old` → `new`), for a profile that renames fields.
    public func renamingFields(_ names: [String: String]) -> ExpressionNode {
        guard !names.isEmpty else { return self }
        func rename(_ node: ExpressionNode) -> ExpressionNode {
            switch node {
            case .literal: node
            case .field(let name, let offset): .field(names[name] ?? name, offset: offset)
            case .list(let items, let offset): .list(items.map(rename), offset: offset)
            case .unary(let op, let operand, let offset): .unary(op, rename(operand), offset: offset)
            case .binary(let op, let left, let right, let offset):
                .binary(op, rename(left), rename(right), offset: offset)
            case .membership(let value, let target, let negated, let offset):
                .membership(rename(value), rename(target), negated: negated, offset: offset)
            case .matches(let value, let pattern, let negated, let offset):
                .matches(rename(value), pattern: pattern, negated: negated, offset: offset)
            case .isNull(let operand, let negated, let offset):
                .isNull(rename(operand), negated: negated, offset: offset)
            case .between(let value, let low, let high, let negated, let offset):
                .between(rename(value), rename(low), rename(high), negated: negated, offset: offset)
            case .call(let name, let arguments, let offset): .call(name, arguments.map(rename), offset: offset)
            }
        }
        return rename(self)
    }

    /// Every field name the expression reads, in order of first use.
    public var fields: [String] {
        var names: [String] = []
        func visit(_ node: ExpressionNode) {
            switch node {
            case .literal: break
            case .field(let name, _): if !names.contains(name) { names.append(name) }
            case .list(let items, _): items.forEach(visit)
            case .unary(_, let operand, _): visit(operand)
            case .binary(_, let left, let right, _), .membership(let left, let right, _, _):
                visit(left)
                visit(right)
            case .matches(let operand, _, _, _), .isNull(let operand, _, _): visit(operand)
            case .between(let value, let low, let high, _, _):
                visit(value)
                visit(low)
                visit(high)
            case .call(_, let arguments, _): arguments.forEach(visit)
            }
        }
        visit(self)
        return names
    }
}

/// A recursive-descent parser for the rule expression language (see docs/rules.md).
struct ExpressionParser {
    private var tokens: [ExpressionToken]
    private var position = 0

    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "null", "true", "false", "matches", "between"]

    static func parse(_ source: String) throws(ExpressionError) -> ExpressionNode {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(source))
        let node = try parser.orExpression()
        guard case .end = parser.current.kind else {
            throw ExpressionError(
                "unexpected \(parser.describe(parser.current)) after a complete expression", at: parser.current.offset)
        }
        return node
    }

    private init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    private var current: ExpressionToken { tokens[position] }

    private func describe(_ token: ExpressionToken) -> String {
        switch token.kind {
        case .number(let number): "number \(ValueRange.format(number))"
        case .string(let text): "text '\(text)'"
        case .identifier(let name): "'\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of expression"
        }
    }

    private func isKeyword(_ word: String, _ token: ExpressionToken? = nil) -> Bool {
        if case .identifier(let name) = (token ?? current).kind { return name.lowercased() == word }
        return false
    }

    private func isSymbol(_ symbol: String) -> Bool {
        if case .symbol(let text) = current.kind { return text == symbol }
        return false
    }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private mutating func expect(_ symbol: String) throws(ExpressionError) {
        guard isSymbol(symbol) else {
            throw ExpressionError("expected '\(symbol)' but found \(describe(current))", at: current.offset)
        }
        _ = advance()
    }

    private mutating func orExpression() throws(ExpressionError) -> ExpressionNode {
        var left = try andExpression()
        while isKeyword("or") {
            let token = advance()
            left = .binary("or", left, try andExpression(), offset: token.offset)
        }
        return left
    }

    private mutating func andExpression() throws(ExpressionError) -> ExpressionNode {
        var left = try notExpression()
        while isKeyword("and") {
            let token = advance()
            left = .binary("and", left, try notExpression(), offset: token.offset)
        }
        return left
    }

    private mutating func notExpression() throws(ExpressionError) -> ExpressionNode {
        if isKeyword("not") {
            let token = advance()
            return .unary("not", try notExpression(), offset: token.offset)
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExpressionError) -> ExpressionNode {
        let left = try additive()
        if case .symbol(let symbol) = current.kind, ["=", "!=", "<>", "<", "<=", ">", ">="].contains(symbol) {
            let token = advance()
            return .binary(symbol == "<>" ? "!=" : symbol, left, try additive(), offset: token.offset)
        }
        var negated = false
        let start = current.offset
        if isKeyword("not"), position + 1 < tokens.count,
            ["in", "matches", "between"].contains(where: { isKeyword($0, tokens[position + 1]) })
        {
            _ = advance()
            negated = true
        }
        if isKeyword("in") {
            _ = advance()
            return .membership(left, try inTarget(), negated: negated, offset: start)
        }
        if isKeyword("matches") {
            _ = advance()
            guard case .string(let pattern) = current.kind else {
                throw ExpressionError("'matches' takes a quoted regular expression", at: current.offset)
            }
            _ = advance()
            return .matches(left, pattern: pattern, negated: negated, offset: start)
        }
        if isKeyword("between") {
            _ = advance()
            let low = try additive()
            guard isKeyword("and") else { throw ExpressionError("'between' needs 'and'", at: current.offset) }
            _ = advance()
            return .between(left, low, try additive(), negated: negated, offset: start)
        }
        if isKeyword("is") {
            _ = advance()
            var isNegated = false
            if isKeyword("not") {
                _ = advance()
                isNegated = true
            }
            guard isKeyword("null") else {
                throw ExpressionError("'is' must be followed by 'null' or 'not null'", at: current.offset)
            }
            _ = advance()
            return .isNull(left, negated: isNegated, offset: start)
        }
        return left
    }

    /// `in ('a', 'b')`, `in ['a', 'b']`, or `in` an expression of list type.
    private mutating func inTarget() throws(ExpressionError) -> ExpressionNode {
        if isSymbol("(") || isSymbol("[") {
            let open = advance()
            let close = open.kind == .symbol("(") ? ")" : "]"
            var items: [ExpressionNode] = []
            if !isSymbol(close) {
                items.append(try orExpression())
                while isSymbol(",") {
                    _ = advance()
                    items.append(try orExpression())
                }
            }
            try expect(close)
            return .list(items, offset: open.offset)
        }
        return try additive()
    }

    private mutating func additive() throws(ExpressionError) -> ExpressionNode {
        var left = try multiplicative()
        while case .symbol(let symbol) = current.kind, ["+", "-", "||"].contains(symbol) {
            let token = advance()
            left = .binary(symbol, left, try multiplicative(), offset: token.offset)
        }
        return left
    }

    private mutating func multiplicative() throws(ExpressionError) -> ExpressionNode {
        var left = try unary()
        while case .symbol(let symbol) = current.kind, ["*", "/", "%"].contains(symbol) {
            let token = advance()
            left = .binary(symbol, left, try unary(), offset: token.offset)
        }
        return left
    }

    private mutating func unary() throws(ExpressionError) -> ExpressionNode {
        if isSymbol("-") {
            let token = advance()
            return .unary("-", try unary(), offset: token.offset)
        }
        return try primary()
    }

    private mutating func primary() throws(ExpressionError) -> ExpressionNode {
        let token = current
        switch token.kind {
        case .number(let number):
            _ = advance()
            return .literal(.number(number), offset: token.offset)
        case .string(let text):
            _ = advance()
            return .literal(.string(text), offset: token.offset)
        case .symbol("("):
            _ = advance()
            let inner = try orExpression()
            try expect(")")
            return inner
        case .symbol("["):
            _ = advance()
            var items: [ExpressionNode] = []
            if !isSymbol("]") {
                items.append(try orExpression())
                while isSymbol(",") {
                    _ = advance()
                    items.append(try orExpression())
                }
            }
            try expect("]")
            return .list(items, offset: token.offset)
        case .identifier(let name):
            _ = advance()
            switch name.lowercased() {
            case "true": return .literal(.bool(true), offset: token.offset)
            case "false": return .literal(.bool(false), offset: token.offset)
            case "null": return .literal(.null, offset: token.offset)
            default: break
            }
            if Self.keywords.contains(name.lowercased()) {
                throw ExpressionError("'\(name)' cannot start an operand", at: token.offset)
            }
            if isSymbol("(") {
                _ = advance()
                var arguments: [ExpressionNode] = []
                if !isSymbol(")") {
                    arguments.append(try orExpression())
                    while isSymbol(",") {
                        _ = advance()
                        arguments.append(try orExpression())
                    }
                }
                try expect(")")
                return .call(name.lowercased(), arguments, offset: token.offset)
            }
            return .field(name, offset: token.offset)
        default:
            throw ExpressionError("expected a value but found \(describe(token))", at: token.offset)
        }
    }
}
