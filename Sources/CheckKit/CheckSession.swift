import Formats
import Foundation
import RuleEngine

/// One check of one submission, as `stdcheck check` runs it and the service's workers run it: the standard
/// (given, or detected from the layers), the reading, the engine, the file digests, waivers, baseline, and
/// the report files. What it says on the way goes to `diagnostics`, how far it is to `progress`.
public struct CheckRequest {
    /// The submission: a folder, a .zip, or a single file `SubmissionReader` reads.
    public var path: String
    /// How the report names the submission; default `displayPath(path)`.
    public var displayName: String?
    /// `id@version`, a bare id (its latest), `structure@1`, or nil to detect.
    public var standard: String?
    /// An XML Schema to validate the XML documents with (no standard then), and its catalog.
    public var schema: String?
    public var catalog: String?
    /// The writers of the report files, in order, and whether a PDF is printed from the HTML.
    public var writers: [any ReportWriter.Type]
    public var pdf: Bool
    /// Where the report files go (`ReportFolder.write`); nil writes none.
    public var output: String?
    /// The dataset the submission updates (`--base`).
    public var base: String?
    /// error, warning or never.
    public var failOn: String
    public var onlyRules: [String]
    public var skipRules: [String]
    /// RULE=error|warning|info|off.
    public var severity: [String]
    public var maxFindingsPerRule: Int
    public var baseline: String?
    public var waivers: String?
    /// "wgs84" for RFC 7946 GeoJSON, else nil (the layer's CRS).
    public var geojsonCRS: String?
    /// The day waivers are judged on (else $STDCHECK_TODAY, else today in UTC).
    public var today: String?
    public var tableEncoding: TextEncoding?
    /// The report's cover.
    public var inspector: String?
    public var organization: String?
    public var coverDate: String
    public var language: ReportLanguage
    public var searchPath: RulesSearchPath
    public var tool: ConformanceReport.Tool

    public init(
        path: String, standard: String? = nil, writers: [any ReportWriter.Type] = [TextReportWriter.self],
        output: String? = nil, coverDate: String, language: ReportLanguage = .en, searchPath: RulesSearchPath,
        tool: ConformanceReport.Tool
    ) {
        self.path = path
        self.standard = standard
        self.writers = writers
        self.pdf = false
        self.output = output
        self.failOn = "error"
        self.onlyRules = []
        self.skipRules = []
        self.severity = []
        self.maxFindingsPerRule = 1000
        self.coverDate = coverDate
        self.language = language
        self.searchPath = searchPath
        self.tool = tool
    }
}

/// What a check ended with.
public struct CheckOutcome {
    public var report: ConformanceReport
    /// The context the files were rendered with (cover, language, the submission's geometry).
    public var context: ReportContext
    /// 0 when the gate passed, 1 otherwise (findings at or above fail-on, or not checked).
    public var exitStatus: Int32
    /// The files written into `output`, by name, in order.
    public var writtenFiles: [String]
    /// How the standard was chosen: "given" or "detected", with the reason.
    public var standardChoice: (String, String?)
}

/// Something to say on standard error (or in the service's log).
public enum CheckDiagnostic: Sendable, Equatable {
    /// Always said: an error, or a fact the user must see (a bare id resolved to its latest version).
    case message(String)
    /// Said unless quiet (the detected standard).
    case notice(String)
}

/// How far a check is.
public struct CheckProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case opening, detecting, reading, checking, digesting, writing, done
    }
    public var phase: Phase
    /// 0…1 within the whole check (rough: reading and checking are most of it).
    public var fraction: Double
    /// While checking: the layer and the records read of it.
    public var layer: String?
    public var records: Int
    public var total: Int

    public init(phase: Phase, fraction: Double, layer: String? = nil, records: Int = 0, total: Int = 0) {
        self.phase = phase
        self.fraction = fraction
        self.layer = layer
        self.records = records
        self.total = total
    }
}

/// Why a check stopped without a report.
public enum CheckSessionError: Error, Equatable {
    /// A usage error (the CLI's ValidationError: exit status 2 with the usage line).
    case usage(String)
    /// Stopped with this exit status (2 cannot run, 3 incomplete); the reason was said as a diagnostic.
    case exit(Int32)
}

