import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    public func createBatch(_ batch: BatchRecord, submissions: [SubmissionRecord], items: [BatchItem]) async throws {
        let logger = self.logger
        try await transaction { connection in
            try await PostgresStore.rows(
                "INSERT INTO batches (id, owner_id, name, item_count, created_at) VALUES ($1, $2, $3, $4, $5)",
                [
                    .text(batch.id), .text(batch.ownerID), .text(batch.name), .integer(batch.itemCount),
                    .int(batch.createdAt),
                ], on: connection, logger: logger)
            for s in submissions {
                try await PostgresStore.rows(
                    """
                    INSERT INTO submissions (id, owner_id, unit, standard, file_name, size, sha256, upload_id, state,
                        attempts, errors, warnings, created_at, updated_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                    """,
                    [
                        .text(s.id), .text(s.ownerID), .text(s.unit), .text(s.standard), .text(s.fileName),
                        .int(s.size), .text(s.sha256), .text(s.uploadID), .text(s.state.rawValue),
                        .integer(s.attempts), .integer(s.errors), .integer(s.warnings), .int(s.createdAt),
                        .int(s.updatedAt),
                    ], on: connection, logger: logger)
            }
            for item in items {
                try await PostgresStore.rows(
                    """
                    INSERT INTO batch_items (batch_id, item_id, line, region, path, base, submission_id)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    [
                        .text(item.batchID), .text(item.itemID), .integer(item.line), .text(item.region),
                        .text(item.path), .text(item.base), .text(item.submissionID),
                    ], on: connection, logger: logger)
            }
            // delivered at commit: idle workers wake at once (as for an enqueued upload)
            try await PostgresStore.rows("NOTIFY \(PostgresStore.jobsChannel)", on: connection, logger: logger)
        }
    }

    public func batch(id: String) async throws -> BatchRecord? {
        try await rows("SELECT * FROM batches WHERE id = $1", [.text(id)]).first.map { row in
            BatchRecord(
                id: try row.value("id"), ownerID: try row.value("owner_id"), name: try row.value("name"),
                itemCount: Int(try row.value("item_count", as: Int64.self)), createdAt: try row.value("created_at"))
        }
    }

    public func batchEntries(batchID: String) async throws -> [BatchEntry] {
        try await rows(
            """
            SELECT s.*, i.batch_id, i.item_id, i.line, i.region, i.path, i.base, i.submission_id
            FROM batch_items i JOIN submissions s ON s.id = i.submission_id
            WHERE i.batch_id = $1 ORDER BY i.line
            """, [.text(batchID)]
        ).map { row in BatchEntry(item: try BatchItem(row: row), submission: try SubmissionRecord(row: row)) }
    }

    public func batchItem(submissionID: String) async throws -> BatchItem? {
        try await rows("SELECT * FROM batch_items WHERE submission_id = $1", [.text(submissionID)]).first.map(
            BatchItem.init(row:))
    }
}

extension BatchItem {
    init(row: PostgresRandomAccessRow) throws {
        self.init(
            batchID: try row.value("batch_id"), itemID: try row.value("item_id"),
            line: Int(try row.value("line", as: Int64.self)), region: try row.value("region"),
            path: try row.value("path"), base: try row.value("base"), submissionID: try row.value("submission_id"))
    }
}
