import CheckKit
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The request context of the service's routes.
public struct ServiceContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public init(source: Source) { coreContext = .init(source: source) }
}

/// Who is calling, and how they proved it.
struct Caller: Sendable {
    var user: User
    var session: SessionRecord?
    var token: APIToken?

    var visibility: Visibility {
        switch user.role {
        case .admin: return .all
        case .producer: return .unit(user.unit ?? "")
        case .inspector: return .regions(user.regions)
        }
    }

    /// A token must carry the scope; a session may do whatever the role allows.
    func require(_ scope: TokenScope) throws {
        if let token, !token.scopes.contains(scope) {
            throw APIError(.forbidden, "forbidden", "the token's scopes do not include \(scope.rawValue)")
        }
    }

    func require(role roles: Role...) throws {
        guard roles.contains(user.role) else {
            throw APIError.forbidden("a \(user.role.rawValue) may not do this")
        }
    }
}

/// The service: the store, the job queue, and the HTTP application over them.
public final class ServiceApp: Sendable {
    public let configuration: ServiceConfiguration
    public let store: any ServiceStore
    public let jobs: JobQueue
    public let metrics: ServiceMetrics
    let logger: Logger
    /// The uploads a PATCH is writing to right now (a second PATCH of the same upload is a conflict).
    let writing = Mutex<Set<String>>([])
    static let cookieName = "stdcheck_session"

    /// Opens the store, applies the migrations, and (with `recover`, when the server starts with workers of
    /// its own) puts back the checks a previous process left running and removes its temporary folders. A
    /// server without workers (`--workers 0`) recovers nothing: the rows in `checking` belong to live
    /// `stdcheck worker` processes, and an expired lease is taken over by any worker.
    public static func open(_ configuration: ServiceConfiguration, logger: Logger, recover: Bool = true) async throws
        -> ServiceApp
    {
        for folder in [configuration.data, configuration.uploads, configuration.reports, configuration.work] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let store = try await ServiceStoreFactory.open(configuration.database)
        try await store.migrate()
        guard recover, configuration.workers > 0 else {
            return ServiceApp(configuration: configuration, store: store, logger: logger)
        }
        let requeued = try await store.requeueInterrupted(now: epochMillis())
        if requeued > 0 { logger.notice("requeued \(requeued) interrupted checks") }
        // a killed run's leftovers: temporary report folders and work folders
        let files = FileManager.default
        for name in (try? files.contentsOfDirectory(atPath: configuration.reports.path)) ?? []
        where name.hasPrefix(".tmp-") || name.hasPrefix(".old-") {
            try? files.removeItem(at: configuration.reports.appendingPathComponent(name))
        }
        for name in (try? files.contentsOfDirectory(atPath: configuration.work.path)) ?? [] {
            try? files.removeItem(at: configuration.work.appendingPathComponent(name))
        }
        return ServiceApp(configuration: configuration, store: store, logger: logger)
    }

    init(configuration: ServiceConfiguration, store: any ServiceStore, logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.metrics = ServiceMetrics()
        self.jobs = JobQueue(store: store, configuration: configuration, metrics: metrics, logger: logger)
    }

