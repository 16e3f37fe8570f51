import ArgumentParser
import CheckKit
import Formats
import Foundation
import RuleEngine

extension StdCheck {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a submission against a standard and report every finding.",
            discussion: """
                PATH is a submission folder (searched recursively), a .zip (extracted safely into a \
                private temporary folder, its members named archive.zip!/member), a File Geodatabase \
                (NAME.gdb folder), or a single .shp, .dbf, .csv, .tsv, .vct, .gpkg, .mdb or .xml. Without --standard, the pack whose layers fit the submission is \
                detected; when none fits, check stops with exit status 2 naming the closest pack (the \
                built-in structure@1, the files' structure only, runs when named). The verdict is \
                CONFORMANT, NON-CONFORMANT, or NOT CHECKED when something could not be read or applied \
                (an empty submission, no data of the standard, a member in a format StdCheck does not \
                read, an unreadable file, folder or link, a required layer absent): never a pass. With --schema and no standard, PATH's XML documents are validated against that XML \
                Schema: exit status 0 valid, 1 invalid or no XML document, 2 when the schema itself cannot be used.
                The text summary goes to standard output; with --output, every requested format is \
                written to DIR as report.<ext>. Without --output, a single non-text format goes to \
                standard output.
                With --baseline, only findings whose fingerprints are not in the previous report fail \
                the gate; with --waivers, waived findings do not fail it, and expired or unused \
                waivers are findings themselves (waiver-expired, waiver-unused).
                With --base, the submission is an update of that dataset (a change-survey package and last \
                year's database, gtdcbg@2021): the rules that name base layers (base.DLTB) compare them.
                With --with STD@VER=PATH (repeatable), PATH is the dataset of another standard the pack \
                compares with (its pack.yaml with:, e.g. the survey database gtdc@2020 for yjjbnt@2022), \
                read with that standard's field tables: rules name its layers gtdc.DLTB. Without it those \
                rules are not applicable, the text report says how many need it, and the run is NOT \
                CHECKED when their own layers are present; a PATH that cannot be read is NOT CHECKED too.
                Exit statuses: 0 conformant; 1 findings at or above --fail-on, or not checked; 2 usage, \
                rule-pack or waiver-file error, or no standard fits; 3 the run could not complete.
                """)

        @Argument(
            help:
                "The submission: a folder, a .zip, a .gdb folder, or a single .shp, .dbf, .csv, .tsv, .vct, .gpkg, .mdb or .xml."
        )
        var path: String

        @Option(
            help: ArgumentHelp(
                "The standard as id@version, e.g. gtdc@2020, or an id for its latest version "
                    + "(see `stdcheck standards list`); without it, the standard is detected from the layers; "
                    + "structure@1 checks the files' structure only.",
                valueName: "id@version"))
        var standard: String?

        @Option(
            help: ArgumentHelp(
                "Validate the XML documents against this XML Schema (XSD), without a standard.", valueName: "xsd"))
        var schema: String?

        @Option(
            help: ArgumentHelp(
                "An XML catalog mapping the schema's imports to local files (the network is never used).",
                valueName: "file"))
        var catalog: String?

        @Option(
            help: ArgumentHelp(
                "Comma-separated report formats: \(builtInWriters.map { $0.id }.joined(separator: ", ")), "
                    + "pdf (the HTML report printed by Chromium; needs --output).",
                valueName: "formats"))
        var format = "text"

        @Option(help: ArgumentHelp("Folder to write report.<ext> files into (created when missing).", valueName: "dir"))
        var output: String?

        @Option(
            help: ArgumentHelp(
                "The database the submission updates (last year's database for a change-survey package), a "
                    + "folder or a .zip read like PATH; rules naming its layers (base.DLTB) compare the two. "
                    + "Without it those rules are not applicable and the text report says how many need it.",
                valueName: "path"))
        var base: String?

        @Option(
            name: .customLong("with"),
            help: ArgumentHelp(
                "Another standard's dataset the pack compares with (its with: list), as STD@VER=PATH, "
                    + "repeatable: a folder or a .zip read with that standard's field tables; rules name its "
                    + "layers by the standard's id (gtdc.DLTB). `stdcheck standards list` shows what each pack takes.",
                valueName: "std@ver=path"))
        var with: [String] = []

        @Option(help: "Lowest severity that makes the exit status 1.")
        var failOn: FailOn = .error

        @Option(
            name: .customLong("rules"),
            help: ArgumentHelp(
                "Run only the rules whose id matches this glob (* and ?); repeatable.", valueName: "glob"))
        var onlyRules: [String] = []

        @Option(help: ArgumentHelp("Skip the rules whose id matches this glob; repeatable.", valueName: "glob"))
        var skipRules: [String] = []

        @Option(
            help: ArgumentHelp(
                "Set a rule's severity for this run: RULE=error|warning|info|off; repeatable.", valueName: "rule=level")
        )
        var severity: [String] = []

        @Option(
            help: ArgumentHelp(
                "Findings listed per rule in the JSON and HTML reports (0: all); JSONL, SARIF, CSV and GeoJSON list all.",
                valueName: "n"))
        var maxFindingsPerRule = 1000

        @Option(
            help: ArgumentHelp(
                "A previous report.json or report.jsonl: only findings it does not have fail the gate.",
                valueName: "file"))
        var baseline: String?

        @Option(
            help: ArgumentHelp(
                "A YAML file of accepted findings (rule, fingerprint or key, reason, expires).", valueName: "file"))
        var waivers: String?

        @Option(help: ArgumentHelp("Coordinates of the GeoJSON report: source (the layer's CRS) or wgs84 (RFC 7946)."))
        var geojsonCRS: GeoJSONCRS = .source

        @Option(help: .hidden)
        var today: String?

        @Option(help: ArgumentHelp("检查人: the inspector named on the report's cover (HTML, PDF).", valueName: "name"))
        var inspector: String?

        @Option(help: ArgumentHelp("检查单位: the inspecting organization on the report's cover.", valueName: "name"))
        var organization: String?

        @Option(
            help: ArgumentHelp(
                "检查日期 on the cover, YYYY-MM-DD (default: today in UTC).", valueName: "date"))
        var inspectionDate: String?

        @Option(
            help: ArgumentHelp(
                "Language spoken first: zh or en (default from LC_ALL, LC_MESSAGES, LANG: zh* is Chinese).",
                valueName: "zh|en"))
        var lang: String?

        @Flag(help: "Print nothing but errors: no summary, no progress.")
        var quiet = false

        @Option(
            help: ArgumentHelp(
                "Encoding of .csv/.tsv tables without a byte-order mark, e.g. GB18030 (default: UTF-8).",
                valueName: "name"))
        var encoding: String?

        @OptionGroup var rules: RulesOptions

        func run() throws {
            let writers = try selectedWriters()
            let language = try reportLanguage()
            let coverDate = try inspectionDay()
            var tableEncoding: TextEncoding?
            if let encoding {
                guard let known = TextEncoding.fromCPG(encoding) else {
                    throw ValidationError(
                        "unknown encoding '\(encoding)'; use a name iconv knows, e.g. UTF-8 or GB18030")
                }
                tableEncoding = known
            }
            var request = CheckRequest(
                path: path, standard: standard, writers: writers, output: output, coverDate: coverDate,
                language: language, searchPath: try rules.searchPath(),
                tool: .init(name: "stdcheck", version: StdCheck.version))
            request.schema = schema
            request.catalog = catalog
            request.pdf = formats.contains("pdf")
            request.base = base
            for given in with {
                guard let equals = given.firstIndex(of: "="), equals != given.startIndex,
                    given.index(after: equals) != given.endIndex
                else { throw ValidationError("--with takes STD@VER=PATH, not '\(given)'") }
                request.with.append((String(given[..<equals]), String(given[given.index(after: equals)...])))
            }
            request.failOn = failOn.rawValue
            request.onlyRules = onlyRules
            request.skipRules = skipRules
            request.severity = severity
            request.maxFindingsPerRule = maxFindingsPerRule
            request.baseline = baseline
            request.waivers = waivers
            request.geojsonCRS = geojsonCRS == .wgs84 ? "wgs84" : nil
            request.today = today
            request.tableEncoding = tableEncoding
            request.inspector = inspector
            request.organization = organization

            let showProgress = !quiet && isatty(STDERR_FILENO) != 0
            let quiet = quiet
            let outcome = try exitOnFailure { () throws(CheckSessionError) in
                try CheckSession.run(
                    request,
                    diagnostics: { diagnostic in
                        switch diagnostic {
                        case .message(let text): printError(text)
                        case .notice(let text): if !quiet { printError(text) }
                        }
                    },
                    progress: { step in
                        guard showProgress else { return }
                        if step.phase == .checking, let layer = step.layer {
                            printProgress("stdcheck: \(layer): \(step.records)/\(step.total) records")
                        } else if step.phase == .digesting {
                            printProgress("")
                        }
                    })
            }
            let report = outcome.report
            if let output {
                if !quiet, writers.contains(where: { $0 == TextReportWriter.self }) {
                    try printOutput(TextReportWriter.render(report, context: outcome.context))
                }
                for name in outcome.writtenFiles where name != TextReportWriter.fileName && !quiet {
                    printError(
                        language == .zh ? "stdcheck: 已写出 \(output)/\(name)" : "stdcheck: wrote \(output)/\(name)")
                }
            } else if !quiet {
                try printOutput(writers[0].render(report, context: outcome.context))
            }

            if outcome.exitStatus != 0 { throw ExitCode.nonConformant }
        }

        /// `--lang`, else the locale variables.
        func reportLanguage() throws -> ReportLanguage {
            guard let lang else { return ReportLanguage.fromEnvironment(ProcessInfo.processInfo.environment) }
            guard let language = ReportLanguage(rawValue: lang) else {
                throw ValidationError("--lang takes zh or en, not '\(lang)'")
            }
            return language
        }

        /// The cover's 检查日期: --inspection-date, else --today or $STDCHECK_TODAY, else today in UTC.
        func inspectionDay() throws -> String {
            if let given = inspectionDate ?? today ?? ProcessInfo.processInfo.environment["STDCHECK_TODAY"] {
                guard WaiverFile.isDate(given) else {
                    throw ValidationError("--inspection-date must be YYYY-MM-DD, not '\(given)'")
                }
                return given
            }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date())
        }

        /// The formats asked for, in order.
        var formats: [String] { format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }

        /// The writers of `--format`; `pdf` is printed from the HTML report (see `PDFPrinter`) and needs --output.
        func selectedWriters() throws -> [any ReportWriter.Type] {
            var writers: [any ReportWriter.Type] = []
            for id in formats where id != "pdf" {
                guard let writer = builtInWriters.first(where: { $0.id == id }) else {
                    throw ValidationError(
                        "unknown format '\(id)'; choose from \(builtInWriters.map { $0.id }.joined(separator: ", ")), pdf"
                    )
                }
                if !writers.contains(where: { $0 == writer }) { writers.append(writer) }
            }
            if formats.contains("pdf") {
                guard output != nil else {
                    throw ValidationError("--format pdf needs --output DIR to write report.pdf to")
                }
                if writers.isEmpty { return [] }
            }
            guard !writers.isEmpty else { throw ValidationError("--format names no format") }
            if output == nil, writers.count > 1 {
                throw ValidationError("several formats need --output DIR to write them to")
            }
            return writers
        }
    }
}

/// Where GeoJSON coordinates are written.
enum GeoJSONCRS: String, ExpressibleByArgument, CaseIterable {
    case source
    case wgs84
}
