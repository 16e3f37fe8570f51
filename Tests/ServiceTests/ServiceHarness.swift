import Foundation
import Logging
import RuleEngine
import Service
import Synchronization
import TestSupport
import Testing
import ZIPFoundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real service on a loopback port, in this process, over a real SQLite file and data folder in a
/// temporary folder; stopped (and its folder removed) by `stop()`.
final class ServiceHarness: Sendable {
    let app: ServiceApp
    let port: Int
    let folder: String
    private let task: Task<Void, any Error>

    static func start(workers: Int = 1, tune: (inout ServiceConfiguration) -> Void = { _ in }) async throws
        -> ServiceHarness
    {
        let folder = try HostileFiles.folder("service")
        var configuration = ServiceConfiguration(
            data: URL(fileURLWithPath: folder + "/data"), host: "127.0.0.1", port: 0, workers: workers,
            searchPath: RulesSearchPath([.init(packageRoot + "/rules", origin: .option)]), language: .en,
            toolVersion: "test")
        configuration.maxUpload = 4 << 20
        configuration.quota = 6 << 20
        configuration.pollMillis = 50
        tune(&configuration)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = try await ServiceApp.open(configuration, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await app.run { port in continuation.yield(port) } }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        return ServiceHarness(app: app, port: port, folder: folder, task: task)
    }

    private init(app: ServiceApp, port: Int, folder: String, task: Task<Void, any Error>) {
        self.app = app
        self.port = port
        self.folder = folder
        self.task = task
    }

    func stop() async {
        task.cancel()
        _ = await task.result
        try? FileManager.default.removeItem(atPath: folder)
    }

    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// A user straight through the service's own code path (the one `serve admin add-user` takes).
    @discardableResult func user(_ name: String, _ role: Role, unit: String? = nil, regions: [String] = [])
        async throws -> User
    {
        try await app.addUser(name: name, password: "password-\(name)", role: role, unit: unit, regions: regions)
    }

    /// An API token for a user.
    func token(_ name: String, scopes: [TokenScope] = [.submit, .read]) async throws -> String {
        let user = try #require(try await app.store.user(named: name))
        return try await app.addToken(for: user, name: "test", scopes: scopes).1
    }
}

/// One HTTP answer.
struct Answer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }
}

/// A client that speaks as one caller: a token, or a session cookie with its CSRF token.
struct Client: Sendable {
    var base: URL
    var bearer: String?
    var cookie: String?
    var csrf: String?

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    func send(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil, json: Any? = nil,
        csrf sendCSRF: Bool = true
    ) async throws -> Answer {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let cookie { request.setValue("stdcheck_session=\(cookie)", forHTTPHeaderField: "Cookie") }
        if let csrf, sendCSRF { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else {
            request.httpBody = body
        }
        let (data, response) = try await Client.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var fields: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { fields[key] = value }
        }
        return Answer(status: http.statusCode, headers: fields, body: data)
    }

    /// Logs in with the harness's password for `name`; the client then carries the cookie and CSRF token.
    static func login(_ harness: ServiceHarness, _ name: String) async throws -> Client {
        let answer = try await Client(base: harness.base).send(
            "POST", "/api/login", json: ["name": name, "password": "password-\(name)"])
        #expect(answer.status == 200)
        let setCookie = try #require(answer.header("Set-Cookie"))
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        let value = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
        return Client(base: harness.base, cookie: String(value), csrf: answer.json["csrf"] as? String)
    }

    /// Creates a tus upload of `data` named `name` and sends it whole; returns the upload id.
    func upload(_ data: Data, name: String, standard: String? = nil) async throws -> String {
        var metadata = "filename " + Data(name.utf8).base64EncodedString()
        if let standard { metadata += ",standard " + Data(standard.utf8).base64EncodedString() }
        let created = try await send(
            "POST", "/api/uploads",
            headers: ["Tus-Resumable": "1.0.0", "Upload-Length": String(data.count), "Upload-Metadata": metadata])
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let location = try #require(created.header("Location"))
        let patched = try await send(
            "PATCH", location,
            headers: [
                "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
            ], body: data)
        #expect(patched.status == 204)
        return String(location.split(separator: "/").last!)
    }

    /// Uploads and submits; returns the submission's JSON.
    func submit(_ data: Data, name: String, standard: String?) async throws -> [String: Any] {
        let upload = try await upload(data, name: name)
        var body: [String: Any] = ["upload": upload]
        if let standard { body["standard"] = standard }
        let answer = try await send("POST", "/api/submissions", json: body)
        #expect(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
        return answer.json
    }

    /// Polls a submission until it leaves queued/checking (at most `seconds`).
    func waitChecked(_ id: String, seconds: Double = 60) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let answer = try await send("GET", "/api/submissions/\(id)")
            let state = answer.json["state"] as? String ?? ""
            if !["uploaded", "queued", "checking"].contains(state) { return answer.json }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("submission \(id) was not checked within \(seconds) s")
        return [:]
    }
}

/// Test deliveries, zipped in the test.
enum Deliveries {
    /// fixtures/sample-county as a zip (its files at the zip's top), plus `extra` files to make the content
    /// differ between submissions.
    static func sampleCounty(extra: [String: String] = [:]) throws -> Data {
        let folder = try HostileFiles.folder("delivery")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = URL(fileURLWithPath: folder + "/sample-county")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: fixture("sample-county")), to: source)
        for (name, text) in extra { try Data(text.utf8).write(to: source.appendingPathComponent(name)) }
        let zip = URL(fileURLWithPath: folder + "/sample-county.zip")
        try FileManager.default.zipItem(at: source, to: zip, shouldKeepParent: false)
        return try Data(contentsOf: zip)
    }
}