    /// Serves until the task is cancelled or the process gets SIGTERM/SIGINT; `onListening` gets the port.
    public func run(workers: Bool = true, onListening: @escaping @Sendable (Int) async -> Void = { _ in })
        async throws
    {
        let application = Application(
            router: router(),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "stdcheck"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await application.runService() }
            if workers && configuration.workers > 0 { group.addTask { await self.jobs.run() } }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Every route of docs/openapi.yaml, and the pages.
    public func router() -> Router<ServiceContext> {
        let router = Router(context: ServiceContext.self)
        router.add(middleware: RequestLog(metrics: metrics))
        let methodNotAllowed = MethodNotAllowed<ServiceContext>()
        router.add(middleware: methodNotAllowed)
        if let pages = Bundle.module.url(forResource: "pages", withExtension: nil, subdirectory: "Resources")?.path {
            router.add(middleware: FileMiddleware(pages, searchForIndexHtml: true, logger: logger))
        }
        addOperations(to: router)
        addAuth(to: router)
        addUploads(to: router)
        addSubmissions(to: router)
        addFindings(to: router)
        addBatches(to: router)
        addAdmin(to: router)
        methodNotAllowed.load(router.routes.map { (path: "\($0.path)", method: $0.method.rawValue) })
        return router
    }

    func addOperations(to router: Router<ServiceContext>) {
        router.get("/healthz") { _, _ -> Response in
            do {
                let queue = try await self.store.queueLength()
                return JSONBody.response(Health(status: "ok", queue: queue))
            } catch {
                throw APIError(.serviceUnavailable, "unavailable", "the database does not answer: \(error)")
            }
        }
        router.get("/metrics") { _, _ -> Response in
            if let queue = try? await self.store.queueLength() { self.metrics.queueLength.set(Int64(queue)) }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: self.metrics.registry.emitToBuffer())))
        }
        router.get("/openapi.yaml") { _, _ -> Response in
            guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources"),
                let data = try? Data(contentsOf: url)
            else { throw APIError.notFound("document") }
            return Response(
                status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    struct Health: Encodable {
        var status: String
        var queue: Int
    }

    /// The caller of a request: an API token (`Authorization: Bearer`) or the session cookie. A request that
    /// changes state with the cookie must carry the session's CSRF token.
    func caller(_ request: Request, changing: Bool) async throws -> Caller {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthorized }
            guard let token = try await store.token(hash: Secrets.digest(String(parts[1]))) else {
                throw APIError(.unauthorized, "unauthorized", "unknown API token")
            }
            guard token.revokedAt == nil else { throw APIError(.unauthorized, "unauthorized", "the token is revoked") }
            guard let user = try await store.user(id: token.userID), user.disabledAt == nil else {
                throw APIError(.unauthorized, "unauthorized", "the token's user is disabled")
            }
            return Caller(user: user, session: nil, token: token)
        }
        guard let cookie = request.cookies[ServiceApp.cookieName]?.value, !cookie.isEmpty else {
            throw APIError.unauthorized
        }
        let hash = Secrets.digest(cookie)
        guard let session = try await store.session(tokenHash: hash) else {
            throw APIError(.unauthorized, "unauthorized", "the session is unknown or ended")
        }
        guard session.expiresAt > epochMillis() else {
            try? await store.deleteSession(tokenHash: hash)
            throw APIError(.unauthorized, "session-expired", "the session has expired; log in again")
        }
        guard let user = try await store.user(id: session.userID), user.disabledAt == nil else {
            throw APIError(.unauthorized, "unauthorized", "the user is disabled")
        }
        if changing {
            guard let sent = request.headers[ServiceApp.csrfHeader], Secrets.equal(sent, session.csrf) else {
                throw APIError(.forbidden, "csrf", "send the session's CSRF token in X-CSRF-Token")
            }
        }
        return Caller(user: user, session: session, token: nil)
    }

    static let csrfHeader = HTTPFields.Element.Name("X-CSRF-Token")!

    /// User names by id, for the views.
    func names() async throws -> [String: String] {
        Dictionary(try await store.users().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}

/// One log line and one metric per request.
struct RequestLog: RouterMiddleware {
    typealias Context = ServiceContext
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            finish(request, context: context, status: response.status.code, started: started)
            return response
        } catch let error as HTTPResponseError {
            finish(request, context: context, status: error.status.code, started: started)
            throw error
        } catch {
            finish(request, context: context, status: 500, started: started)
            throw error
        }
    }

    func finish(_ request: Request, context: Context, status: Int, started: ContinuousClock.Instant) {
        metrics.request(status: status)
        let elapsed = ContinuousClock.now - started
        let millis = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "\(request.method) \(request.uri.path) \(status)",
            metadata: ["ms": "\(String(format: "%.1f", millis))"])
    }
}
