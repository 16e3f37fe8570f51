import Foundation
import Service
import TestSupport
import Testing

/// Batches against a real `stdcheck serve --data-root` on a loopback port: who may submit and see them,
/// manifests refused whole, paths that try to leave the data roots, and a batch of generated counties
/// run to its end by the server's own workers through the `stdcheck batch` commands.
@Suite(.serialized) struct BatchAPITests {
    /// A data root with `count` generated counties in `counties/c<N>` (stdcheck-gen, small).
    static func dataRoot(counties count: Int, polygons: Int = 60) throws -> String {
        let root = try HostileFiles.folder("batch-root")
        for index in 0..<count {
            let run = try runProgram(
                builtProgram("stdcheck-gen"),
                [
                    "--polygons", String(polygons + index * 7), "--seed", String(index + 1), "--defect-every", "25",
                    "--output", root + "/counties/c\(index)",
                ], timeout: 120)
            #expect(run.status == 0, "\(run.stderr)")
        }
        return root
    }

    @Test func accessDecisionsAndRefusedManifests() throws {
        let root = try Self.dataRoot(counties: 1)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outside = try HostileFiles.folder("batch-outside")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: root + "/out", withDestinationPath: outside)
        let harness = try ServiceHarness.start(workers: 1, options: ["--data-root", root])
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        try harness.user("near", .inspector, regions: ["3301"])
        try harness.user("far", .inspector, regions: ["32"])
        try harness.user("root", .admin)
        let good = Data("id,path,standard,region\n西湖区,counties/c0,gtdc@2020,330106\n".utf8)
        let csv = ["Content-Type": "text/csv"]

        // producers may not submit batches; neither may a token without the submit scope, nor a session
        // request without its CSRF token
        let producer = try Client.login(harness, "p1")
        #expect(try producer.send("POST", "/api/batches", headers: csv, body: good).status == 403)
        let readOnly = Client(base: harness.base, bearer: try harness.token("near", scopes: [.read]))
        #expect(try readOnly.send("POST", "/api/batches", headers: csv, body: good).status == 403)
        let near = try Client.login(harness, "near")
        #expect(try near.send("POST", "/api/batches", headers: csv, body: good, csrf: false).status == 403)

