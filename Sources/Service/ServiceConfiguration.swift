import Formats
import Foundation
import RuleEngine

/// How `stdcheck serve` runs.
public struct ServiceConfiguration: Sendable {
    /// The data folder: uploads/, reports/, work/ and the embedded database.
    public var data: URL
    /// `sqlite:PATH` or `postgres://…`.
    public var database: String
    public var host: String
    /// 0 picks a free port (tests); `ServiceApp.run` reports the one bound.
    public var port: Int
    /// Checks run at once.
    public var workers: Int
    /// The largest upload, in bytes.
    public var maxUpload: Int64
    /// What one user may hold in unfinished or unchecked uploads, in bytes.
    public var quota: Int64
    /// How long a login lasts, in milliseconds.
    public var sessionLifetime: Int64
    /// How long a worker's claim lasts without renewal, in milliseconds.
    public var leaseMillis: Int64
    /// Claims after which a submission that keeps dying is failed.
    public var maxAttempts: Int
    /// How often an idle worker looks for work, in milliseconds.
    public var pollMillis: Int
    public var searchPath: RulesSearchPath
    /// The report's language (the text report, the first language of the HTML).
    public var language: ReportLanguage
    public var toolVersion: String
    /// The folders a batch manifest may name deliveries in (`--data-root`); none: batches are refused.
    public var dataRoots: [URL] = []

    public init(
        data: URL, database: String? = nil, host: String = "127.0.0.1", port: Int = 8080,
        workers: Int = ProcessInfo.processInfo.activeProcessorCount, searchPath: RulesSearchPath,
        language: ReportLanguage = .zh, toolVersion: String
    ) {
        self.data = data
        self.database = database ?? ServiceStoreFactory.defaultDatabase(data: data)
        self.host = host
        self.port = port
        self.workers = max(1, workers)
        self.maxUpload = 2 << 30
        self.quota = 10 << 30
        self.sessionLifetime = 12 * 3600 * 1000
        self.leaseMillis = 60_000
        self.maxAttempts = 3
        self.pollMillis = 200
        self.searchPath = searchPath
        self.language = language
        self.toolVersion = toolVersion
    }

    var uploads: URL { data.appendingPathComponent("uploads") }
    var reports: URL { data.appendingPathComponent("reports") }
    var work: URL { data.appendingPathComponent("work") }

    func uploadFile(_ id: String) -> URL { uploads.appendingPathComponent(id + ".part") }
}
