import Foundation
import TestSupport
import Testing

/// The committed rule pages under docs/rules and docs/checks.md are exactly what `stdcheck rules docs` writes now.
struct RuleDocsTests {
    func files(under root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                result[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return result
    }

    @Test func committedRulePagesAreNotStale() throws {
        let output = NSTemporaryDirectory() + "stdcheck-docs-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: output) }
        let checks = output + "-checks.md"
        defer { try? FileManager.default.removeItem(atPath: checks) }
        let run = try runStdcheck(["rules", "docs", "--output", output, "--checks", checks])
        #expect(run.status == 0, "\(run.stderr)")
        let committedChecks = FileManager.default.contents(atPath: packageRoot + "/docs/checks.md")
        #expect(committedChecks != nil, "docs/checks.md is missing: run `stdcheck rules docs`")
        #expect(
            FileManager.default.contents(atPath: checks) == committedChecks,
            "docs/checks.md is stale: run `stdcheck rules docs`")
        let generated = files(under: output)
        let committed = files(under: packageRoot + "/docs/rules")
        #expect(!generated.isEmpty)
        #expect(
            Set(generated.keys) == Set(committed.keys),
            "run `stdcheck rules docs` and commit docs/rules (pages added or removed)")
        let stale = generated.keys.filter { generated[$0] != committed[$0] }.sorted()
        #expect(stale.isEmpty, "stale pages, run `stdcheck rules docs`: \(stale.prefix(5))")
    }
}
