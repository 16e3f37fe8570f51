import Foundation
import Service
import TestSupport
import Testing

/// Every access decision of the API, against a real server on a loopback port.
@Suite(.serialized) struct AccessTests {
    @Test func whoCanSeeWhat() async throws {
        let harness = try await ServiceHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.user("p1", .producer, unit: "330106")
        try await harness.user("p2", .producer, unit: "110101")
        try await harness.user("near", .inspector, regions: ["3301"])
        try await harness.user("far", .inspector, regions: ["32", "110102"])
        try await harness.user("root", .admin)
        let producer = try await Client.login(harness, "p1")
        // an upload that never gets checked is enough to have a submission of unit 330106
        let upload = try await producer.upload(Data("not a dataset".utf8), name: "note.txt")
        let created = try await producer.send("POST", "/api/submissions", json: ["upload": upload])
        #expect(created.status == 201)
        let id = try #require(created.json["id"] as? String)
        #expect(created.json["unit"] as? String == "330106")

        let other = try await Client.login(harness, "p2")
        let near = try await Client.login(harness, "near")
        let far = try await Client.login(harness, "far")
        let admin = try await Client.login(harness, "root")
        for (client, expected) in [(producer, 200), (other, 404), (near, 200), (far, 404), (admin, 200)] {
            #expect(try await client.send("GET", "/api/submissions/\(id)").status == expected)
            let report = try await client.send("GET", "/api/submissions/\(id)/report/json").status
            // visible ones have no report yet (409 or, once it failed, still no report folder); invisible: 404
            #expect(expected == 404 ? report == 404 : report != 404)
            let listed = try await client.send("GET", "/api/submissions").json["submissions"] as? [[String: Any]]
            #expect(listed?.contains { $0["id"] as? String == id } == (expected == 200))
        }
        // an unknown id is answered exactly like another unit's
        let unknown = try await other.send("GET", "/api/submissions/\(ServiceID.make())")
        let hidden = try await other.send("GET", "/api/submissions/\(id)")
        #expect(unknown.status == 404)
        #expect(unknown.body == hidden.body)
        // a producer may not decide, and an inspector outside the region does not even see it
        #expect(
            try await producer.send("POST", "/api/submissions/\(id)/decision", json: ["decision": "accept"]).status
                == 403)
        #expect(
            try await far.send("POST", "/api/submissions/\(id)/decision", json: ["decision": "accept"]).status == 404)
        // the filters: by county prefix, status
        let byCounty = try await admin.send("GET", "/api/submissions?county=11").json["submissions"] as? [Any]
        #expect(byCounty?.count == 0)
        #expect(try await admin.send("GET", "/api/submissions?status=nonsense").status == 400)
        // admin routes are the admin's
        #expect(try await producer.send("GET", "/api/admin/users").status == 403)
        #expect(try await admin.send("GET", "/api/admin/users").status == 200)
    }

    @Test func credentialsSessionsAndCSRF() async throws {
        let harness = try await ServiceHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.user("p1", .producer, unit: "330106")
        try await harness.user("root", .admin)
        let anonymous = Client(base: harness.base)
        #expect(try await anonymous.send("GET", "/api/whoami").status == 401)
        #expect(try await anonymous.send("GET", "/api/submissions").status == 401)
        #expect(
            try await anonymous.send("POST", "/api/login", json: ["name": "p1", "password": "wrong-password"]).status
                == 401)
        #expect(try await anonymous.send("GET", "/healthz").status == 200)

        // a state-changing request with the cookie needs the CSRF token
        let producer = try await Client.login(harness, "p1")
        #expect(try await producer.send("GET", "/api/whoami").json["auth"] as? String == "session")
        let tus = ["Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": "filename YS56Y3Q="]
        let noCSRF = try await producer.send("POST", "/api/uploads", headers: tus, csrf: false)
        #expect(noCSRF.status == 403)
        #expect(noCSRF.errorCode == "csrf")
        var wrong = producer
        wrong.csrf = "not-the-token"
        #expect(try await wrong.send("POST", "/api/uploads", headers: tus).status == 403)
        #expect(try await producer.send("POST", "/api/uploads", headers: tus).status == 201)

        // an expired session is 401, whatever else it carries
        let secret = Secrets.token()
        let user = try #require(try await harness.app.store.user(named: "p1"))
        let now = epochMillis()
        try await harness.app.store.createSession(
            SessionRecord(
                tokenHash: Secrets.digest(secret), userID: user.id, csrf: "c", createdAt: now - 10_000,
                expiresAt: now - 1))
        let expired = Client(base: harness.base, cookie: secret, csrf: "c")
        let answer = try await expired.send("GET", "/api/whoami")
        #expect(answer.status == 401)
        #expect(answer.errorCode == "session-expired")

        // logout ends the session
        #expect(try await producer.send("POST", "/api/logout").status == 204)
        #expect(try await producer.send("GET", "/api/whoami").status == 401)

        // API tokens: scoped, revocable
        let admin = try await Client.login(harness, "root")
        let made = try await admin.send(
            "POST", "/api/admin/tokens", json: ["user": "p1", "name": "ci", "scopes": ["read"]])
        #expect(made.status == 201)
        let secretToken = try #require(made.json["secret"] as? String)
        let tokenID = try #require((made.json["token"] as? [String: Any])?["id"] as? String)
        let ci = Client(base: harness.base, bearer: secretToken)
        #expect(try await ci.send("GET", "/api/whoami").json["auth"] as? String == "token")
        // a read-only token may not upload (and needs no CSRF token: it is no cookie)
        #expect(try await ci.send("POST", "/api/uploads", headers: tus).status == 403)
        #expect(try await admin.send("DELETE", "/api/admin/tokens/\(tokenID)").status == 204)
        #expect(try await ci.send("GET", "/api/whoami").status == 401)
        #expect(try await Client(base: harness.base, bearer: "sct_made-up").send("GET", "/api/whoami").status == 401)
        let listed = try await admin.send("GET", "/api/admin/tokens").json["tokens"] as? [[String: Any]]
        #expect(listed?.first { $0["id"] as? String == tokenID }?["revoked"] as? Bool == true)
    }

    @Test func uploadsRefuseWhatTheyMust() async throws {
        let harness = try await ServiceHarness.start()
        defer { Task { await harness.stop() } }
        try await harness.user("p1", .producer, unit: "330106")
        let client = Client(base: harness.base, bearer: try await harness.token("p1"))
        func create(_ name: String, length: Int) async throws -> Answer {
            try await client.send(
                "POST", "/api/uploads",
                headers: [
                    "Tus-Resumable": "1.0.0", "Upload-Length": String(length),
                    "Upload-Metadata": "filename " + Data(name.utf8).base64EncodedString(),
                ])
        }
        // names that climb out of the folder, or carry a path, are refused
        for name in ["../evil.zip", "a/b.zip", "..", "x\\y.zip", "a\u{0}b.zip", "/etc/passwd"] {
            let answer = try await create(name, length: 10)
            #expect(answer.status == 400, "\(name)")
            #expect(answer.errorCode == "bad-file-name", "\(name)")
        }
        // over the upload limit (4 MiB here): 413 with a JSON error
        let big = try await create("big.zip", length: 5 << 20)
        #expect(big.status == 413)
        #expect(big.errorCode == "too-large")
        // over the quota (6 MiB here) with what is already held
        #expect(try await create("one.zip", length: 4 << 20).status == 201)
        let quota = try await create("two.zip", length: 3 << 20)
        #expect(quota.status == 413)
        #expect(quota.errorCode == "quota")
        // malformed requests
        #expect(try await client.send("POST", "/api/uploads", headers: ["Upload-Length": "10"]).status == 412)
        #expect(
            try await client.send(
                "POST", "/api/uploads", headers: ["Tus-Resumable": "1.0.0", "Upload-Length": "ten"]
            ).status == 400)
        #expect(
            try await client.send(
                "POST", "/api/uploads",
                headers: ["Tus-Resumable": "1.0.0", "Upload-Length": "10", "Upload-Metadata": "filename !!!"]
            ).status == 400)
        let options = try await Client(base: harness.base).send("OPTIONS", "/api/uploads")
        #expect(options.header("Tus-Version") == "1.0.0")
        // a PATCH at the wrong offset is a conflict; the wrong content type is refused
        let created = try await create("small.zip", length: 8)
        let location = try #require(created.header("Location"))
        let patch = { (offset: Int, type: String, body: String) in
            try await client.send(
                "PATCH", location,
                headers: ["Tus-Resumable": "1.0.0", "Upload-Offset": String(offset), "Content-Type": type],
                body: Data(body.utf8))
        }
        #expect(try await patch(3, "application/offset+octet-stream", "abc").status == 409)
        #expect(try await patch(0, "text/plain", "abc").status == 415)
        #expect(try await patch(0, "application/offset+octet-stream", "abcdefghijk").status == 413)
        // another user's upload does not exist for them
        try await harness.user("p2", .producer, unit: "330106")
        let stranger = Client(base: harness.base, bearer: try await harness.token("p2"))
        #expect(try await stranger.send("HEAD", location, headers: ["Tus-Resumable": "1.0.0"]).status == 404)
        // an unfinished upload cannot be submitted
        let id = String(location.split(separator: "/").last!)
        #expect(try await client.send("POST", "/api/submissions", json: ["upload": id]).status == 409)
        #expect(try await client.send("POST", "/api/submissions", json: ["upload": id, "extra": 1]).status == 400)
    }

    @Test func theServedDocumentIsDocsOpenAPI() async throws {
        let harness = try await ServiceHarness.start()
        defer { Task { await harness.stop() } }
        let served = try await Client(base: harness.base).send("GET", "/openapi.yaml")
        #expect(served.status == 200)
        #expect(served.body == (try Data(contentsOf: URL(fileURLWithPath: packageRoot + "/docs/openapi.yaml"))))
        let page = try await Client(base: harness.base).send("GET", "/")
        #expect(page.status == 200)
        #expect(String(decoding: page.body, as: UTF8.self).contains("StdCheck"))
        let metrics = String(decoding: try await Client(base: harness.base).send("GET", "/metrics").body, as: UTF8.self)
        #expect(metrics.contains("stdcheck_queue_length"))
    }
}
