import Foundation
import Service
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `stdcheck serve` as a subprocess: killed with SIGKILL in the middle of checks and restarted, and
/// `stdcheck submit` against it.
@Suite(.serialized) struct ServeProcessTests {
    @Test func killedMidCheckEveryJobFinishesExactlyOnce() throws {
        let folder = try HostileFiles.folder("serve")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = folder + "/data"
        let added = try runStdcheck([
            "serve", "admin", "add-user", "--data", data, "--name", "p1", "--role", "producer", "--unit", "330106",
            "--password", "password-p1",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let token = try runStdcheck(["serve", "admin", "add-token", "--data", data, "--user", "p1"])
        #expect(token.status == 0, "\(token.stderr)")
        let secret = token.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let first = try ServeProcess.start(data: data)
        var client = Client(base: first.base, bearer: secret)
        var ids: [String] = []
        for index in 0..<4 {
            let zip = try Deliveries.sampleCounty(extra: ["note-\(index).txt": "delivery \(index)"])
            let submitted = try client.submit(zip, name: "county-\(index).zip", standard: "gtdc@2020")
            ids.append(try #require(submitted["id"] as? String))
        }
        // kill it while a check runs
        var states: [String] = []
        for _ in 0..<600 {
            states = try ids.map {
                try client.send("GET", "/api/submissions/\($0)").json["state"] as? String ?? ""
            }
            if states.contains("checking") { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(states.contains("checking"))
        first.kill()
        let firstLog = first.log

        let second = try ServeProcess.start(data: data)
        defer { second.kill() }
        client = Client(base: second.base, bearer: secret)
        for id in ids {
            let done = try client.waitChecked(id, seconds: 90)
            #expect(done["state"] as? String == "checked", "\(id): \(done["state"] ?? "")")
            #expect(done["verdict"] as? String == "NON-CONFORMANT")
        }
        let secondLog = second.log
        #expect(secondLog.contains("requeued 1 interrupted checks"))
        for id in ids {
            // one "checked" across both processes, one report folder with every file
            let finished = (firstLog + secondLog).split(separator: "\n").filter {
                $0.contains("submission=\(id)") && $0.hasSuffix("[Service] checked")
            }
            #expect(finished.count == 1, "\(id) finished \(finished.count) times")
            // one folder per claim (reports/<id>/<generation>); only the accepted one is left
            let claims = (try? FileManager.default.contentsOfDirectory(atPath: "\(data)/reports/\(id)")) ?? []
            #expect(claims.count == 1, "\(id): \(claims)")
            let claim = claims.first ?? "-"
            #expect(FileManager.default.fileExists(atPath: "\(data)/reports/\(id)/\(claim)/report.json"))
            #expect(FileManager.default.fileExists(atPath: "\(data)/reports/\(id)/\(claim)/report.html"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: data + "/reports").filter { $0.hasPrefix(".") }
        #expect(left.isEmpty, "\(left)")

        // stdcheck submit: zips the folder, uploads, waits, prints the report, exits like check
        let submitted = try runStdcheck(
            [
                "submit", fixture("sample-county"), "--server", second.base.absoluteString, "--token", secret,
                "--standard", "gtdc@2020",
            ], timeout: 120)
        let checked = try runStdcheck(["check", fixture("sample-county"), "--standard", "gtdc@2020"])
        #expect(submitted.status == checked.status, "\(submitted.stderr)")
        #expect(submitted.stdout.contains("gtdc@2020"))
        #expect(submitted.stdout.contains("DLTB.BSM.value-duplicated"))
        let refused = try runStdcheck(
            ["submit", fixture("sample-county"), "--server", second.base.absoluteString, "--token", "sct_unknown"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("401"))
        // no standard fits a folder of notes: exit status 2, as `check` says it
        let notes = folder + "/notes"
        try FileManager.default.createDirectory(atPath: notes, withIntermediateDirectories: true)
        try Data("not a dataset".utf8).write(to: URL(fileURLWithPath: notes + "/note.txt"))
        let unfit = try runStdcheck(
            ["submit", notes, "--server", second.base.absoluteString, "--token", secret], timeout: 120)
        #expect(unfit.status == 2, "\(unfit.stderr)")
        #expect(unfit.stderr.contains("no standard fits"))
    }
}

/// A `stdcheck serve` subprocess on a free loopback port, its standard error collected.
final class ServeProcess: Sendable {
    let process: Process
    let port: Int
    private let output: Box

    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var log: String { output.text }

    private init(process: Process, port: Int, output: Box) {
        self.process = process
        self.port = port
        self.output = output
    }

    static func start(data: String, workers: Int = 1, options: [String] = []) throws -> ServeProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: stdcheckBinary)
        process.arguments =
            ["serve", "--data", data, "--listen", "127.0.0.1:0", "--workers", String(workers)] + options
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "STDCHECK_RULES")
        process.environment = environment
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let collected = Box()
        let reader = pipe.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collected.append(String(decoding: chunk, as: UTF8.self))
            }
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let text = collected.text
            if let range = text.range(of: "serving http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let port = Int(digits), text[range.upperBound...].dropFirst(digits.count).first == " " {
                    return ServeProcess(process: process, port: port, output: collected)
                }
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.terminate()
        throw ServeError(log: collected.text)
    }

    struct ServeError: Error, CustomStringConvertible {
        var log: String
        var description: String { "stdcheck serve did not start:\n\(log)" }
    }

    /// SIGKILL: no clean-up of any kind.
    func kill() {
        guard process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        // let the reader thread drain what was written before the kill
        Thread.sleep(forTimeInterval: 0.1)
    }

    final class Box: Sendable {
        let storage = Mutex("")
        func append(_ text: String) { storage.withLock { $0 += text } }
        var text: String { storage.withLock { $0 } }
    }
}
