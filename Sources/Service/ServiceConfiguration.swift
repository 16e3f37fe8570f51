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
    /// Checks run at once in this process; 0 (`serve --workers 0`): none, the server only enqueues and
    /// `stdcheck worker` processes check.
    public var workers: Int
    /// The worker id `stdcheck worker --id` gives (with more than one worker, `NAME-<index>`); nil: a random
    /// prefix per process.
    public var workerName: String?
    /// The largest upload, in bytes.
    public var maxUpload: Int64
    /// What one user may hold in unfinished or unchecked uploads, in bytes.
    public var quota: Int64
    /// How long a login lasts, in milliseconds.
    public var sessionLifetime: Int64
    /// How long a worker's claim lasts without renewal, in milliseconds.
    public var leaseMillis: Int64
    /// Claims after which a submission whose check keeps failing or whose lease keeps running out is parked.
    public var maxAttempts: Int
    /// How often an idle worker looks for work, in milliseconds (on PostgreSQL a NOTIFY wakes it at once;
    /// the poll finds expired leases).
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
