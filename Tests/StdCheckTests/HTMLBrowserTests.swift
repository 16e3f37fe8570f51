import Foundation
import TestSupport
import Testing

/// The HTML report opened in a real headless browser (Debian's chromium; `make test` installs it).
///
/// A missing browser fails the test: the HTML must be seen rendered, not only written.
@Suite(.serialized) struct HTMLBrowserTests {
    static let browser = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func renderedReportShowsTheVerdictAFindingAndRunsItsFilterScript() throws {
        guard let browser = Self.browser else {
            Issue.record("chromium is not installed; `make test` installs it (apt-get install chromium)")
            return
        }
        let page = "file://" + fixture("reports/sample-county.html")
        let profile = NSTemporaryDirectory() + "stdcheck-chromium-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let dom = try run(
            browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
                "--virtual-time-budget=2000", "--dump-dom", page,
            ])
        #expect(dom.contains("不符合标准 <span class=\"en\">NON-CONFORMANT</span>"), "\(dom.prefix(500))")
        #expect(dom.contains("必填字段 QSXZ 为空"))
        #expect(dom.contains("mandatory field QSXZ is blank"))
        // The filter script ran and counted the rows: proof that the page's JavaScript works offline.
        #expect(dom.contains("<span id=\"f-count\">95 / 95</span>"))
        #expect(dom.contains("<circle"))
    }

    @Test func htmlNeedsNothingFromOutside() throws {
        let html = try String(contentsOfFile: fixture("reports/sample-county.html"), encoding: .utf8)
        for external in ["src=\"http", "href=\"http", "@import", "url(http", "<link "] {
            #expect(!html.contains(external), "\(external)")
        }
    }
}
