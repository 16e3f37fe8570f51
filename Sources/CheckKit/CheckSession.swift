import Formats
import Foundation
import RuleEngine

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
        // a pack's members: may name only the readers this build has
        let searchPath = request.searchPath.readers == nil ? request.searchPath.checkingReaders() : request.searchPath
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
            // the schema is the standard's one document rule: only XML documents are its data
            let xsd = Standard.formatRules(
                id: "xsd", version: URL(fileURLWithPath: schema).lastPathComponent,
                title: LocalizedText(zh: "XML 模式校验", en: "XML Schema validation"), basis: [displayPath(schema)],
                documentSchemas: [DocumentSchema(document: "**", schema: schema, catalog: request.catalog)])
            schemas = XMLSchemaBinding.bindings(of: xsd)
            loaded = xsd
        } else if request.catalog != nil {
            throw CheckSessionError.usage("--catalog needs --schema")
        } else if let loaded {
            schemas = XMLSchemaBinding.bindings(of: loaded)
        }
        // listed (a zip extracted) once; without a standard, detection reads only its catalogue
        let listing: SubmissionReader.Listing
        do { listing = try SubmissionReader.list(path, displayPath: shownPath) } catch {
            say(.message("stdcheck: error: \(error.description)"))
            throw CheckSessionError.exit(3)
        }
        /// Opens the submission; the standard's specs type CSV columns and its schemas validate XML.
        /// Its `members:` route the members to their readers.
        func open(typedBy specs: [LayerSpec], schemas: [XMLSchemaBinding], members: [MemberDeclaration])
            -> Submission
        {
            SubmissionReader.open(
                listing, hashing: false, tableEncoding: request.tableEncoding, tables: specs, schemas: schemas,
                members: members)
        }

        var choice: (String, String?) = ("given", givenReason)
        if loaded == nil {
            progress(CheckProgress(phase: .detecting, fraction: 0.05))
            let candidates = try allStandards(in: searchPath) { say(.message($0)) }
            let catalogue = SubmissionReader.catalogue(of: listing, tableEncoding: request.tableEncoding)
            switch StandardDetector.detect(catalogue: catalogue, among: candidates) {
            case .detected(let standard, let reason):
                loaded = standard
                choice = ("detected", reason)
                say(
                    .notice(
                        language == .zh
                            ? "stdcheck: 识别为 \(standard.reference)：\(reason)"
                            : "stdcheck: detected \(standard.reference): \(reason)"))
                schemas = XMLSchemaBinding.bindings(of: standard)
            case .ambiguous(let references):
                throw CheckSessionError.usage(
                    "the submission fits \(references.joined(separator: " and ")) equally well; choose one with --standard"
                )
            case .none:
                let submission = open(typedBy: [], schemas: schemas, members: [])
                say(.message("stdcheck: error: " + noStandardFits(submission, candidates: candidates)))
                throw CheckSessionError.exit(2)
            }
        }
        guard let loaded else { throw CheckSessionError.exit(2) }
        let submission = open(typedBy: loaded.layers, schemas: schemas, members: loaded.members)
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

        // The other standards' datasets are opened (and a --with the pack does not take refused) before the
        // digests start; the digests take a core of their own while the rules run on the other.
        let others = try otherDatasets(request, standard: loaded, say: say)
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
        engine.with = others
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
        report.options.base = request.base.map(displayPath)
        if !request.with.isEmpty {
            report.options.with = Dictionary(
                request.with.map {
                    (loaded.other(Self.otherID($0.standard))?.reference ?? $0.standard, displayPath($0.path))
                },
                uniquingKeysWith: { first, _ in first })
        }
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
            language: language, geojsonCRS: request.geojsonCRS == "wgs84" ? .wgs84 : .source)
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

}
