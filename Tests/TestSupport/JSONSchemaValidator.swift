import Foundation

/// A JSON document as parsed, keeping booleans, numbers and null apart (JSONSerialization does not on Linux).
public indirect enum JSONNode: Decodable, Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONNode])
    case object([String: JSONNode])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONNode].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONNode].self))
        }
    }

    public static func parse(_ data: Data) throws -> JSONNode { try JSONDecoder().decode(JSONNode.self, from: data) }

    public subscript(key: String) -> JSONNode? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var array: [JSONNode]? {
        if case .array(let value) = self { return value }
        return nil
    }
}

/// Validates JSON against a JSON Schema (draft-04 and draft-07), for the keywords our two schemas
/// use: `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `const`,
/// `pattern`, `minimum`, `maximum`, `minItems`, `maxItems`, `uniqueItems`, `anyOf`, `oneOf`,
/// `allOf`, `not`, and `$ref` within the document. `format` is an annotation here and is not
/// checked. Any other keyword makes validation fail, so a schema cannot rely on one silently.
public struct JSONSchemaValidator {
    public let schema: JSONNode

    static let annotations: Set<String> = [
        "$schema", "$id", "id", "title", "description", "default", "definitions", "format", "examples",
        "deprecated",
    ]
    static let understood: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern", "minimum",
        "maximum", "minItems", "maxItems", "uniqueItems", "anyOf", "oneOf", "allOf", "not", "$ref",
    ]

    public init(schema: JSONNode) {
        self.schema = schema
    }

    /// Every violation, as `path: problem`; empty when the document is valid.
    public func errors(in document: JSONNode) -> [String] {
        var errors: [String] = []
        validate(document, against: schema, path: "$", into: &errors)
        return errors
    }

    private func resolve(_ reference: String) -> JSONNode? {
        guard reference.hasPrefix("#") else { return nil }
        var node = schema
        for part in reference.dropFirst().split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            guard let next = node[key] else { return nil }
            node = next
        }
        return node
    }

    private func validate(_ value: JSONNode, against schema: JSONNode, path: String, into errors: inout [String]) {
        if case .bool(let allowed) = schema {
            if !allowed { errors.append("\(path): no value is allowed here") }
            return
        }
        guard case .object(let keywords) = schema else {
            errors.append("\(path): schema is not an object")
            return
        }
        for keyword in keywords.keys.sorted()
        where !Self.understood.contains(keyword) && !Self.annotations.contains(keyword) {
            errors.append("\(path): the validator does not implement keyword '\(keyword)'")
        }
        if let reference = keywords["$ref"]?.string {
            guard let target = resolve(reference) else {
                errors.append("\(path): unresolvable $ref \(reference)")
                return
            }
            validate(value, against: target, path: path, into: &errors)
            return
        }
        if let type = keywords["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string].compactMap { $0 }
            if !types.contains(where: { matches(value, type: $0) }) {
                errors.append("\(path): expected \(types.joined(separator: " or ")), got \(describe(value))")
                return
            }
        }
        if let options = keywords["enum"]?.array, !options.contains(value) {
            errors.append("\(path): \(describe(value)) is not one of the allowed values")
        }
        if let constant = keywords["const"], constant != value {
            errors.append("\(path): must be \(describe(constant))")
        }
        switch value {
        case .string(let text):
            if let pattern = keywords["pattern"]?.string {
                if let regex = try? NSRegularExpression(pattern: pattern) {
                    let range = NSRange(text.startIndex..., in: text)
                    if regex.firstMatch(in: text, range: range) == nil {
                        errors.append("\(path): '\(text)' does not match \(pattern)")
                    }
                } else {
                    errors.append("\(path): the schema's pattern \(pattern) does not compile")
                }
            }
        case .number(let number):
            if case .number(let minimum)? = keywords["minimum"], number < minimum {
                errors.append("\(path): \(number) is below the minimum \(minimum)")
            }
            if case .number(let maximum)? = keywords["maximum"], number > maximum {
                errors.append("\(path): \(number) is above the maximum \(maximum)")
            }
        case .array(let items):
            if case .number(let minimum)? = keywords["minItems"], Double(items.count) < minimum {
                errors.append("\(path): \(items.count) items, fewer than \(Int(minimum))")
            }
            if case .number(let maximum)? = keywords["maxItems"], Double(items.count) > maximum {
                errors.append("\(path): \(items.count) items, more than \(Int(maximum))")
            }
            if case .bool(true)? = keywords["uniqueItems"] {
                for (index, item) in items.enumerated() where items[..<index].contains(item) {
                    errors.append("\(path)[\(index)]: repeats an earlier item")
                }
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() {
                    validate(item, against: itemSchema, path: "\(path)[\(index)]", into: &errors)
                }
            }
        case .object(let members):
            for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where members[name] == nil {
                errors.append("\(path): missing required member '\(name)'")
            }
            let properties: [String: JSONNode]
            if case .object(let declared)? = keywords["properties"] { properties = declared } else { properties = [:] }
            for name in members.keys.sorted() {
                let member = members[name]!
                if let propertySchema = properties[name] {
                    validate(member, against: propertySchema, path: "\(path).\(name)", into: &errors)
                } else if let additional = keywords["additionalProperties"] {
                    validate(member, against: additional, path: "\(path).\(name)", into: &errors)
                }
            }
        default:
            break
        }
        if let all = keywords["allOf"]?.array {
            for schema in all { validate(value, against: schema, path: path, into: &errors) }
        }
        if let any = keywords["anyOf"]?.array, !any.contains(where: { isValid(value, $0, path) }) {
            errors.append("\(path): matches none of anyOf")
        }
        if let one = keywords["oneOf"]?.array {
            let count = one.filter { isValid(value, $0, path) }.count
            if count != 1 { errors.append("\(path): matches \(count) of oneOf, not exactly one") }
        }
        if let not = keywords["not"], isValid(value, not, path) {
            errors.append("\(path): matches a schema it must not")
        }
    }

    private func isValid(_ value: JSONNode, _ schema: JSONNode, _ path: String) -> Bool {
        var errors: [String] = []
        validate(value, against: schema, path: path, into: &errors)
        return errors.isEmpty
    }

    private func matches(_ value: JSONNode, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }

    private func describe(_ value: JSONNode) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): "\(number)"
        case .string(let text): "'\(text)'"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
