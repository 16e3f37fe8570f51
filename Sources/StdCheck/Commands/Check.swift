import ArgumentParser
import Formats
import Foundation
import RuleEngine

extension StdCheck {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a submission against a standard and report every finding.",
            discussion: """
                PATH is a submission folder (searched recursively) or a single .shp, .dbf, .csv or .tsv. \
                Without --standard, the built-in standard structure@1 checks the files' structure only.
                The text summary goes to standard output; with --output, every requested format is \
                written to DIR as report.<ext>. Without --output, a single non-text format goes to \
                standard output.
                Exit statuses: 0 conformant; 1 findings at or above --fail-on; 2 usage or rule-pack \
                error; 3 the run could not complete.
                """)

        @Argument(help: "The submission: a folder, or a single .shp, .dbf, .csv or .tsv.")
        var path: String

        @Option(
            help: ArgumentHelp(
                "The standard as id@version, e.g. gtdc@2020 (see `stdcheck standards list`); "
                    + "without it, only the structure of the files is checked.",
                valueName: "id@version"))
        var standard: String?

        @Option(
            help: ArgumentHelp(
                "Comma-separated report formats: \(builtInWriters.map { $0.id }.joined(separator: ", ")).",
                valueName: "formats"))
        var format = "text"

        @Option(help: ArgumentHelp("Folder to write report.<ext> files into (created when missing).", valueName: "dir"))
        var output: String?

        @Option(help: "Lowest severity that makes the exit status 1.")
        var failOn: FailOn = .error

        @Option(
            help: ArgumentHelp(
                "Encoding of .csv/.tsv tables without a byte-order mark, e.g. GB18030 (default: UTF-8).",
                valueName: "name"))
        var encoding: String?

        @OptionGroup var rules: RulesOptions

        func run() throws {
            let writers = try selectedWriters()
            var tableEncoding: TextEncoding?
            if let encoding {
                guard let known = TextEncoding.fromCPG(encoding) else {
                    throw ValidationError(
                        "unknown encoding '\(encoding)'; use a name iconv knows, e.g. UTF-8 or GB18030")
                }
                tableEncoding = known
            }
            let rulesDirectory = rules.resolve()
            let loaded: Standard
            if let reference = standard {
                do {
                    loaded = try RulePackLoader.load(reference, rulesDirectory: rulesDirectory)
                } catch {
                    printError(error.description)
                    throw ExitCode.cannotRun
                }
            } else {
                loaded = .structuralOnly
            }

            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            let submission: Submission
            do {
                submission = try SubmissionReader.open(
                    path, displayPath: displayPath(path), tableEncoding: tableEncoding, tables: loaded.layers)
            } catch {
                printError("stdcheck: error: \(error.description)")
                throw ExitCode.incomplete
            }

            let report = Engine(standard: loaded).check(
                submission, tool: .init(name: "stdcheck", version: StdCheck.version), failOn: failOn.rawValue)

            if let output {
                do {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                    for writer in writers {
                        try writer.render(report).write(
                            toFile: output + "/" + writer.fileName, atomically: true, encoding: .utf8)
                    }
                } catch {
                    printError("stdcheck: error: cannot write the report to \(output): \(error.localizedDescription)")
                    throw ExitCode.incomplete
                }
                if writers.contains(where: { $0 == TextReportWriter.self }) {
                    printOutput(TextReportWriter.render(report))
                }
                for writer in writers where writer != TextReportWriter.self {
                    printError("stdcheck: wrote \(output)/\(writer.fileName)")
                }
            } else {
                printOutput(writers[0].render(report))
            }

            if exceedsThreshold(report) { throw ExitCode.nonConformant }
        }

        func selectedWriters() throws -> [any ReportWriter.Type] {
            var writers: [any ReportWriter.Type] = []
            for id in format.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                guard let writer = builtInWriters.first(where: { $0.id == id }) else {
                    throw ValidationError(
                        "unknown format '\(id)'; choose from \(builtInWriters.map { $0.id }.joined(separator: ", "))")
                }
                if !writers.contains(where: { $0 == writer }) { writers.append(writer) }
            }
            guard !writers.isEmpty else { throw ValidationError("--format names no format") }
            if output == nil, writers.count > 1 {
                throw ValidationError("several formats need --output DIR to write them to")
            }
            return writers
        }

        func exceedsThreshold(_ report: ConformanceReport) -> Bool {
            let errors = report.summary.findings[Severity.error.rawValue] ?? 0
            let warnings = report.summary.findings[Severity.warning.rawValue] ?? 0
            let ruleErrors = report.rules.contains { $0.status == .error }
            switch failOn {
            case .error: return errors > 0 || ruleErrors
            case .warning: return errors + warnings > 0 || ruleErrors
            case .never: return false
            }
        }
    }
}

/// The path as the report shows it: relative to the working directory when beneath it, without a trailing slash.
func displayPath(_ path: String) -> String {
    var shown = path
    while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
    let cwd = FileManager.default.currentDirectoryPath
    if shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
    return shown
}

/// Writes text to standard output unbuffered, so that it never interleaves with diagnostics.
func printOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes a diagnostic line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
