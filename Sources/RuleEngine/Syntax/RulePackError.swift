/// Why a rule pack could not be loaded, and where: prints as `file:line:column: error: message`.
public struct RulePackError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every reason a pack is refused; the wording of each is in `message`.
    public enum Reason: Hashable, Sendable {
        case unreadable(String)
        case syntax(String)
        case missingKey(String)
        case unknownKey(String, allowed: [String])
        case wrongType(key: String, expected: String)
        case invalidValue(key: String, value: String, allowed: String)
        case unsupportedSchema(Int, newest: Int)
        case duplicate(kind: String, name: String, firstDeclared: String)
        case unknownCodeList(String)
        case unknownField(String, layer: String)
        case invalidPattern(String, problem: String)
        case codeListRow(String)
        case standardNotFound(String, available: [String], searched: [String])
        case mismatchedIdentity(declared: String, folder: String)
        /// An expression that does not parse or type-check, with the expression and the culprit's offset.
        case expression(String, source: String, offset: Int)
        case example(String)
    }

    public var reason: Reason
    public var location: Location

    public init(_ reason: Reason, at location: Location) {
        self.reason = reason
        self.location = location
    }

    /// `file:line:column: error: message`; for an expression, followed by the expression and a caret under the culprit.
    public var description: String {
        guard case .expression(_, let source, let offset) = reason, !source.contains("\n") else {
            return "\(location): error: \(message)"
        }
        let caret = String(repeating: " ", count: max(0, min(offset, source.count))) + "^"
        return "\(location): error: \(message)\n    \(source)\n    \(caret)"
    }

    public var message: String {
        switch reason {
        case .unreadable(let problem):
            "cannot read the file: \(problem)"
        case .syntax(let problem):
            "YAML syntax: \(problem)"
        case .missingKey(let key):
            "missing required key '\(key)'"
        case .unknownKey(let key, let allowed):
            "unknown key '\(key)'; allowed here: \(allowed.joined(separator: ", "))"
        case .wrongType(let key, let expected):
            "'\(key)' must be \(expected)"
        case .invalidValue(let key, let value, let allowed):
            "'\(value)' is not a valid value for '\(key)'; expected \(allowed)"
        case .unsupportedSchema(let schema, let newest):
            "pack schema \(schema) is newer than this StdCheck understands (newest: \(newest)); upgrade stdcheck"
        case .duplicate(let kind, let name, let first):
            "\(kind) '\(name)' is already declared at \(first)"
        case .unknownCodeList(let name):
            "no code list '\(name)' in this pack's codelists/"
        case .unknownField(let name, let layer):
            "layer \(layer) has no field '\(name)'"
        case .invalidPattern(let pattern, let problem):
            "pattern '\(pattern)' is not a pattern StdCheck runs (docs/rules.md, Patterns): \(problem)"
        case .codeListRow(let problem):
            "code list row: \(problem)"
        case .standardNotFound(let name, let available, let searched):
            "no standard '\(name)' in the rules search path ("
                + (searched.isEmpty ? "empty" : searched.joined(separator: ", ")) + "); available: "
                + (available.isEmpty ? "none" : available.joined(separator: ", "))
                + " (`stdcheck standards list`)"
        case .mismatchedIdentity(let declared, let folder):
            "pack declares \(declared) but lives in the folder for \(folder)"
        case .expression(let problem, _, _):
            problem
        case .example(let problem):
            problem
        }
    }
}
