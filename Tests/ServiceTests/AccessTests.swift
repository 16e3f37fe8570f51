import Foundation
import Service
import TestSupport
import Testing

/// Every access decision of the API, against a real server on a loopback port.
@Suite(.serialized) struct AccessTests {
    @Test func whoCanSeeWhat() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        try harness.user("p2", .producer, unit: "110101")
        try harness.user("near", .inspector, regions: ["3301"])
        try harness.user("far", .inspector, regions: ["32", "110102"])
        try harness.user("root", .admin)
        let producer = try Client.login(harness, "p1")
        // an upload that never gets checked is enough to have a submission of unit 330106
        let upload = try producer.upload(Data("not a dataset".utf8), name: "note.txt")
        let created = try producer.send("POST", "/api/submissions", json: ["upload": upload])
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect(created.json["unit"] as? String == "330106")

        let other = try Client.login(harness, "p2")
        let near = try Client.login(harness, "near")
        let far = try Client.login(harness, "far")
        let admin = try Client.login(harness, "root")
        for (client, expected) in [(producer, 200), (other, 404), (near, 200), (far, 404), (admin, 200)] {
            #expect(try client.send("GET", "/api/submissions/\(id)").status == expected)
            let report = try client.send("GET", "/api/submissions/\(id)/report/json").status
            // visible ones have no report yet (409 or, once it failed, still no report folder); invisible: 404
            #expect(expected == 404 ? report == 404 : report != 404)
            let listed = try client.send("GET", "/api/submissions").json["submissions"] as? [[String: Any]]
            #expect(listed?.contains { $0["id"] as? String == id } == (expected == 200))
        }
        // an unknown id is answered exactly like another unit's
        let unknown = try other.send("GET", "/api/submissions/\(ServiceID.make())")
        let hidden = try other.send("GET", "/api/submissions/\(id)")
        #expect(unknown.status == 404)
        #expect(unknown.body == hidden.body)
        // a producer may not decide, and an inspector outside the region does not even see it
        #expect(
            try producer.send("POST", "/api/submissions/\(id)/decision", json: ["decision": "accept"]).status
                == 403)
        #expect(
            try far.send("POST", "/api/submissions/\(id)/decision", json: ["decision": "accept"]).status == 404)
        // the filters: by county prefix, status
        let byCounty = try admin.send("GET", "/api/submissions?county=11").json["submissions"] as? [Any]
        #expect(byCounty?.count == 0)
        #expect(try admin.send("GET", "/api/submissions?status=nonsense").status == 400)
        // admin routes are the admin's
        #expect(try producer.send("GET", "/api/admin/users").status == 403)
        #expect(try admin.send("GET", "/api/admin/users").status == 200)
    }

    @Test func credentialsSessionsAndCSRF() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        try harness.user("root", .admin)
        let anonymous = Client(base: harness.base)
        #expect(try anonymous.send("GET", "/api/whoami").status == 401)
        #expect(try anonymous.send("GET", "/api/submissions").status == 401)
        #expect(
            try anonymous.send("POST", "/api/login", json: ["name": "p1", "password": "wrong-password"]).status
                == 401)
        #expect(try anonymous.send("GET", "/healthz").status == 200)

        // a state-changing request with the cookie needs the CSRF token
        let producer = try Client.login(harness, "p1")
        #expect(try producer.send("GET", "/api/whoami").json["auth"] as? String == "session")
        let tus = ["Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": "filename YS56Y3Q="]
        let noCSRF = try producer.send("POST", "/api/uploads", headers: tus, csrf: false)
        #expect(noCSRF.status == 403)
        #expect(noCSRF.errorCode == "csrf")
        var wrong = producer
        wrong.csrf = "not-the-token"
        #expect(try wrong.send("POST", "/api/uploads", headers: tus).status == 403)
        #expect(try producer.send("POST", "/api/uploads", headers: tus).status == 201)

        // logout ends the session
        #expect(try producer.send("POST", "/api/logout").status == 204)
        #expect(try producer.send("GET", "/api/whoami").status == 401)

        // API tokens: scoped, revocable
        let admin = try Client.login(harness, "root")
        let made = try admin.send(
            "POST", "/api/admin/tokens", json: ["user": "p1", "name": "ci", "scopes": ["read"]])
        #expect(made.status == 201)
        let secretToken = try #require(made.json["secret"] as? String)
        let tokenID = try #require((made.json["token"] as? [String: Any])?["id"] as? String)
        let ci = Client(base: harness.base, bearer: secretToken)
        #expect(try ci.send("GET", "/api/whoami").json["auth"] as? String == "token")
        // a read-only token may not upload (and needs no CSRF token: it is no cookie)
        #expect(try ci.send("POST", "/api/uploads", headers: tus).status == 403)
        #expect(try admin.send("DELETE", "/api/admin/tokens/\(tokenID)").status == 204)
        #expect(try ci.send("GET", "/api/whoami").status == 401)
        #expect(try Client(base: harness.base, bearer: "sct_made-up").send("GET", "/api/whoami").status == 401)
        let listed = try admin.send("GET", "/api/admin/tokens").json["tokens"] as? [[String: Any]]
        #expect(listed?.first { $0["id"] as? String == tokenID }?["revoked"] as? Bool == true)
    }

    @Test func anExpiredSessionIsUnauthorized() throws {
        let harness = try ServiceHarness.start(options: ["--session-lifetime", "1"])
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        let producer = try Client.login(harness, "p1")
        #expect(try producer.send("GET", "/api/whoami").status == 200)
        Thread.sleep(forTimeInterval: 1.2)
        let answer = try producer.send("GET", "/api/whoami")
        #expect(answer.status == 401)
        #expect(answer.errorCode == "session-expired")
        // and it is gone: asked again, it is unknown
        #expect(try producer.send("GET", "/api/whoami").errorCode == "unauthorized")
    }

    @Test func uploadsRefuseWhatTheyMust() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        let client = Client(base: harness.base, bearer: try harness.token("p1"))
        func create(_ name: String, length: Int) throws -> Answer {
            try client.send(
                "POST", "/api/uploads",
                headers: [
                    "Tus-Resumable": "1.0.0", "Upload-Length": String(length),
                    "Upload-Metadata": "filename " + Data(name.utf8).base64EncodedString(),
                ])
        }
        // names that climb out of the folder, or carry a path, are refused
        for name in ["../evil.zip", "a/b.zip", "..", "x\\y.zip", "a\u{0}b.zip", "/etc/passwd"] {
            let answer = try create(name, length: 10)
            #expect(answer.status == 400, "\(name)")
            #expect(answer.errorCode == "bad-file-name", "\(name)")
        }
        // over the upload limit (4 MiB here): 413 with a JSON error
        let big = try create("big.zip", length: 5 << 20)
        #expect(big.status == 413)
        #expect(big.errorCode == "too-large")
        // over the quota (6 MiB here) with what is already held
        #expect(try create("one.zip", length: 4 << 20).status == 201)
        let quota = try create("two.zip", length: 3 << 20)
        #expect(quota.status == 413)
        #expect(quota.errorCode == "quota")
        // malformed requests
        #expect(try client.send("POST", "/api/uploads", headers: ["Upload-Length": "10"]).status == 412)
        #expect(
            try client.send(
                "POST", "/api/uploads", headers: ["Tus-Resumable": "1.0.0", "Upload-Length": "ten"]
            ).status == 400)
        #expect(
            try client.send(
                "POST", "/api/uploads",
                headers: ["Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": "filename !!!"]
            ).status == 400)
        let options = try Client(base: harness.base).send("OPTIONS", "/api/uploads")
        #expect(options.header("Tus-Version") == "1.0.0")
        // a PATCH at the wrong offset is a conflict; the wrong content type is refused
        let created = try create("small.zip", length: 8)
        let location = try #require(created.header("Location"))
        let patch = { (offset: Int, type: String, body: String) in
            try client.send(
                "PATCH", location,
                headers: ["Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": type],
                body: Data(body.utf8))
        }
        #expect(try patch(3, "application/offset+octet-stream", "abc").status == 409)
        #expect(try patch(0, "text/plain", "abc").status == 415)
        #expect(try patch(0, "application/offset+octet-stream", "abcdefghijk").status == 413)
        // another user's upload does not exist for them
        try harness.user("p2", .producer, unit: "330106")
        let stranger = Client(base: harness.base, bearer: try harness.token("p2"))
        #expect(try stranger.send("HEAD", location, headers: ["Tus-Resumable": "1.0.0"]).status == 404)
        // an unfinished upload cannot be submitted
        let id = String(location.split(separator: "/").last!)
        #expect(try client.send("POST", "/api/submissions", json: ["upload": id]).status == 409)
        #expect(try client.send("POST", "/api/submissions", json: ["upload": id, "extra": 1]).status == 400)
    }

    @Test func theServedDocumentIsDocsOpenAPI() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        let served = try Client(base: harness.base).send("GET", "/openapi.yaml")
        #expect(served.status == 200)
        #expect(served.body == (try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/openapi.yaml"))))
        let page = try Client(base: harness.base).send("GET", "/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("StdCheck"))
        let metrics = String(decoding: try Client(base: harness.base).send("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("stdcheck_queue_length"))
    }
}
