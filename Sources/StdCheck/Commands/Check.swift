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
                .csv, .tsv or .xml. Without --standard, the pack whose layers fit the submission is \
                detected; when none fits, the built-in standard structure@1 checks the files' structure \
                only. With --schema and no standard, PATH's XML documents are validated against that XML \
                Schema: exit status 0 valid, 1 invalid, 2 when the schema itself cannot be used.
                The text summary goes to standard output; with --output, every requested format is \
                written to DIR as report.<ext>. Without --output, a single non-text format goes to \
                standard output.
                With --baseline, only findings whose fingerprints are not in the previous report fail \
                the gate; with --waivers, waived findings do not fail it, and expired or unused \
                waivers are findings themselves (waiver-expired, waiver-unused).
                Exit statuses: 0 conformant; 1 findings at or above --fail-on; 2 usage, rule-pack or \
                waiver-file error; 3 the run could not complete.
                """)

        @Argument(help: "The submission: a folder, a .zip, or a single .shp, .dbf, .csv, .tsv or .xml.")
        var path: String

        @Option(
            help: ArgumentHelp(
                "The standard as id@version, e.g. gtdc@2020 (see `stdcheck standards list`); "
                    + "without it, only the structure of the files is checked.",
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
                "Comma-separated report formats: \(builtInWriters.map { $0.id }.joined(separator: ", ")).",
                valueName: "formats"))
        var format = "text"

        @Option(help: ArgumentHelp("Folder to write report.<ext> files into (created when missing).", valueName: "dir"))
        var output: String?

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
            var tableEncoding: TextEncoding?
            if let encoding {
                guard let known = TextEncoding.fromCPG(encoding) else {
                    throw ValidationError(
                        "unknown encoding '\(encoding)'; use a name iconv knows, e.g. UTF-8 or GB18030")
                }
                tableEncoding = known
            }
            let rulesDirectory = rules.resolve()
            var loaded: Standard?
            if standard == Standard.structuralOnly.reference {
                loaded = .structuralOnly
            } else if let reference = standard {
                do {
                    loaded = try RulePackLoader.load(reference, rulesDirectory: rulesDirectory)
                } catch {
                    printError(error.description)
                    throw ExitCode.cannotRun
                }
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
                schemas = [XMLSchemaBinding(pattern: "**", schema: schema, catalog: catalog)]
                loaded = Standard.formatRules(
                    id: "xsd", version: URL(fileURLWithPath: schema).lastPathComponent,
                    title: LocalizedText(zh: "XML 模式校验", en: "XML Schema validation"), basis: [displayPath(schema)])
            } else if catalog != nil {
                throw ValidationError("--catalog needs --schema")
            } else if let loaded {
                schemas = XMLSchemaBinding.bindings(of: loaded)
            }
            /// Opens the submission; the standard's specs type CSV columns and its schemas validate XML.
            /// Its `members:` route the members to their readers.
            func open(
                typedBy specs: [LayerSpec], schemas: [XMLSchemaBinding], members: [MemberDeclaration]
            ) throws -> Submission {
                do {
                    return try SubmissionReader.open(
                        path, displayPath: displayPath(path), hashing: false, tableEncoding: tableEncoding,
                        tables: specs, schemas: schemas, members: members)
                } catch {
                    printError("stdcheck: error: \(error.description)")
                    throw ExitCode.incomplete
                }
            }
            var submission = try open(typedBy: loaded?.layers ?? [], schemas: schemas, members: loaded?.members ?? [])

            var choice: (String, String?) = ("given", nil)
            if loaded == nil {
                let candidates = try Rules.load([], from: rulesDirectory)
                switch StandardDetector.detect(layers: submission.layers, among: candidates) {
                case .detected(let standard, let reason):
                    loaded = standard
                    choice = ("detected", reason)
                    printError("stdcheck: detected \(standard.reference): \(reason)")
                    submission = try open(
                        typedBy: standard.layers, schemas: XMLSchemaBinding.bindings(of: standard),
                        members: standard.members)
                case .ambiguous(let references):
                    throw ValidationError(
                        "the submission fits \(references.joined(separator: " and ")) equally well; choose one with --standard"
                    )
                case .none:
                    loaded = .structuralOnly
                    choice = ("structural", "no standard in \(rulesDirectory) has a layer of this submission")
                    printError(
                        "stdcheck: no standard has a layer of this submission; only the structural rules ran "
                            + "(choose one with --standard)")
                }
            }
            guard let loaded else { throw ExitCode.cannotRun }
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
            var report = engine.check(
                submission, tool: .init(name: "stdcheck", version: StdCheck.version), failOn: failOn.rawValue,
                maxFindingsPerRule: max(0, maxFindingsPerRule)
            ) { layer, records, total in
                if showProgress { printProgress("stdcheck: \(layer): \(records)/\(total) records") }
            }
            if showProgress { printProgress("") }
            report.input.files = digests.wait()
            report.options.geojsonCRS = geojsonCRS == .wgs84 ? "wgs84" : nil
            if let loadedWaivers, let waivers {
                report.apply(loadedWaivers, file: relativePath(of: waivers, from: path), today: judgedOn)
            }
            if let loadedBaseline {
                report.compare(with: loadedBaseline)
                report.options.baseline = displayPath(loadedBaseline.path)
            }

            if let output {
                do {
                    // All of this run's files, moved in together under a lock (see ReportFolder).
                    try ReportFolder.write(
                        writers.map { writer in (writer.fileName, { writer.render(report) }) }, into: output)
                } catch {
                    printError("stdcheck: error: cannot write the report to \(output): \(error)")
                    throw ExitCode.incomplete
                }
                if !quiet, writers.contains(where: { $0 == TextReportWriter.self }) {
                    try printOutput(TextReportWriter.render(report))
                }
                for writer in writers where writer != TextReportWriter.self && !quiet {
                    printError("stdcheck: wrote \(output)/\(writer.fileName)")
                }
            } else if !quiet {
                try printOutput(writers[0].render(report))
            }

            if !report.gate.passed { throw ExitCode.nonConformant }
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
