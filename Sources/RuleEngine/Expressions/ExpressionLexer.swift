/// A token of the expression language, with its 0-based character offset in the source.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int
}

/// Splits an expression into tokens; a character that starts no token is an error at its offset.
enum ExpressionLexer {
    static let symbols = [
        "<=", ">=", "<>", "!=", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", "[", "]",
    ]

    static func tokens(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        let characters = Array(source)
        var tokens: [ExpressionToken] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character.isWhitespace {
                index += 1
                continue
            }
            let start = index
            if character.isNumber && character.isASCII
                || (character == "." && index + 1 < characters.count && characters[index + 1].isNumber)
            {
                while index < characters.count, characters[index].isASCII,
                    characters[index].isNumber || characters[index] == "."
                {
                    index += 1
                }
                let text = String(characters[start..<index])
                guard let number = Double(text) else { throw ExpressionError("'\(text)' is not a number", at: start) }
                tokens.append(ExpressionToken(kind: .number(number), offset: start))
            } else if character == "'" || character == "\"" {
                index += 1
                var text = ""
                var closed = false
                while index < characters.count {
                    if characters[index] == character {
                        // a doubled quote stands for itself, as in SQL
                        if index + 1 < characters.count, characters[index + 1] == character {
                            text.append(character)
                            index += 2
                            continue
                        }
                        closed = true
                        index += 1
                        break
                    }
                    text.append(characters[index])
                    index += 1
                }
                guard closed else { throw ExpressionError("the text starting here is never closed", at: start) }
                tokens.append(ExpressionToken(kind: .string(text), offset: start))
            } else if character.isLetter || character == "_" {
                while index < characters.count,
                    characters[index].isLetter || characters[index].isNumber || characters[index] == "_"
                {
                    index += 1
                }
                tokens.append(ExpressionToken(kind: .identifier(String(characters[start..<index])), offset: start))
            } else if let symbol = symbols.first(where: { matches($0, characters, at: index) }) {
                index += symbol.count
                tokens.append(ExpressionToken(kind: .symbol(symbol), offset: start))
            } else {
                throw ExpressionError("unexpected character '\(character)'", at: start)
            }
        }
        tokens.append(ExpressionToken(kind: .end, offset: characters.count))
        return tokens
    }

    private static func matches(_ symbol: String, _ characters: [Character], at index: Int) -> Bool {
        let symbolCharacters = Array(symbol)
        guard index + symbolCharacters.count <= characters.count else { return false }
        return Array(characters[index..<index + symbolCharacters.count]) == symbolCharacters
    }
}

/// A problem in an expression, at a 0-based character offset; the loader adds file, line and caret.
public struct ExpressionError: Error, Hashable, Sendable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
