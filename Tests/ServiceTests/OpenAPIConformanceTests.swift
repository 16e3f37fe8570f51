import Foundation
import Hummingbird
import Logging
import RuleEngine
import Service
import TestSupport
import Testing
import Yams

/// docs/openapi.yaml and the router say the same thing: every route the service registers is an
/// operation of the document, and every operation of the document is a route.
@Suite struct OpenAPIConformanceTests {
    /// "METHOD /path/{param}" of every operation in the document.
    static func documentedOperations() throws -> Set<String> {
        let text = try String(contentsOfFile: packageRoot + "/docs/openapi.yaml", encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any], "openapi.yaml has no paths")
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        var operations: Set<String> = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any], "\(path) is not a path item")
            for key in item.keys where methods.contains(key) { operations.insert("\(key.uppercased()) \(path)") }
        }
        return operations
    }

    /// "METHOD /path/{param}" of every route of the service's router.
    static func routedOperations() async throws -> Set<String> {
        let folder = try HostileFiles.folder("openapi-routes")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let configuration = ServiceConfiguration(
            data: URL(fileURLWithPath: folder), searchPath: RulesSearchPath(directories: [packageRoot + "/rules"]),
            toolVersion: "test")
        let app = try await ServiceApp.open(configuration, logger: Logger(label: "openapi-test"))
        return Set(app.router().routes.map { "\($0.method.rawValue) \($0.path)" })
    }

    @Test func everyRouteIsDocumentedAndEveryOperationRouted() async throws {
        let documented = try Self.documentedOperations()
        let routed = try await Self.routedOperations()
        #expect(documented.count == 24, "openapi.yaml lists \(documented.count) operations: \(documented.sorted())")
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from docs/openapi.yaml")
        #expect(documented.subtracting(routed).sorted() == [], "operations of docs/openapi.yaml without a route")
    }

    /// A documented path under a method it does not have is 405 with Allow (schemathesis asks this), an
    /// unknown path still 404.
    @Test func anUndocumentedMethodIs405() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        let client = Client(base: harness.base)
        let put = try client.send("PUT", "/api/submissions", json: [:])
        #expect(put.status == 405)
        #expect(put.header("Allow") == "GET, POST")
        #expect(put.errorCode == "method-not-allowed")
        let delete = try client.send("DELETE", "/api/submissions/0123456789abcdef0123456789abcdef/report/json")
        #expect(delete.status == 405)
        #expect(delete.header("Allow") == "GET")
        #expect(try client.send("GET", "/api/nothing-here").status == 404)
        #expect(try client.send("GET", "/healthz").status == 200)
    }
}
