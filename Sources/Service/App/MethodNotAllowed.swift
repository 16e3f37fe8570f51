import Hummingbird
import Synchronization

/// 405 Method Not Allowed, with `Allow`, for a path the router knows under other methods (TRACE or PUT on
/// /api/submissions, …), instead of the router's 404 that says the path does not exist. The route table
/// is handed over once the router is complete (`ServiceApp.router()`).
final class MethodNotAllowed<Context: RequestContext>: RouterMiddleware, Sendable {
    /// Each route's path segments (`{id}` matches any one segment) and its methods.
    private let routes = Mutex<[(segments: [Substring], methods: Set<String>)]>([])

    init() {}

    func load(_ descriptions: [(path: String, method: String)]) {
        var table: [String: Set<String>] = [:]
        for description in descriptions { table[description.path, default: []].insert(description.method) }
        routes.withLock { routes in
            routes = table.map { (segments: $0.key.split(separator: "/"), methods: $0.value) }
        }
    }

    /// The methods routed for `path`, or nil when no route has this path.
    func methods(for path: String) -> Set<String>? {
        let segments = path.split(separator: "/")
        let found = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == segments.count
                    && zip(route.segments, segments).allSatisfy { pattern, segment in
                        pattern.hasPrefix("{") || pattern == segment
                    }
            }.reduce(into: Set<String>()) { $0.formUnion($1.methods) }
        }
        return found.isEmpty ? nil : found
    }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let methods = methods(for: request.uri.path), !methods.contains(request.method.rawValue) else {
                throw error
            }
            let allow = methods.sorted().joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, "method-not-allowed", "\(request.method.rawValue) is not one of \(allow)",
                headers: [.allow: allow])
        }
    }
}
