import Foundation
import RuleEngine

/// A JSON tree for writers whose output is not a report type's own encoding (SARIF, GeoJSON).
///
/// Encoded with the report encoder's settings, so object keys come out sorted.
enum JSONValue: Encodable, Sendable {
    case string(String)
    case int(Int)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([String: JSONValue])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .null: try container.encodeNil()
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        }
    }

    /// A string, or null when nil.
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    /// An integer, or null when nil.
    static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
}

/// Escapes text for XML and HTML content and attribute values.
func escapeMarkup(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": output += "&amp;"
        case "<": output += "&lt;"
        case ">": output += "&gt;"
        case "\"": output += "&quot;"
        case "'": output += "&#39;"
        default: output.append(character)
        }
    }
    return output
}

extension Finding {
    /// `BSM=130100059`, when the finding has a feature key.
    var keyText: String? { key.map { "\($0.field)=\($0.value)" } }
}
