import ArgumentParser
import Foundation
import ZIPFoundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension StdCheck {
    struct Submit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload a submission to a `stdcheck serve` service, wait for its check, print the report.",
            discussion: """
                PATH is a folder (zipped before the upload), a .zip, or any single file `check` reads. The \
                upload is resumable (tus 1.0): a dropped connection is resumed from the server's offset. \
                The text report goes to standard output (--format names another). Exit statuses as for \
                `check`: 0 conformant; 1 findings at or above the fail level, or not checked; 2 no \
                standard fits or a usage error; 3 the run could not complete (also when the server cannot \
                be reached, refuses the token, or the check failed).
                """)

        @Argument(help: "The submission: a folder, a .zip, or a single file.")
        var path: String

        @Option(help: ArgumentHelp("The service, e.g. http://127.0.0.1:8080.", valueName: "url"))
        var server: String

        @Option(help: ArgumentHelp("An API token with the submit scope (or $STDCHECK_TOKEN).", valueName: "token"))
        var token: String?

        @Option(help: ArgumentHelp("The standard as id@version or id; without it, detected.", valueName: "id@version"))
        var standard: String?

        @Option(help: ArgumentHelp("The report format to print: text, json, html, … .", valueName: "format"))
        var format = "text"

        @Option(help: ArgumentHelp("Give up waiting for the check after this many seconds.", valueName: "seconds"))
        var timeout = 3600

        @Option(help: .hidden)
        var chunkSize = 8 << 20

        @Flag(help: "Print nothing but errors and the report.")
        var quiet = false

        func run() throws {
            guard let token = token ?? ProcessInfo.processInfo.environment["STDCHECK_TOKEN"], !token.isEmpty else {
                throw ValidationError("give the API token with --token or $STDCHECK_TOKEN")
            }
            guard let base = URL(string: server), base.scheme == "http" || base.scheme == "https" else {
                throw ValidationError("--server takes an http:// or https:// URL, not '\(server)'")
            }
            guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            let source = URL(fileURLWithPath: path).standardizedFileURL
            var upload = source
            var temporary: URL?
            if isDirectory.boolValue {
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                    "stdcheck-submit-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                temporary = folder
                upload = folder.appendingPathComponent(source.lastPathComponent + ".zip")
                do {
                    try FileManager.default.zipItem(at: source, to: upload, shouldKeepParent: false)
                } catch {
                    try? FileManager.default.removeItem(at: folder)
                    printError("stdcheck: error: cannot zip \(path): \(error)")
                    throw ExitCode.incomplete
                }
            }
            defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
            let client = SubmitClient(
                base: base, token: token, chunkSize: chunkSize, quiet: quiet,
                showProgress: !quiet && isatty(STDERR_FILENO) != 0)
            let (file, standard, format, timeout) = (upload, standard, format, timeout)
            let status: Int32
            do {
                status = try runBlocking {
                    try await client.submit(file: file, standard: standard, format: format, timeout: timeout)
                }
            } catch let error as SubmitClient.Failure {
                printError("stdcheck: error: \(error.message)")
                throw ExitCode(error.status)
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}

/// The HTTP side of `stdcheck submit`: tus upload, submission, polling, report.
struct SubmitClient: Sendable {
    let base: URL
    let token: String
    let chunkSize: Int
    let quiet: Bool
    let showProgress: Bool

    struct Failure: Error {
        var status: Int32
        var message: String
    }

    func submit(file: URL, standard: String?, format: String, timeout: Int) async throws -> Int32 {
        let size = try (FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.int64Value ?? 0
        guard size > 0 else { throw Failure(status: 2, message: "\(file.path) is empty") }
        var metadata = "filename " + Data(file.lastPathComponent.utf8).base64EncodedString()
        if let standard { metadata += ",standard " + Data(standard.utf8).base64EncodedString() }
        let (_, created) = try await send(
            "POST", "/api/uploads",
            headers: ["Tus-Resumable": "1.0.0", "Upload-Length": String(size), "Upload-Metadata": metadata],
            expect: [201])
        guard let location = created.value(forHTTPHeaderField: "Location") else {
            throw Failure(status: 3, message: "the server gave no upload location")
        }
        try await upload(file: file, size: size, location: location)
        var body: [String: String] = ["upload": String(location.split(separator: "/").last ?? "")]
        if let standard { body["standard"] = standard }
        let (data, _) = try await send(
            "POST", "/api/submissions", headers: ["Content-Type": "application/json"],
            body: try JSONSerialization.data(withJSONObject: body), expect: [201])
        guard let id = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["id"] as? String else {
            throw Failure(status: 3, message: "the server's answer has no submission id")
        }
        if !quiet { printError("stdcheck: submitted \(file.lastPathComponent) as \(id)") }
        let deadline = Date().addingTimeInterval(TimeInterval(timeout))
        while true {
            let (data, _) = try await send("GET", "/api/submissions/\(id)", expect: [200])
            let submission = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
            let state = submission["state"] as? String ?? ""
            if ["checked", "accepted", "returned"].contains(state) {
                if showProgress { printProgress("") }
                let (report, _) = try await send("GET", "/api/submissions/\(id)/report/\(format)", expect: [200])
                try printOutput(String(decoding: report, as: UTF8.self))
                return Int32(submission["exitStatus"] as? Int ?? 1)
            }
            if state == "failed" {
                if showProgress { printProgress("") }
                let reason = submission["failureReason"] as? String ?? "the check failed"
                throw Failure(status: Int32(submission["exitStatus"] as? Int ?? 3), message: reason)
            }
            if showProgress, let progress = submission["progress"] as? [String: Any],
                let fraction = progress["fraction"] as? Double
            {
                printProgress("stdcheck: \(state) \(Int(fraction * 100))% \(progress["detail"] as? String ?? "")")
            }
            guard Date() < deadline else {
                throw Failure(status: 3, message: "the check of \(id) did not finish in \(timeout) s")
            }
            try await Task.sleep(for: .milliseconds(300))
        }
    }

    /// PATCHes the file in chunks; after a failed PATCH, asks the offset with HEAD and goes on from there.
    func upload(file: URL, size: Int64, location: String) async throws {
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw Failure(status: 3, message: "cannot read \(file.path)")
        }
        defer { try? handle.close() }
        var offset: Int64 = 0
        var failures = 0
        while offset < size {
            try handle.seek(toOffset: UInt64(offset))
            let chunk = try handle.read(upToCount: chunkSize) ?? Data()
            do {
                let (_, response) = try await send(
                    "PATCH", location,
                    headers: [
                        "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset),
                        "Content-Type": "application/offset+octet-stream",
                    ], body: chunk, expect: [204])
                offset = Int64(response.value(forHTTPHeaderField: "Upload-Offset") ?? "") ?? offset + Int64(chunk.count)
                failures = 0
                if showProgress { printProgress("stdcheck: uploaded \(offset * 100 / size)%") }
            } catch let failure as Failure where failure.status == 3 && failures < 5 {
                failures += 1
                try await Task.sleep(for: .milliseconds(200 * failures))
                let (_, head) = try await send("HEAD", location, headers: ["Tus-Resumable": "1.0.0"], expect: [200])
                offset = Int64(head.value(forHTTPHeaderField: "Upload-Offset") ?? "") ?? offset
            }
        }
    }

    /// One request; an answer outside `expect` is a failure naming the server's error message.
    func send(
        _ method: String, _ path: String, headers: [String: String] = [:], body: Data? = nil, expect: Set<Int>
    ) async throws -> (Data, HTTPURLResponse) {
        guard let url = URL(string: path, relativeTo: base) else {
            throw Failure(status: 3, message: "bad URL \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 300
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response): (Data, HTTPURLResponse) = try await withCheckedThrowingContinuation { continuation in
            URLSession.shared.dataTask(with: request) { data, response, error in
                if let response = response as? HTTPURLResponse {
                    continuation.resume(returning: (data ?? Data(), response))
                } else {
                    continuation.resume(
                        throwing: Failure(
                            status: 3,
                            message: "\(method) \(url.absoluteString): \(error?.localizedDescription ?? "no answer")"))
                }
            }.resume()
        }
        guard expect.contains(response.statusCode) else {
            let detail = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["error"] as? [String: Any]
            let message = detail?["message"] as? String ?? String(decoding: data.prefix(300), as: UTF8.self)
            // the server's refusal of what was sent is a usage error; anything else means the run did not complete
            let status: Int32 = [400, 404, 409, 413].contains(response.statusCode) && method != "PATCH" ? 2 : 3
            throw Failure(status: status, message: "\(method) \(path): \(response.statusCode) \(message)")
        }
        return (data, response)
    }
}
