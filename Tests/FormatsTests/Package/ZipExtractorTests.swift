import Foundation
import TestSupport
import Testing

@testable import Formats

/// Hostile archives become findings; nothing is written outside the private temporary folder.
struct ZipExtractorTests {
    /// Every file below `folder`, relative to it.
    func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// Files the zip-slip fixture would create if its entries were followed.
    func escapedFiles(around workspace: String) -> [String] {
        let parent = (workspace as NSString).deletingLastPathComponent
        return [
            parent + "/stdcheck-zip-slip-escaped.txt", "/tmp/stdcheck-zip-slip-absolute.txt",
            parent + "/stdcheck-zip-slip-nested.txt", fixture("stdcheck-zip-slip-escaped.txt"),
            fixture("zip/stdcheck-zip-slip-escaped.txt"), packageRoot + "/stdcheck-zip-slip-escaped.txt",
        ].filter { FileManager.default.fileExists(atPath: $0) }
    }

    @Test func zipSlipEntriesAreFindingsAndStayInside() throws {
        let workspace = try Workspace()
        let (members, findings) = try ZipExtractor.extract(fixture("zip/zip-slip.zip"), into: workspace.path)
        #expect(members == ["zip-slip.zip!/data/order.xml"])
        #expect(
            findings.map { "\($0.defect.rawValue) \($0.values["entry"] ?? "") \($0.values["reason"] ?? "")" } == [
                "zip-entry-unsafe ../stdcheck-zip-slip-escaped.txt has a '..' component",
                "zip-entry-unsafe /tmp/stdcheck-zip-slip-absolute.txt has an absolute path",
                "zip-entry-unsafe data/../../stdcheck-zip-slip-nested.txt has a '..' component",
                "zip-entry-unsafe data/link-to-passwd is a symbolic link",
            ])
        #expect(files(under: workspace.path) == ["zip-slip.zip!/data/order.xml"])
        #expect(escapedFiles(around: workspace.path).isEmpty)
    }

    @Test func zipBombIsNotExtracted() throws {
        let workspace = try Workspace()
        let (members, findings) = try ZipExtractor.extract(fixture("zip/zip-bomb.zip"), into: workspace.path)
        #expect(members.isEmpty)
        #expect(findings.map(\.defect) == [.zipLimitExceeded])
        #expect(findings.first?.values["reason"]?.contains("inflates 1027 times") == true)
        #expect(files(under: workspace.path).isEmpty)
    }

    @Test func entryCountAndTotalSizeAreBounded() throws {
        let workspace = try Workspace()
        let many = try ZipExtractor.extract(
            fixture("zip/zip-slip.zip"), into: workspace.path, limits: ZipLimits(maxEntries: 2))
        #expect(many.findings.first?.values["reason"] == "5 entries exceed the limit of 2")
        let large = try ZipExtractor.extract(
            fixture("zip/zip-slip.zip"), into: workspace.path, limits: ZipLimits(maxTotalBytes: 50))
        #expect(large.findings.first?.values["reason"] == "130 bytes uncompressed exceed the limit of 50")
        #expect(files(under: workspace.path).isEmpty)
    }

    @Test func workspaceIsRemovedWhenReleased() throws {
        var path = ""
        do {
            let workspace = try Workspace()
            path = workspace.path
            _ = try ZipExtractor.extract(fixture("zip/zip-slip.zip"), into: workspace.path)
            #expect(FileManager.default.fileExists(atPath: path))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func submissionOfAZipListsMembersWithDigestsAndKeepsItsFolderAlive() throws {
        var folder = ""
        do {
            let submission = try SubmissionReader.open(fixture("zip/zip-slip.zip"), displayPath: "zip/zip-slip.zip")
            #expect(submission.path == "zip")
            #expect(submission.files.map(\.path) == ["zip-slip.zip!/data/order.xml"])
            #expect(submission.files.first?.sha256.count == 64)
            folder = try #require((submission.storage as? Workspace)?.path)
            #expect(FileManager.default.fileExists(atPath: folder))
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func notAZipIsAReadError() throws {
        let workspace = try Workspace()
        #expect(throws: ReadError.self) {
            try ZipExtractor.extract(fixture("xml/order-valid.xml"), into: workspace.path)
        }
    }
}
