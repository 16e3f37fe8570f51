import Foundation

// Batches: a manifest of deliveries on the shared data folder, one submission (one job) per row
// (migration 0003_batches.sql). The batch's own rows live in `batches` and `batch_items`; the jobs are
// ordinary submissions, so the workers that check uploads check batch rows the same way.

/// A batch as stored.
public struct BatchRecord: Sendable, Codable, Equatable {
    public var id: String
    /// The inspector or admin who submitted it: the only ones (with every admin) who see it.
    public var ownerID: String
    /// The manifest's name (its file name, or one the client gives).
    public var name: String
    public var itemCount: Int
    public var createdAt: Int64

    public init(id: String, ownerID: String, name: String, itemCount: Int, createdAt: Int64) {
        self.id = id
        self.ownerID = ownerID
        self.name = name
        self.itemCount = itemCount
        self.createdAt = createdAt
    }
}

/// One manifest row as stored: what the job checks.
public struct BatchItem: Sendable, Codable, Equatable {
    public var batchID: String
    /// The row's id in the manifest.
    public var itemID: String
    /// The manifest line it came from.
    public var line: Int
    /// The 6-digit county code.
    public var region: String
    /// The delivery's real path inside a data root.
    public var path: String
    /// The change survey's base delivery (a real path inside a data root), if any.
    public var base: String?
    public var submissionID: String

    public init(
        batchID: String, itemID: String, line: Int, region: String, path: String, base: String?, submissionID: String
    ) {
        self.batchID = batchID
        self.itemID = itemID
        self.line = line
        self.region = region
        self.path = path
        self.base = base
        self.submissionID = submissionID
    }
}

/// A batch row with the state of its job.
public struct BatchEntry: Sendable, Equatable {
    public var item: BatchItem
    public var submission: SubmissionRecord

    public init(item: BatchItem, submission: SubmissionRecord) {
        self.item = item
        self.submission = submission
    }
}

/// The batch half of the store (every `ServiceStore` is one).
public protocol BatchStore: Sendable {
    /// Stores the batch, its submissions (already `queued`) and its items in one transaction: all or none.
    func createBatch(_ batch: BatchRecord, submissions: [SubmissionRecord], items: [BatchItem]) async throws
    func batch(id: String) async throws -> BatchRecord?
    /// The batch's rows with their submissions, in manifest order.
    func batchEntries(batchID: String) async throws -> [BatchEntry]
    /// The batch row a submission checks, when it came from a batch.
    func batchItem(submissionID: String) async throws -> BatchItem?
}
