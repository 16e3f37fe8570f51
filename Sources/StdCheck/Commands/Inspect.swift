import ArgumentParser
import CheckKit
import Formats
import RuleEngine

extension StdCheck {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a submission holds, as read: layers, fields, encodings and CRS.",
            discussion: """
                Per layer: geometry type, record count, fields with type and width, declared and \
                detected text encoding, the CRS WKT and, when PROJ identifies it, its EPSG code. \
                Problems with the files themselves are listed after the layers. Exit status 0 when \
                the path could be read, 3 when it could not.
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
        }

        @Argument(help: "A submission folder, or a single .shp or .dbf.")
        var path: String

        @Option(help: "Output format.")
        var format: Format = .text

        func run() throws {
            let submission: Submission
            do {
                submission = try SubmissionReader.open(path, displayPath: displayPath(path))
            } catch {
                printError("stdcheck: error: \(error.description)")
                throw ExitCode.incomplete
            }
            let report = InspectionReport(submission)
            switch format {
            case .text: try printOutput(report.text())
            case .json: try printOutput(JSONReportWriter.encode(report))
            }
        }
    }
}
