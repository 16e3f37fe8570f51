import Foundation
import TestSupport
import Testing

/// Every fact of a pack names where it comes from: `rules lint` fails a layer, field, code list or
/// declared rule without `source:`, and every rule page shows the source.
struct SourceRequirementTests {
    /// A one-layer pack in a fresh rules directory; `sourced` decides whether its facts carry `source:`.
    func pack(sourced: Bool) throws -> String {
        let root = NSTemporaryDirectory() + "stdcheck-source-" + UUID().uuidString
        let folder = root + "/src/1"
        try FileManager.default.createDirectory(atPath: folder + "/layers", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/codelists", withIntermediateDirectories: true)
        func source(_ text: String, indent: String) -> String { sourced ? "\(indent)source: \"\(text)\"\n" : "" }
        try """
        schema: 1
        id: src
        version: "1"
        title: {zh: 测试, en: test}
        codelists:
          K:
            file: codelists/K.csv
        \(source("a note, row 1", indent: "    "))layers: [T]
        """.write(toFile: folder + "/pack.yaml", atomically: true, encoding: .utf8)
        try "code,name\nA,甲\n".write(toFile: folder + "/codelists/K.csv", atomically: true, encoding: .utf8)
        try """
        schema: 1
        name: T
        title: {zh: 表, en: table}
        clause: "clause 1"
        \(source("a note, row 2", indent: ""))fields:
          - name: A
            title: {zh: 甲, en: a}
            type: Char
            codelist: K
        \(source("a note, row 3", indent: "    "))
        """.write(toFile: folder + "/layers/T.yaml", atomically: true, encoding: .utf8)
        try """
        schema: 1
        rules:
          - id: T.A-required
            title: {zh: 甲必填, en: A is required}
            clause: "clause 2"
        \(source("a note, row 4", indent: "    "))    severity: error
            element: completeness-omission
            layer: T
            field: A
            assert: "A is not null"
            rationale: "A is the key."
            examples:
              pass:
                - rows: [{A: "A"}]
              fail:
                - rows: [{}]
                  expect: [{record: 1, field: A}]
        """.write(toFile: folder + "/rules/t.yaml", atomically: true, encoding: .utf8)
        return root
    }

    @Test func lintFailsEveryFactWithoutASource() throws {
        let root = try pack(sourced: false)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try runStdcheck(["rules", "lint", "src@1", "--rules-dir", root])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        for fact in ["layer T", "field T.A", "code list K", "rule T.A-required"] {
            #expect(run.stderr.contains("error: \(fact) has no source"), "\(run.stderr)")
        }
        // the rule's place is its line in the rule file
        #expect(run.stderr.contains("rules/t.yaml:3:5: error: rule T.A-required has no source"), "\(run.stderr)")
    }

    @Test func lintPassesWhenEveryFactIsSourcedAndThePageShowsTheSource() throws {
        let root = try pack(sourced: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try runStdcheck(["rules", "lint", "src@1", "--rules-dir", root])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let docs = try runStdcheck(["rules", "docs", "src@1", "--rules-dir", root, "--output", root + "/pages"])
        #expect(docs.status == 0, "\(docs.stderr)")
        let page = try String(contentsOfFile: root + "/pages/src/1/T.A-required.md", encoding: .utf8)
        #expect(page.contains("* **Source:** a note, row 4\n"))
    }

    @Test func everyBundledPackPassesLintWithTheSourceRequirement() throws {
        let run = try runStdcheck(["rules", "lint"])
        #expect(run.status == 0, "\(run.stderr.prefix(3000))")
        #expect(!run.stderr.contains("has no source"))
    }

    @Test func theCommittedRulePagesShowTheResearchSource() throws {
        let page = try String(
            contentsOfFile: packageRoot + "/docs/rules/gtdc/2020/DLTB.CZCSXM-204-for-other-class.md", encoding: .utf8)
        #expect(page.contains("* **Source:** gtdc-discrepancies.md #82 and #7 (fix)"), "\(page.prefix(800))")
    }
}
