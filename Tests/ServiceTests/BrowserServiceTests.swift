import Foundation
import TestSupport
import Testing

/// The pages against a live `stdcheck serve` in Debian's chromium, driven by Selenium
/// (Tests/browser/test_service.py): a producer uploads fixtures/sample-county as a zip through the upload
/// page, sees the verdict and the report; an inspector returns it with a comment; the producer sees
/// 退回 and the comment. Screenshots of every step go to .build/browser-shots/.
///
/// It needs chromium, chromium-driver and Selenium in .build-venv/ (scripts/ensure-test-deps.sh installs
/// them; `make test` runs it). Without them the test is skipped, and says so; under CI=true it fails.
@Suite(.serialized) struct BrowserServiceTests {
    static let python = packageRoot + "/.build-venv/bin/python"
    static let script = packageRoot + "/Tests/browser/test_service.py"

    static let missing: [String] = {
        var missing: [String] = []
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        func onPath(_ names: [String]) -> Bool {
            names.contains { name in path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") } }
        }
        if !onPath(["chromium", "chromium-browser", "google-chrome"]) { missing.append("chromium") }
        if !onPath(["chromedriver"]) { missing.append("chromium-driver") }
        let selenium = (try? runProgram(python, ["-c", "import selenium"], timeout: 30))?.status == 0
        if !selenium { missing.append("Selenium in .build-venv/") }
        return missing
    }()

    static let ci = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(
        .enabled(
            if: missing.isEmpty || ci,
            Comment(
                rawValue: "missing \(missing.joined(separator: ", ")): run scripts/ensure-test-deps.sh as root "
                    + "(chromium, chromium-driver, Selenium in .build-venv/)")),
        .timeLimit(.minutes(15)))
    func producerUploadsInspectorReturnsProducerSeesTheDecision() throws {
        try #require(Self.missing.isEmpty, "missing \(Self.missing.joined(separator: ", ")) (CI=true)")
        let shots = packageRoot + "/.build/browser-shots"
        let result = try runProgram(
            Self.python, [Self.script, "--stdcheck", stdcheckBinary, "--shots", shots], timeout: 800)
        #expect(
            result.status == 0,
            "browser test failed (exit \(result.status)); screenshots in \(shots)\n\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("PASS:"), "\(result.stdout)")
        let pictures = try FileManager.default.contentsOfDirectory(atPath: shots).filter { $0.hasSuffix(".png") }
        #expect(pictures.count >= 12, "\(pictures.sorted())")
        print("browser test screenshots: \(shots)")
    }
}
