import Foundation
import GRDB

extension SQLiteStore {
    public func createBatch(_ batch: BatchRecord, submissions: [SubmissionRecord], items: [BatchItem]) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO batches (id, owner_id, name, item_count, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [batch.id, batch.ownerID, batch.name, batch.itemCount, batch.createdAt])
            for submission in submissions { try SQLiteStore.insert(submission, into: db) }
            for item in items {
                try db.execute(
                    sql: """
                        INSERT INTO batch_items (batch_id, item_id, line, region, path, base, submission_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        item.batchID, item.itemID, item.line, item.region, item.path, item.base, item.submissionID,
                    ])
            }
        }
    }

    public func batch(id: String) async throws -> BatchRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE id = ?", arguments: [id]).map {
                BatchRecord(
                    id: $0["id"], ownerID: $0["owner_id"], name: $0["name"], itemCount: $0["item_count"],
                    createdAt: $0["created_at"])
            }
        }
    }

    public func batchEntries(batchID: String) async throws -> [BatchEntry] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT s.*, i.batch_id, i.item_id, i.line, i.region, i.path, i.base, i.submission_id
                    FROM batch_items i JOIN submissions s ON s.id = i.submission_id
                    WHERE i.batch_id = ? ORDER BY i.line
                    """, arguments: [batchID]
            ).map { row in BatchEntry(item: BatchItem(row: row), submission: try SubmissionRecord(row: row)) }
        }
    }

    public func batchItem(submissionID: String) async throws -> BatchItem? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM batch_items WHERE submission_id = ?", arguments: [submissionID])
                .map(BatchItem.init(row:))
        }
    }
}

extension BatchItem {
    init(row: Row) {
        self.init(
            batchID: row["batch_id"], itemID: row["item_id"], line: row["line"], region: row["region"],
            path: row["path"], base: row["base"], submissionID: row["submission_id"])
    }
}
