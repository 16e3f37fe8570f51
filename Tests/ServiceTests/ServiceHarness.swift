import Foundation
import RuleEngine
import Service
import Synchronization
import TestSupport
import Testing
import ZIPFoundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real `stdcheck serve` on a free loopback port, as a subprocess, over a real SQLite file and data
/// folder in a temporary folder; stopped (and its folder removed) by `stop()`. The tests talk to it with
/// blocking calls: a test holds its thread like the suite's other tests, and the server never waits for
/// the test process's threads.
final class ServiceHarness: Sendable {
    let server: ServeProcess
    let folder: String

    var port: Int { server.port }
    var data: String { folder + "/data" }
    var base: URL { server.base }

    static func start(workers: Int = 1, options: [String] = []) throws -> ServiceHarness {
        let folder = try HostileFiles.folder("service")
        let server = try ServeProcess.start(
            data: folder + "/data", workers: workers,
            options: ["--max-upload", "4M", "--quota", "6M", "--lang", "en"] + options)
        return ServiceHarness(server: server, folder: folder)
    }

    private init(server: ServeProcess, folder: String) {
        self.server = server
        self.folder = folder
    }

    func stop() {
        server.kill()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A user through `stdcheck serve admin add-user`; the password is `password-<name>`.
    func user(_ name: String, _ role: Role, unit: String? = nil, regions: [String] = []) throws {
        var arguments = [
            "serve", "admin", "add-user", "--data", data, "--name", name, "--role", role.rawValue, "--password",
            "password-\(name)",
        ]
        if let unit { arguments += ["--unit", unit] }
        if !regions.isEmpty { arguments += ["--regions", regions.joined(separator: ",")] }
        let run = try runStdcheck(arguments)
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// An API token through `stdcheck serve admin add-token`.
    func token(_ name: String, scopes: [TokenScope] = [.submit, .read]) throws -> String {
        let run = try runStdcheck([
            "serve", "admin", "add-token", "--data", data, "--user", name, "--scopes",
            scopes.map(\.rawValue).joined(separator: ","),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
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
    ) throws -> Answer {
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
        let result = Mutex<Result<Answer, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Client.session.dataTask(with: request) { data, response, error in
            if let http = response as? HTTPURLResponse {
                var fields: [String: String] = [:]
                for (key, value) in http.allHeaderFields {
                    if let key = key as? String, let value = value as? String { fields[key] = value }
                }
                result.withLock {
                    $0 = .success(Answer(status: http.statusCode, headers: fields, body: data ?? Data()))
                }
            } else {
                result.withLock { $0 = .failure(error ?? URLError(.badServerResponse)) }
            }
            done.signal()
        }.resume()
        done.wait()
        return try result.withLock { $0! }.get()
    }

    /// Logs in with the harness's password for `name`; the client then carries the cookie and CSRF token.
    static func login(_ harness: ServiceHarness, _ name: String) throws -> Client {
        let answer = try Client(base: harness.base).send(
            "POST", "/api/login", json: ["name": name, "password": "password-\(name)"])
        #expect(answer.status == 200)
        let setCookie = try #require(answer.header("Set-Cookie"))
        #expect(setCookie.contains("HttpOnly"))
        #expect(setCookie.contains("SameSite=Strict"))
        let value = setCookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1)[1]
        return Client(base: harness.base, cookie: String(value), csrf: answer.json["csrf"] as? String)
    }

    /// Creates a tus upload of `data` named `name` and sends it whole; returns the upload id.
    func upload(_ data: Data, name: String, standard: String? = nil) throws -> String {
        var metadata = "filename " + Data(name.utf8).base64EncodedString()
        if let standard { metadata += ",standard " + Data(standard.utf8).base64EncodedString() }
        let created = try send(
            "POST", "/api/uploads",
            headers: ["Tus-Resumable": "1.0.0", "Upload-Length": String(data.count), "Upload-Metadata": metadata])
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let location = try #require(created.header("Location"))
        let patched = try send(
            "PATCH", location,
            headers: [
                "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
            ], body: data)
        #expect(patched.status == 204)
        return String(location.split(separator: "/").last!)
    }

    /// Uploads and submits; returns the submission's JSON.
    func submit(_ data: Data, name: String, standard: String?) throws -> [String: Any] {
        let upload = try upload(data, name: name)
        var body: [String: Any] = ["upload": upload]
        if let standard { body["standard"] = standard }
        let answer = try send("POST", "/api/submissions", json: body)
        #expect(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
        return answer.json
    }

    /// Polls a submission until it leaves queued/checking (at most `seconds`).
    func waitChecked(_ id: String, seconds: Double = 120) throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let answer = try send("GET", "/api/submissions/\(id)")
            let state = answer.json["state"] as? String ?? ""
            if !["uploaded", "queued", "checking"].contains(state) { return answer.json }
            Thread.sleep(forTimeInterval: 0.1)
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
