import Foundation
import TestSupport
import Testing

/// `stdcheck check` on XML: ad-hoc schema validation, a pack with XPath rules, and archives.
struct XMLCheckCommandTests {
    @Test(arguments: [
        ("order-valid.xml", "order.xsd", Int32(0)), ("order-invalid.xml", "order.xsd", 1),
        ("malformed.xml", "order.xsd", 1), ("xxe.xml", "order.xsd", 1), ("order-valid.xml", "schema-broken.xsd", 2),
        ("remote-import.xml", "remote-import.xsd", 2),
    ])
    func schemaOptionGivesTheDocumentedExitStatus(document: String, schema: String, status: Int32) throws {
        let run = try runStdcheck(["check", "fixtures/xml/" + document, "--schema", "fixtures/xml/" + schema])
        #expect(run.status == status, "\(run.stdout)\(run.stderr)")
    }

    @Test func brokenSchemaIsAnErrorOnStandardError() throws {
        let run = try runStdcheck([
            "check", "fixtures/xml/order-valid.xml", "--schema", "fixtures/xml/schema-broken.xsd",
        ])
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.hasSuffix("stdcheck: error: the schema fixtures/xml/schema-broken.xsd cannot be used\n"),
            "\(run.stderr)")
    }

    @Test func catalogOptionResolvesImportsOffline() throws {
        let run = try runStdcheck([
            "check", "fixtures/xml/remote-import.xml", "--schema", "fixtures/xml/remote-import.xsd", "--catalog",
            "fixtures/xml/catalog/catalog.xml",
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test func bdcjrMessagesMatchTheGoldenReport() throws {
        let run = try runStdcheck(["check", "fixtures/bdcjr", "--standard", "bdcjr@2019"])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "bdcjr.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func zipSlipArchiveGivesFindingsAndLeavesNothingBehind() throws {
        // A private TMPDIR: the run's temporary folder must be gone afterwards, and nothing may escape it.
        let temporary = NSTemporaryDirectory() + "stdcheck-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let run = try runStdcheck(
            ["check", "fixtures/zip/zip-slip.zip", "--schema", "fixtures/xml/order.xsd"],
            environment: ["TMPDIR": temporary])
        #expect(run.status == 1)
        #expect(run.stdout.contains("error   zip-entry-unsafe     4"), "\(run.stdout)")
        #expect(run.stdout.contains("Verdict: NOT CHECKED: "), "refused entries were not read")
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        for escaped in [
            "stdcheck-zip-slip-escaped.txt", "stdcheck-zip-slip-nested.txt", "stdcheck-zip-slip-absolute.txt",
        ] {
            #expect(!FileManager.default.fileExists(atPath: "/tmp/" + escaped))
            #expect(!FileManager.default.fileExists(atPath: packageRoot + "/fixtures/" + escaped))
            #expect(!FileManager.default.fileExists(atPath: packageRoot + "/" + escaped))
        }
    }
}

/// `stdcheck check` on a boundary-coordinate TXT with the bpzb pack.
struct BoundaryTXTCheckCommandTests {
    @Test func validFileConforms() throws {
        let run = try runStdcheck(["check", "fixtures/boundary-txt/bpzb-valid.txt", "--standard", "bpzb@2012"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    /// Rings without their closing point: warnings only (the file conforms), the areas still agree.
    @Test func ringsWithoutTheirClosingPointAreWarningsOnly() throws {
        try #require(
            FileManager.default.fileExists(atPath: fixture("boundary-txt/bpzb-closing-point-omitted.txt")),
            "fixture missing")
        let run = try runStdcheck([
            "check", "fixtures/boundary-txt/bpzb-closing-point-omitted.txt", "--standard", "bpzb@2012", "--format",
            "json",
        ])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = report["findings"] as? [[String: Any]] ?? []
        #expect(
            findings.map { "\($0["rule"] as? String ?? "") \($0["severity"] as? String ?? "")" }
                == Array(
                    repeating: "boundary-ring-closing-point-omitted warning", count: 3))
    }

    @Test func defectsMatchTheGoldenReport() throws {
        let run = try runStdcheck(["check", "fixtures/boundary-txt/bpzb-defects.txt", "--standard", "bpzb@2012"])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "bpzb-defects.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }
}

/// The sample delivery package: a zip with a boundary TXT, ISO 19139 metadata and stray members.
struct PackageCheckCommandTests {
    @Test func samplePackageMatchesTheGoldenReport() throws {
        let run = try runStdcheck(["check", "fixtures/package/330106-bp.zip", "--standard", "bpbp@2012"])
        #expect(run.status == 1, "\(run.stderr)")
        if let problem = goldenMismatch(run.stdout, named: "package-330106-bp.text") {
            Issue.record(Comment(rawValue: problem))
        }
    }

    @Test func everyMemberIsInTheManifestWithItsDigest() throws {
        let run = try runStdcheck([
            "check", "fixtures/package/330106-bp.zip", "--standard", "bpbp@2012", "--format", "json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let input = try #require(report["input"] as? [String: Any])
        let files = try #require(input["files"] as? [[String: Any]])
        #expect(
            files.compactMap { $0["path"] as? String } == [
                "330106-bp.zip!/330106-bp.txt", "330106-bp.zip!/330106-metadata.xml", "330106-bp.zip!/notes.txt",
                "330106-bp.zip!/tools/setup.exe",
            ])
        #expect(files.allSatisfy { ($0["sha256"] as? String)?.count == 64 })
    }

    /// The README's sections about a package (`## \`name.zip\`: …`), each with the rule ids it names.
    static func readmeSections() throws -> [(package: String, rules: Set<String>)] {
        let readme = try String(contentsOfFile: fixture("package/README.md"), encoding: .utf8)
        return readme.components(separatedBy: "\n## ").dropFirst().filter { $0.hasPrefix("`") }.compactMap {
            section in
            let package = String(section.dropFirst().prefix { $0 != "`" })
            guard package.hasSuffix(".zip") else { return nil }
            let rules = Set(
                section.split(separator: "`").map(String.init).filter {
                    $0.first?.isLetter == true && $0.contains("-") && !$0.contains(" ") && !$0.contains(".")
                        && !$0.contains("@")
                })
            return (package, rules)
        }
    }

    @Test func everyDefectTheReadmeNamesIsFound() throws {
        let sections = try Self.readmeSections()
        #expect(
            sections.map(\.package) == ["330106-bp.zip", "330106-two-files.zip"])
        #expect(
            sections.first?.rules == [
                "DKMJ-differs-from-computed-area", "boundary-line-malformed", "boundary-section-missing",
                "metadata-CRS-differs-from-DH", "metadata-extent-excludes-data", "metadata-feature-count-differs",
                "package-member-layout",
            ])
        for (package, named) in sections {
            let run = try runStdcheck(["check", "fixtures/package/" + package, "--standard", "bpbp@2012"])
            for rule in named { #expect(run.stdout.contains("[\(rule)]"), "\(package): \(rule)") }
        }
    }
}