public enum CheckSession {
    /// Runs the check. Throws `CheckSessionError` where `stdcheck check` would exit without a report.
    public static func run(
        _ request: CheckRequest, diagnostics: (CheckDiagnostic) -> Void = { _ in },
        progress: (CheckProgress) -> Void = { _ in }
    ) throws(CheckSessionError) -> CheckOutcome {
        do {
            return try runThrowing(request, diagnostics: diagnostics, progress: progress)
        } catch let error as CheckSessionError {
            throw error
        } catch {
            diagnostics(.message("stdcheck: error: \(error)"))
            throw .exit(3)
        }
    }

    static func runThrowing(
        _ request: CheckRequest, diagnostics say: (CheckDiagnostic) -> Void, progress: (CheckProgress) -> Void
    ) throws -> CheckOutcome {
        let path = request.path
        let shownPath = request.displayName ?? displayPath(path)
        let searchPath = request.searchPath
        let language = request.language
        progress(CheckProgress(phase: .opening, fraction: 0))
        var loaded: Standard?
        var givenReason: String?
        if request.standard == Standard.structuralOnly.reference {
            loaded = .structuralOnly
        } else if let reference = request.standard {
            (loaded, givenReason) = try loadStandard(named: reference, in: searchPath) { say(.message($0)) }
        }

        guard FileManager.default.fileExists(atPath: path) else {
            throw CheckSessionError.usage("no such file or folder: \(path)")
        }
        var schemas: [XMLSchemaBinding] = []
        if let schema = request.schema {
            guard request.standard == nil else {
                throw CheckSessionError.usage("--schema and --standard exclude each other")
            }
            let errors = XMLValidator.schemaErrors(schema, catalog: request.catalog)
            if !errors.isEmpty {
                for issue in errors {
                    let place =
                        issue.line > 0 ? "\(displayPath(issue.file ?? schema)):\(issue.line)" : displayPath(schema)
                    say(.message("\(place): error: \(issue.message)"))
                }
                say(.message("stdcheck: error: the schema \(displayPath(schema)) cannot be used"))
                throw CheckSessionError.exit(2)
            }
            var xsd = Standard.formatRules(
                id: "xsd", version: URL(fileURLWithPath: schema).lastPathComponent,
                title: LocalizedText(zh: "XML 模式校验", en: "XML Schema validation"), basis: [displayPath(schema)])
            // the schema is the standard's one document rule: only XML documents are its data
            xsd.documentSchemas = [DocumentSchema(document: "**", schema: schema, catalog: request.catalog)]
            schemas = XMLSchemaBinding.bindings(of: xsd)
            loaded = xsd
        } else if request.catalog != nil {
            throw CheckSessionError.usage("--catalog needs --schema")
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
                    path, displayPath: shownPath, hashing: false, tableEncoding: request.tableEncoding,
                    tables: specs, schemas: schemas, members: members)
            } catch {
                say(.message("stdcheck: error: \(error.description)"))
                throw CheckSessionError.exit(3)
            }
        }
        var submission = try open(typedBy: loaded?.layers ?? [], schemas: schemas, members: loaded?.members ?? [])

        var choice: (String, String?) = ("given", givenReason)
        if loaded == nil {
            progress(CheckProgress(phase: .detecting, fraction: 0.05))
            let candidates = try allStandards(in: searchPath) { say(.message($0)) }
            switch StandardDetector.detect(layers: submission.layers, among: candidates) {
            case .detected(let standard, let reason):
                loaded = standard
                choice = ("detected", reason)
                say(
                    .notice(
                        language == .zh
                            ? "stdcheck: 识别为 \(standard.reference)：\(reason)"
                            : "stdcheck: detected \(standard.reference): \(reason)"))
                submission = try open(
                    typedBy: standard.layers, schemas: XMLSchemaBinding.bindings(of: standard),
                    members: standard.members)
            case .ambiguous(let references):
                throw CheckSessionError.usage(
                    "the submission fits \(references.joined(separator: " and ")) equally well; choose one with --standard"
                )
            case .none:
                say(.message("stdcheck: error: " + noStandardFits(submission, candidates: candidates)))
                throw CheckSessionError.exit(2)
            }
        }
        guard let loaded else { throw CheckSessionError.exit(2) }
        let selection = try ruleSelection(request, for: loaded)

        var loadedWaivers: [Waiver]?
        if let waivers = request.waivers {
            do {
                loadedWaivers = try WaiverFile.load(waivers, displayPath: displayPath(waivers))
                    .map { waiver in
                        var placed = waiver
                        placed.location.file = relativePath(of: waiver.location.file, from: path)
                        return placed
                    }
            } catch {
                say(.message(error.description))
                throw CheckSessionError.exit(2)
            }
        }
        var loadedBaseline: Baseline?
        if let baseline = request.baseline {
            do {
                loadedBaseline = try Baseline.load(baseline)
            } catch {
                say(.message(error.description))
                throw CheckSessionError.exit(2)
            }
        }
        let judgedOn = try waiverDate(request)

        // The digests take a core of their own while the rules run on the other.
        let digests = FileDigests(submission)
        var engine = Engine(standard: loaded, selection: selection, choice: choice)
        engine.geometry = GEOSGeometryOperations()
        engine.xpathEvaluator = LibXML2XPathEvaluator()
        engine.geographic = ProjGeographicTransformer()
        if let base = request.base {
            do {
                engine.base = try SubmissionReader.open(
                    base, displayPath: displayPath(base), hashing: false, tableEncoding: request.tableEncoding,
                    tables: loaded.layers, schemas: [], members: loaded.members)
            } catch {
                say(.message("stdcheck: error: --base: \(error.description)"))
                throw CheckSessionError.exit(3)
            }
        }
        // the layers in the order the engine meets them, to turn a layer's records into a fraction of all
        let layerCount = max(1, submission.layers.count)
        var layersDone: [String] = []
        progress(CheckProgress(phase: .checking, fraction: 0.1))
        var report = engine.check(
            submission, tool: request.tool, failOn: request.failOn,
            maxFindingsPerRule: max(0, request.maxFindingsPerRule)
        ) { layer, records, total in
            if layersDone.last != layer { layersDone.append(layer) }
            let within = total > 0 ? Double(records) / Double(total) : 1
            let fraction = 0.1 + 0.8 * min(1, (Double(layersDone.count - 1) + within) / Double(layerCount))
            progress(CheckProgress(phase: .checking, fraction: fraction, layer: layer, records: records, total: total))
        }
        progress(CheckProgress(phase: .digesting, fraction: 0.9))
        report.input.files = digests.wait()
        if request.schema == nil, request.standard != Standard.structuralOnly.reference {
            report.standard.searchPath = searchPath.paths
        }
        report.options.geojsonCRS = request.geojsonCRS
        report.options.base = request.base.map(displayPath)
        if let loadedWaivers, let waivers = request.waivers {
            report.apply(loadedWaivers, file: relativePath(of: waivers, from: path), today: judgedOn)
            // the manifest names the file as it was given; finding locations stay relative to the submission
            report.options.waivers = waivers
        }
        if let loadedBaseline {
            report.compare(with: loadedBaseline)
            report.options.baseline = displayPath(loadedBaseline.path)
        }

        let writers = request.writers
        var context = ReportContext(
            inspector: request.inspector, organization: request.organization, date: request.coverDate,
            language: language)
        if request.pdf || writers.contains(where: { $0 == HTMLReportWriter.self || $0 == CSVReportWriter.self }) {
            context.geometry = ReportGeometry.collect(submission, report: report)
        }
        let contextForFiles = context
        var written: [String] = []
        if let output = request.output {
            progress(CheckProgress(phase: .writing, fraction: 0.95))
            let finished = report
            var files: [(name: String, data: () throws -> Data)] = writers.flatMap { writer in
                writer.files(finished, context: contextForFiles).map { file in
                    (file.name, { () throws -> Data in Data(file.render().utf8) })
                }
            }
            if request.pdf {
                files.append(
                    (
                        PDFPrinter.fileName,
                        { try PDFPrinter.print(html: HTMLReportWriter.render(finished, context: contextForFiles)) }
                    ))
            }
            do {
                // All of this run's files, moved in together under a lock (see ReportFolder).
                try ReportFolder.write(files, into: output)
            } catch {
                say(
                    .message(
                        language == .zh
                            ? "stdcheck: 错误: 无法写出报告到 \(output): \(error)"
                            : "stdcheck: error: cannot write the report to \(output): \(error)"))
                throw CheckSessionError.exit(3)
            }
            written = files.map(\.name)
        }
        progress(CheckProgress(phase: .done, fraction: 1))
        return CheckOutcome(
            report: report, context: context, exitStatus: report.gate.passed ? 0 : 1, writtenFiles: written,
            standardChoice: choice)
    }

    /// Loads a standard by reference. A bare id stands for its latest version, which is said and returned
    /// as the reason of the selection; `option` names where the reference came from (`--standard`).
    public static func loadStandard(
        named name: String, in searchPath: RulesSearchPath, option: String? = "--standard",
        say: (String) -> Void
    ) throws(CheckSessionError) -> (standard: Standard, reason: String?) {
        var reference = name
        var reason: String?
        if case .latest(let latest, let count) = searchPath.resolve(name) {
            reference = latest
            let said = "\(option.map { $0 + " " } ?? "")\(name) is \(latest) (the latest of \(count))"
            reason = said
            say("stdcheck: \(said)")
        }
        do {
            return (try RulePackLoader.load(reference, searchPath: searchPath), reason)
        } catch {
            say(error.description)
            throw .exit(2)
        }
    }

    /// Every pack on the search path; exit status 2 when the path holds none (every place looked in is said)
    /// or one does not load.
    public static func allStandards(in searchPath: RulesSearchPath, say: (String) -> Void) throws(CheckSessionError)
        -> [Standard]
    {
        try requirePacks(in: searchPath, say: say)
        var standards: [Standard] = []
        for name in searchPath.available() {
            do {
                standards.append(try RulePackLoader.load(name, searchPath: searchPath))
            } catch {
                say(error.description)
                throw .exit(2)
            }
        }
        return standards
    }

    /// Fails with exit status 2, listing every place looked in, when the search path holds no pack.
    public static func requirePacks(in searchPath: RulesSearchPath, say: (String) -> Void) throws(CheckSessionError) {
        guard searchPath.available().isEmpty else { return }
        say(
            "stdcheck: error: no rule pack found; looked in:\n"
                + searchPath.placesLookedIn.map { "  " + $0 }.joined(separator: "\n")
                + "\n(give a folder of packs with --rules-dir or $STDCHECK_RULES)")
        throw .exit(2)
    }

    /// Why no standard was detected, what the submission holds, the nearest pack, and what to do.
    public static func noStandardFits(_ submission: Submission, candidates: [Standard]) -> String {
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

    /// The day waivers are judged on: `today`, else $STDCHECK_TODAY, else the UTC date (read only with waivers).
    static func waiverDate(_ request: CheckRequest) throws(CheckSessionError) -> String {
        guard request.waivers != nil else { return "" }
        if let given = request.today ?? ProcessInfo.processInfo.environment["STDCHECK_TODAY"] {
            guard WaiverFile.isDate(given) else {
                throw .usage("--today must be YYYY-MM-DD, not '\(given)'")
            }
            return given
        }
        return utcDay()
    }

    /// Today in UTC, YYYY-MM-DD.
    public static func utcDay(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// `--rules`, `--skip-rules` and `--severity`, checked against the standard's rule ids.
    static func ruleSelection(_ request: CheckRequest, for standard: Standard) throws(CheckSessionError)
        -> RuleSelection
    {
        let ids = standard.rules.map(\.id)
        for glob in request.onlyRules + request.skipRules
        where !ids.contains(where: { RuleSelection.glob(glob, matches: $0) }) {
            throw .usage("'\(glob)' matches no rule of \(standard.reference) (`stdcheck rules list`)")
        }
        var levels: [String: String] = [:]
        for item in request.severity {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["error", "warning", "info", "off"].contains(parts[1]) else {
                throw .usage("--severity takes RULE=error|warning|info|off, not '\(item)'")
            }
            guard ids.contains(parts[0]) else {
                throw .usage("--severity names '\(parts[0])', which is no rule of \(standard.reference)")
            }
            levels[parts[0]] = parts[1]
        }
        return RuleSelection(include: request.onlyRules, exclude: request.skipRules, severity: levels)
    }
}