        // an inspector's rows must be inside its regions; any bad row refuses the whole batch
        let mixed = Data(
            """
            id,path,standard,region
            西湖区,counties/c0,gtdc@2020,330106
            东城区,counties/c0,gtdc@2020,110101
            上级,../batch-outside,gtdc@2020,330106
            绝对,/etc/passwd,gtdc@2020,330106
            链接,out,gtdc@2020,330106
            缺少,counties/none,gtdc@2020,330106
            标准,counties/c0,nosuch@1,330106

            """.utf8)
        let refused = try near.send("POST", "/api/batches", headers: csv, body: mixed)
        #expect(refused.status == 422)
        #expect(refused.errorCode == "bad-manifest")
        let problems = ((refused.json["error"] as? [String: Any])?["problems"] as? [[String: Any]]) ?? []
        let named = problems.map { "\($0["line"] as? Int ?? 0):\($0["column"] as? String ?? "")" }
        #expect(named == ["3:region", "4:path", "5:path", "6:path", "7:path", "8:standard"], "\(problems)")
        #expect(
            problems.filter { ($0["message"] as? String ?? "").contains("outside the server's data roots") }.count == 3)
        let admin = try Client.login(harness, "root")
        let listed = try admin.send("GET", "/api/submissions").json["submissions"] as? [Any]
        #expect(listed?.count == 0, "a refused batch queued nothing")

        // a good batch: its submitter and admins see it; another inspector, a producer and strangers do not
        let created = try near.send("POST", "/api/batches?name=one.csv", headers: csv, body: good)
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let id = try #require(created.json["id"] as? String)
        #expect(created.json["items"] as? Int == 1)
        #expect(created.header("Location") == "/api/batches/\(id)")
        let far = try Client.login(harness, "far")
        for (client, expected) in [(near, 200), (admin, 200), (far, 404), (producer, 404)] {
            #expect(try client.send("GET", "/api/batches/\(id)").status == expected)
            #expect(try client.send("GET", "/api/batches/\(id)/summary?format=csv").status == expected)
        }
        #expect(try Client(base: harness.base).send("GET", "/api/batches/\(id)").status == 401)
        #expect(try admin.send("GET", "/api/batches/\(ServiceID.make())").status == 404)
        #expect(try admin.send("GET", "/api/batches/\(id)/summary?format=pdf").status == 400)
        #expect(try admin.send("GET", "/api/batches/\(id)/summary?links=javascript:alert(1)").status == 400)
    }

    /// Point 6 of issue #20 without part W's worker processes: the server's in-process workers run the batch.
    @Test func aBatchOfGeneratedCountiesSummedFromItsReports() throws {
        let count = 6
        let root = try Self.dataRoot(counties: count)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let harness = try ServiceHarness.start(workers: 2, options: ["--data-root", root])
        defer { harness.stop() }
        try harness.user("ministry", .admin)
        let token = try harness.token("ministry", scopes: [.submit, .read])
        let regions = ["330106", "330108", "331003", "110101", "110102", "320102"]
        var manifest = "\u{FEFF}id,path,standard,region\n"
        for index in 0..<count { manifest += "county \(index),counties/c\(index),gtdc@2020,\(regions[index])\n" }
        let file = root + "/counties.csv"
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: file))
        let server = harness.base.absoluteString
        let environment = ["STDCHECK_TOKEN": token]

        let submitted = try runStdcheck(["batch", "submit", file, "--server", server], environment: environment)
        #expect(submitted.status == 0, "\(submitted.stderr)")
        let id = submitted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 32)
        let status = try runStdcheck(
            ["batch", "status", id, "--server", server, "--wait", "--json", "--timeout", "600"], timeout: 660,
            environment: environment)
        #expect(status.status == 0, "\(status.stderr)")
        let progress = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        #expect(progress["checked"] as? Int == count)
        #expect(progress["failed"] as? Int == 0)
        #expect(progress["perMinute"] as? Double ?? 0 > 0)
        #expect(progress["finishedAt"] is String)
        let line = try runStdcheck(["batch", "status", id, "--server", server], environment: environment)
        #expect(line.stdout.contains("\(count) items, 0 queued, 0 checking, \(count) checked, 0 failed"))

        let output = harness.folder + "/summary"
        let written = try runStdcheck(
            ["batch", "summary", id, "--server", server, "--format", "html,csv,json", "--output", output],
            environment: environment)
        #expect(written.status == 0, "\(written.stderr)")
        let summary = try JSONDecoder().decode(
            BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: output + "/summary.json")))
        #expect(FileManager.default.fileExists(atPath: output + "/summary.html"))
        #expect(
            FileManager.default.contents(atPath: output + "/summary.csv")?.starts(with: [0xEF, 0xBB, 0xBF]) == true)

        // every county has exactly one report, and the summary's counts are the sum of those reports
        let client = Client(base: harness.base, bearer: token)
        let items = summary.provinces.flatMap(\.cities).flatMap(\.counties).flatMap(\.items)
        #expect(items.count == count)
        var errors = 0
        var warnings = 0
        var parcels = 0
        for item in items {
            let report = try client.send("GET", "/api/submissions/\(item.submission)/report/json")
            #expect(report.status == 200)
            let json = try #require(try JSONSerialization.jsonObject(with: report.body) as? [String: Any])
            let findings = (json["summary"] as? [String: Any])?["findings"] as? [String: Int] ?? [:]
            errors += findings["error"] ?? 0
            warnings += findings["warning"] ?? 0
            let layers = json["layers"] as? [[String: Any]] ?? []
            parcels += layers.filter { $0["standardLayer"] as? String == "DLTB" }.reduce(0) {
                $0 + ($1["records"] as? Int ?? 0)
            }
            #expect(
                item.report
                    == "\(server.hasSuffix("/") ? String(server.dropLast()) : server)/api/submissions/\(item.submission)/report/html"
            )
        }
        #expect(summary.totals.items == count)
        #expect(summary.totals.conformant + summary.totals.nonConformant + summary.totals.notChecked == count)
        #expect(summary.totals.errors == errors)
        #expect(summary.totals.warnings == warnings)
        #expect(summary.totals.parcels == parcels)
        #expect(errors > 0, "the generated counties carry defects")
        let reports = try FileManager.default.contentsOfDirectory(atPath: harness.data + "/reports")
        #expect(Set(reports) == Set(items.map(\.submission)))
        #expect(summary.provinces.map(\.code) == ["11", "32", "33"])
    }
}
