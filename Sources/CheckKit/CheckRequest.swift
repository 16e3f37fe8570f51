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
    /// Other standards' datasets (`--with id@version=PATH`): `id@version` (or the bare id) and the path,
    /// for the rules that compare with them (a pack's `with:`).
    public var with: [(standard: String, path: String)] = []
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
