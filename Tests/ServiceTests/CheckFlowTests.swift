import Foundation
import RuleEngine
import Service
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Uploads that get checked: the verdict is `stdcheck check`'s, the same content is checked once, a
/// dropped PATCH resumes, and the reviewers' decision reaches the producer.
@Suite(.serialized) struct CheckFlowTests {
    @Test func sampleCountyVerdictMatchesCheckAndIsCheckedOnce() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        try harness.user("near", .inspector, regions: ["3301"])
        let producer = try Client.login(harness, "p1")
        let zip = try Deliveries.sampleCounty()
        let first = try producer.submit(zip, name: "sample-county.zip", standard: "gtdc@2020")
        let id = try #require(first["id"] as? String)
        let checked = try producer.waitChecked(id)
        #expect(checked["state"] as? String == "checked")

        // the same bytes through `stdcheck check`
        let folder = try HostileFiles.folder("cli")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try zip.write(to: URL(fileURLWithPath: folder + "/sample-county.zip"))
        let cli = try runStdcheck([
            "check", folder + "/sample-county.zip", "--standard", "gtdc@2020", "--format", "json",
        ])
        let expected = try #require(try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let verdicts = ["conformant": "CONFORMANT", "non-conformant": "NON-CONFORMANT", "not-checked": "NOT CHECKED"]
        #expect(checked["verdict"] as? String == verdicts[expected["verdict"] as? String ?? ""])
        #expect(checked["exitStatus"] as? Int == Int(cli.status))
        let findings = (expected["summary"] as? [String: Any])?["findings"] as? [String: Int]
        #expect(checked["errors"] as? Int == findings?["error"])
        #expect(checked["warnings"] as? Int == findings?["warning"])
        let served = try producer.send("GET", "/api/submissions/\(id)/report/json")
        #expect(served.status == 200)
        let report = try #require(try JSONSerialization.jsonObject(with: served.body) as? [String: Any])
        #expect(report["verdict"] as? String == expected["verdict"] as? String)
        for format in ["text", "html", "sarif", "csv", "geojson", "junit", "jsonl", "iso19157"] {
            #expect(
                try producer.send("GET", "/api/submissions/\(id)/report/\(format)").status == 200, "\(format)")
        }

        // the same content again: checked at once, pointing at the first report, no second check
        let second = try producer.submit(zip, name: "again.zip", standard: "gtdc@2020")
        #expect(second["state"] as? String == "checked")
        #expect(second["duplicateOf"] as? String == id)
        let secondID = try #require(second["id"] as? String)
        let again = try producer.send("GET", "/api/submissions/\(secondID)/report/json")
        #expect(again.body == served.body)
        let reports = try FileManager.default.contentsOfDirectory(atPath: harness.folder + "/data/reports")
        #expect(reports == [id])

        // the inspector returns it with a comment; the producer sees the decision
        let inspector = try Client.login(harness, "near")
        let decided = try inspector.send(
            "POST", "/api/submissions/\(id)/decision", json: ["decision": "return", "comment": "请补正图斑编号"])
        #expect(decided.status == 200)
        let seen = try producer.send("GET", "/api/submissions/\(id)").json
        #expect(seen["state"] as? String == "returned")
        #expect(seen["decisionComment"] as? String == "请补正图斑编号")
        #expect(seen["decidedBy"] as? String == "near")
        let twice = try inspector.send("POST", "/api/submissions/\(id)/decision", json: ["decision": "accept"])
        #expect(twice.status == 409)
        let filtered = try inspector.send("GET", "/api/submissions?status=returned&verdict=NON-CONFORMANT")
        #expect((filtered.json["submissions"] as? [Any])?.count == 1)
    }

    @Test func twoWorkersCheckAtOnceWithTheSameResults() throws {
        let harness = try ServiceHarness.start(workers: 2)
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        let client = Client(base: harness.base, bearer: try harness.token("p1"))
        var ids: [String] = []
        for index in 0..<3 {
            let zip = try Deliveries.sampleCounty(extra: ["note-\(index).txt": "delivery \(index)"])
            let submitted = try client.submit(zip, name: "county-\(index).zip", standard: "gtdc@2020")
            ids.append(try #require(submitted["id"] as? String))
        }
        var results: [[String: Any]] = []
        for id in ids { results.append(try client.waitChecked(id)) }
        #expect(results.allSatisfy { $0["state"] as? String == "checked" && $0["duplicateOf"] == nil })
        #expect(Set(results.map { "\($0["verdict"] ?? "")/\($0["errors"] ?? "")/\($0["warnings"] ?? "")" }).count == 1)
        let metrics = String(decoding: try client.send("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("stdcheck_checks_total{verdict=\"NON-CONFORMANT\"} 3"))
        #expect(metrics.contains("stdcheck_uploads_total 3"))
    }

    @Test func aDroppedPatchResumesFromTheServersOffset() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        let token = try harness.token("p1")
        let client = Client(base: harness.base, bearer: token)
        var generator = SystemRandomNumberGenerator()
        let content = Data((0..<(1 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let created = try client.send(
            "POST", "/api/uploads",
            headers: [
                "Tus-Resumable": "1.0.0", "Upload-Length": String(content.count),
                "Upload-Metadata": "filename " + Data("blob.bin".utf8).base64EncodedString(),
            ])
        let location = try #require(created.header("Location"))

        // a PATCH announcing the whole file whose connection drops after 300 KiB
        let sent = 300 * 1024
        try RawHTTP.sendAndDrop(
            port: harness.port,
            head: "PATCH \(location) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Tus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\nContent-Type: application/offset+octet-stream\r\n"
                + "Content-Length: \(content.count)\r\n\r\n",
            body: content.prefix(sent))
        var offset = 0
        for _ in 0..<100 {
            let head = try client.send("HEAD", location, headers: ["Tus-Resumable": "1.0.0"])
            #expect(head.status == 200)
            #expect(head.header("Cache-Control") == "no-store")
            offset = Int(head.header("Upload-Offset") ?? "") ?? -1
            if offset > 0 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(offset > 0 && offset <= sent)
        // resuming from the wrong place is refused; from the server's offset it completes
        let stale = try client.send(
            "PATCH", location,
            headers: [
                "Tus-Resumable": "1.0.0", "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream",
            ],
            body: content)
        #expect(stale.status == 409)
        let rest = try client.send(
            "PATCH", location,
            headers: [
                "Tus-Resumable": "1.0.0", "Upload-Offset": String(offset),
                "Content-Type": "application/offset+octet-stream",
            ], body: content.suffix(from: offset))
        #expect(rest.status == 204)
        #expect(rest.header("Upload-Offset") == String(content.count))
        #expect(rest.header("Upload-Sha256") == SHA256Hex.of(content))
        let stored = try Data(
            contentsOf: URL(
                fileURLWithPath: harness.folder + "/data/uploads/\(location.split(separator: "/").last!).part"))
        #expect(stored == content)
    }
}

/// sha256 through the project's own libcrypto wrapper.
enum SHA256Hex {
    static func of(_ data: Data) -> String {
        var hasher = RuleEngine.SHA256()
        hasher.update(data)
        return hasher.finalize()
    }
}

/// A request written on a socket by hand, so the connection can be dropped in the middle of the body.
enum RawHTTP {
    struct SocketError: Error { var what: String }

    static func sendAndDrop(port: Int, head: String, body: Data) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError(what: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw SocketError(what: "connect") }
        for bytes in [Data(head.utf8), body] {
            var sent = 0
            try bytes.withUnsafeBytes { buffer in
                while sent < buffer.count {
                    let n = Glibc.send(fd, buffer.baseAddress! + sent, buffer.count - sent, Int32(MSG_NOSIGNAL))
                    guard n > 0 else { throw SocketError(what: "send") }
                    sent += n
                }
            }
        }
        // give the server the bytes before the connection goes
        Thread.sleep(forTimeInterval: 0.3)
    }
}
