import Foundation
import Hummingbird

/// An error answered as JSON `{"error": {"code": …, "message": …}}` with its status.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONBody.response(
            ErrorBody(error: .init(code: code, message: message)), status: status)
        for field in headers { response.headers.append(field) }
        if request.method == .head { response.body = .init() }
        return response
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad-request", message) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not-found", "no such \(what)") }
    static let unauthorized = APIError(.unauthorized, "unauthorized", "log in or send an API token")
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }
}

struct ErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
    }
    var error: Detail
}

/// JSON bodies with sorted keys, so the same answer is the same bytes.
enum JSONBody {
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:])
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: encode(value))))
    }

    /// Reads a JSON object body (at most 64 KiB), naming what is wrong with it.
    static func object(_ request: Request, allowed: Set<String>) async throws -> [String: Any] {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 64 * 1024)
        } catch {
            throw APIError(.contentTooLarge, "too-large", "the request body is over 64 KiB")
        }
        let bytes = Data(buffer.readableBytesView)
        guard let object = try? JSONSerialization.jsonObject(with: bytes), let fields = object as? [String: Any]
        else { throw APIError.badRequest("the body must be a JSON object") }
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest("unknown field '\(unknown)'")
        }
        return fields
    }

    static func string(_ fields: [String: Any], _ key: String, required: Bool = true) throws -> String? {
        guard let value = fields[key] else {
            if required { throw APIError.badRequest("'\(key)' is missing") }
            return nil
        }
        guard let text = value as? String else { throw APIError.badRequest("'\(key)' must be a string") }
        return text
    }
}

/// ISO-8601 UTC with milliseconds, from epoch milliseconds.
func isoTime(_ millis: Int64) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
}
