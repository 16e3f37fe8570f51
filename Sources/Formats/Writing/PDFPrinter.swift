import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Prints the HTML report to PDF through an installed Chromium (`--headless --print-to-pdf`), which
/// follows the report's print stylesheet: A4 pages, running header, page numbers.
public enum PDFPrinter {
    public static let fileName = "report.pdf"

    /// Why no PDF was made.
    public struct PrintError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The browser used: `$STDCHECK_CHROMIUM`, else the first of chromium, chromium-browser,
    /// google-chrome on `$PATH`; nil when there is none.
    public static func browser(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let given = environment["STDCHECK_CHROMIUM"], !given.isEmpty {
            return FileManager.default.isExecutableFile(atPath: given) ? given : nil
        }
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
                return folder + "/" + name
            }
        }
        return nil
    }

    /// The PDF of `html`, printed in a private temporary folder that is removed afterwards.
    public static func print(html: String, timeout: TimeInterval = 180) throws(PrintError) -> Data {
        guard let browser = browser() else {
            throw PrintError(
                description:
                    "--format pdf needs Chromium, which is not installed (apt-get install chromium, or set STDCHECK_CHROMIUM); "
                    + "the HTML report prints the same pages from a browser")
        }
        let folder = NSTemporaryDirectory() + "stdcheck-pdf-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
            try Data(html.utf8).write(to: URL(fileURLWithPath: folder + "/report.html"))
        } catch {
            throw PrintError(description: "cannot prepare the PDF in \(folder): \(error.localizedDescription)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder)/profile",
            "--no-pdf-header-footer", "--virtual-time-budget=5000", "--print-to-pdf=\(folder)/report.pdf",
            "file://\(folder)/report.html",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw PrintError(description: "cannot start \(browser): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw PrintError(description: "\(browser) did not print the PDF within \(Int(timeout)) s")
            }
            usleep(50_000)
        }
        guard let pdf = FileManager.default.contents(atPath: folder + "/report.pdf"),
            pdf.starts(with: Array("%PDF".utf8))
        else {
            throw PrintError(
                description: "\(browser) exited with status \(process.terminationStatus) without printing a PDF")
        }
        return pdf
    }
}
