import ArgumentParser
import Formats
import Foundation
import RuleEngine

extension StdCheck {
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a submission against a standard and report every finding.",
            discussion: """
                PATH is a submission folder (searched recursively), a .zip (extracted safely into a \
                private temporary folder, its members named archive.zip!/member), or a single .shp, .dbf, \
                .csv, .tsv, .vct or .xml. Without --standard, the pack whose layers fit the submission is \
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
                Exit statuses: 0 conformant; 1 findings at or above --fail-on, or not checked; 2 usage, \
                rule-pack or waiver-file error, or no standard fits; 3 the run could not complete.
                """)

        @Argument(help: "The submission: a folder, a .zip, or a single .shp, .dbf, .csv, .tsv, .vct or .xml.")
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
            let searchPath = try rules.searchPath()
            var loaded: Standard?
            var givenReason: String?
            if standard == Standard.structuralOnly.reference {
                loaded = .structuralOnly
            } else if let reference = standard {
                (loaded, givenReason) = try RulesOptions.standard(named: reference, in: searchPath)
            }

            guard FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("no such file or folder: \(path)")
            }
            var schemas: [XMLSchemaBinding] = []
            if let schema {
                guard standard == nil else { throw ValidationError("--schema and --standard exclude each other") }
                let errors = XMLValidator.schemaErrors(schema, catalog: catalog)
                if !errors.isEmpty {
                    for issue in errors {
                        let place =
                            issue.line > 0 ? "\(displayPath(issue.file ?? schema)):\(issue.line)" : displayPath(schema)
                        printError("\(place): error: \(issue.message)")
                    }
                    printError("stdcheck: error: the schema \(displayPath(schema)) cannot be used")
                    throw ExitCode.cannotRun
                }
                // the schema is the standard's one document rule: only XML documents are its data
                let xsd = Standard.formatRules(
                    id: "xsd", version: URL(fileURLWithPath: schema).lastPathComponent,
                    title: LocalizedText(zh: "XML 模式校验", en: "XML Schema validation"), basis: [displayPath(schema)],
                    documentSchemas: [DocumentSchema(document: "**", schema: schema, catalog: catalog)])
                schemas = XMLSchemaBinding.bindings(of: xsd)
                loaded = xsd
            } else if catalog != nil {
                throw ValidationError("--catalog needs --schema")
            } else if let loaded {
                schemas = XMLSchemaBinding.bindings(of: loaded)
            }
            /// Opens the submission; the standard's specs type CSV columns and its schemas validate XML.
            /// Its `members:` route the members to their readers.
            // listed (a zip extracted) once; without --standard, detection reads only its catalogue
            let listing: SubmissionReader.Listing
            do { listing = try SubmissionReader.list(path, displayPath: displayPath(path)) } catch {
                printError("stdcheck: error: \(error.description)")
                throw ExitCode.incomplete
            }
            func open(typedBy specs: [LayerSpec], schemas: [XMLSchemaBinding], members: [MemberDeclaration])
                -> Submission
            {
                SubmissionReader.open(
                    listing, hashing: false, tableEncoding: tableEncoding, tables: specs, schemas: schemas,
                    members: members)
            }

            var choice: (String, String?) = ("given", givenReason)
            if loaded == nil {
                let candidates = try Rules.load([], from: searchPath)
                let catalogue = SubmissionReader.catalogue(of: listing, tableEncoding: tableEncoding)
                switch StandardDetector.detect(catalogue: catalogue, among: candidates) {
                case .detected(let standard, let reason):
                    loaded = standard
                    choice = ("detected", reason)
                    if !quiet {
                        printError(
                            language == .zh
                                ? "stdcheck: 识别为 \(standard.reference)：\(reason)"
                                : "stdcheck: detected \(standard.reference): \(reason)")
                    }
                    schemas = XMLSchemaBinding.bindings(of: standard)
                case .ambiguous(let references):
                    throw ValidationError(
                        "the submission fits \(references.joined(separator: " and ")) equally well; choose one with --standard"
                    )
                case .none:
                    let submission = open(typedBy: [], schemas: schemas, members: [])
                    printError("stdcheck: error: " + noStandardFits(submission, candidates: candidates))
                    throw ExitCode.cannotRun
                }
            }
            guard let loaded else { throw ExitCode.cannotRun }
            let submission = open(typedBy: loaded.layers, schemas: schemas, members: loaded.members)
            let selection = try ruleSelection(for: loaded)

            var loadedWaivers: [Waiver]?
            if let waivers {
                do {
                    loadedWaivers = try WaiverFile.load(waivers, displayPath: displayPath(waivers))
                        .map { waiver in
                            var placed = waiver
                            placed.location.file = relativePath(of: waiver.location.file, from: path)
                            return placed
                        }
                } catch {
                    printError(error.description)
                    throw ExitCode.cannotRun
                }
            }
            var loadedBaseline: Baseline?
            if let baseline {
                do {
                    loadedBaseline = try Baseline.load(baseline)
                } catch {
                    printError(error.description)
                    throw ExitCode.cannotRun
                }
            }
            let judgedOn = try waiverDate()

            let showProgress = !quiet && isatty(STDERR_FILENO) != 0
            // The digests take a core of their own while the rules run on the other.
            let digests = FileDigests(submission)
            var engine = Engine(standard: loaded, selection: selection, choice: choice)
            engine.geometry = GEOSGeometryOperations()
            engine.xpathEvaluator = LibXML2XPathEvaluator()
            engine.geographic = ProjGeographicTransformer()
            if let base {
                do {
                    engine.base = try SubmissionReader.open(
                        base, displayPath: displayPath(base), hashing: false, tableEncoding: tableEncoding,
                        tables: loaded.layers, schemas: [], members: loaded.members)
                } catch {
                    printError("stdcheck: error: --base: \(error.description)")
                    throw ExitCode.incomplete
                }
            }
            var report = engine.check(
                submission, tool: .init(name: "stdcheck", version: StdCheck.version), failOn: failOn.rawValue,
                maxFindingsPerRule: max(0, maxFindingsPerRule)
            ) { layer, records, total in
                if showProgress { printProgress("stdcheck: \(layer): \(records)/\(total) records") }
            }
            if showProgress { printProgress("") }
            report.input.files = digests.wait()
            if schema == nil, standard != Standard.structuralOnly.reference {
                report.standard.searchPath = searchPath.paths
            }
            report.options.base = base.map(displayPath)
            if let loadedWaivers, let waivers {
                report.apply(loadedWaivers, file: relativePath(of: waivers, from: path), today: judgedOn)
                // the manifest names the file as it was given; finding locations stay relative to the submission
                report.options.waivers = waivers
            }
            if let loadedBaseline {
                report.compare(with: loadedBaseline)
                report.options.baseline = displayPath(loadedBaseline.path)
            }

            let wantsPDF = formats.contains("pdf")
            var context = ReportContext(
                inspector: inspector, organization: organization, date: coverDate, language: language,
                geojsonCRS: geojsonCRS == .wgs84 ? .wgs84 : .source)
            if wantsPDF || writers.contains(where: { $0 == HTMLReportWriter.self || $0 == CSVReportWriter.self }) {
                context.geometry = ReportGeometry.collect(submission, report: report)
            }
            let contextForFiles = context
            if let output {
                var files: [(name: String, data: () throws -> Data)] = writers.flatMap { writer in
                    writer.files(report, context: contextForFiles).map { file in
                        (file.name, { () throws -> Data in Data(file.render().utf8) })
                    }
                }
                if wantsPDF {
                    files.append(
                        (
                            PDFPrinter.fileName,
                            { try PDFPrinter.print(html: HTMLReportWriter.render(report, context: contextForFiles)) }
                        ))
                }
                do {
                    // All of this run's files, moved in together under a lock (see ReportFolder).
                    try ReportFolder.write(files, into: output)
                } catch {
                    printError(
                        language == .zh
                            ? "stdcheck: 错误: 无法写出报告到 \(output): \(error)"
                            : "stdcheck: error: cannot write the report to \(output): \(error)")
                    throw ExitCode.incomplete
                }
                if !quiet, writers.contains(where: { $0 == TextReportWriter.self }) {
                    try printOutput(TextReportWriter.render(report, context: context))
                }
                for file in files where file.name != TextReportWriter.fileName && !quiet {
                    printError(
                        language == .zh
                            ? "stdcheck: 已写出 \(output)/\(file.name)" : "stdcheck: wrote \(output)/\(file.name)")
                }
            } else if !quiet {
                try printOutput(writers[0].render(report, context: context))
            }

            if !report.gate.passed { throw ExitCode.nonConformant }
        }

        /// Why no standard was detected, what the submission holds, the nearest pack, and what to do.
        func noStandardFits(_ submission: Submission, candidates: [Standard]) -> String {
            var message = "no standard fits this submission (\(submission.path)): "
            let names = Array(Set(submission.layers.map(\.name))).sorted()
            let unsupported = submission.findings.filter { $0.defect == .memberFormatUnsupported }
            let unreadable = submission.findings.filter {
                [.memberUnreadable, .memberNameUndecodable, .datasetUnreadable].contains($0.defect)
            }
            if !names.isEmpty {
                message += "its layers are \(names.joined(separator: ", "))"
            } else if submission.files.isEmpty && unsupported.isEmpty && unreadable.isEmpty {
                message += "it holds no file"
            } else {
                let count = submission.files.count
                let shown = submission.files.prefix(5).map(\.path).joined(separator: ", ")
                let more = count > 5 ? " and \(count - 5) more" : ""
                message +=
                    "it holds no layer or table StdCheck reads"
                    + (count == 0 ? "" : " (\(count) \(count == 1 ? "file" : "files"): \(shown)\(more))")
            }
            if !unreadable.isEmpty {
                message +=
                    "; cannot be read: "
                    + unreadable.prefix(5).map { "\($0.location.file) (\($0.values["reason"] ?? $0.defect.rawValue))" }
                    .joined(separator: ", ")
            }
            if !unsupported.isEmpty {
                message +=
                    "; not read: "
                    + unsupported.prefix(5).map { "\($0.location.file) (\($0.values["format"] ?? ""))" }.joined(
                        separator: ", ")
            }
            if let closest = StandardDetector.closest(layers: submission.layers, among: candidates) {
                message +=
                    "; the closest is \(closest.standard) (\(closest.layers) of \(closest.layerTotal) layers, "
                    + "\(closest.fields) of \(closest.fieldTotal) fields)"
            }
            let known = candidates.map(\.reference).sorted()
            message +=
                "; choose one with --standard (known: \(known.isEmpty ? "none" : known.joined(separator: ", ")); "
                + "--standard structure@1 checks the files' structure only)"
            return message
        }

        /// The day waivers are judged on: --today, else $STDCHECK_TODAY, else the UTC date (read only with --waivers).
        func waiverDate() throws -> String {
            guard waivers != nil else { return "" }
            if let given = today ?? ProcessInfo.processInfo.environment["STDCHECK_TODAY"] {
                guard WaiverFile.isDate(given) else {
                    throw ValidationError("--today must be YYYY-MM-DD, not '\(given)'")
                }
                return given
            }
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd"
            return formatter.string(from: Date())
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

        /// `--rules`, `--skip-rules` and `--severity`, checked against the standard's rule ids.
        func ruleSelection(for standard: Standard) throws -> RuleSelection {
            let ids = standard.rules.map(\.id)
            for glob in onlyRules + skipRules where !ids.contains(where: { RuleSelection.glob(glob, matches: $0) }) {
                throw ValidationError("'\(glob)' matches no rule of \(standard.reference) (`stdcheck rules list`)")
            }
            var levels: [String: String] = [:]
            for item in severity {
                let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, ["error", "warning", "info", "off"].contains(parts[1]) else {
                    throw ValidationError("--severity takes RULE=error|warning|info|off, not '\(item)'")
                }
                guard ids.contains(parts[0]) else {
                    throw ValidationError("--severity names '\(parts[0])', which is no rule of \(standard.reference)")
                }
                levels[parts[0]] = parts[1]
            }
            return RuleSelection(include: onlyRules, exclude: skipRules, severity: levels)
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

/// The path as the report shows it: relative to the working directory when beneath it, without a trailing
/// slash, and never `.`.
func displayPath(_ path: String) -> String {
    var shown = path
    while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
    let cwd = FileManager.default.currentDirectoryPath
    if shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
    // `.`, `..`, `./`: the folder's real name, never `.`; `./x.zip` reads `x.zip`
    if shown.split(separator: "/").allSatisfy({ $0 == "." || $0 == ".." }) {
        shown = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }
    while shown.hasPrefix("./") { shown = String(shown.dropFirst(2)) }
    return shown
}

/// A file's path relative to the submission folder (report locations are relative to it), with `..` as needed.
func relativePath(of file: String, from submission: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    func parts(_ path: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents.filter { $0 != "/" }
    }
    var isDirectory: ObjCBool = false
    var base = parts(submission)
    if FileManager.default.fileExists(atPath: submission, isDirectory: &isDirectory), !isDirectory.boolValue {
        base.removeLast()
    }
    let target = parts(file)
    var common = 0
    while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
    let relative = Array(repeating: "..", count: base.count - common) + target[common...]
    return relative.joined(separator: "/")
}
