import Foundation
import Logging
import PostgresNIO

// MARK: rows

extension PostgresRandomAccessRow {
    func value<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        do {
            return try self[column].decode(T.self)
        } catch {
            throw StoreError.database("column \(column): \(String(reflecting: error))")
        }
    }
}

extension User {
    init(row: PostgresRandomAccessRow) throws {
        let roleName: String = try row.value("role")
        guard let role = Role(rawValue: roleName) else { throw StoreError.database("unknown role \(roleName)") }
        self.init(
            id: try row.value("id"), name: try row.value("name"), role: role, unit: try row.value("unit"),
            regions: splitList(try row.value("regions")), passwordHash: try row.value("password_hash"),
            createdAt: try row.value("created_at"), disabledAt: try row.value("disabled_at"))
    }
}

extension APIToken {
    init(row: PostgresRandomAccessRow) throws {
        self.init(
            id: try row.value("id"), userID: try row.value("user_id"), name: try row.value("name"),
            tokenHash: try row.value("token_hash"),
            scopes: splitList(try row.value("scopes")).compactMap(TokenScope.init(rawValue:)),
            createdAt: try row.value("created_at"), revokedAt: try row.value("revoked_at"),
            lastUsedAt: try row.value("last_used_at"))
    }
}

extension Upload {
    init(row: PostgresRandomAccessRow) throws {
        let json: String = try row.value("metadata")
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: try row.value("id"), ownerID: try row.value("owner_id"), length: try row.value("length"),
            offset: try row.value("upload_offset"), metadata: metadata, fileName: try row.value("file_name"),
            sha256: try row.value("sha256"), createdAt: try row.value("created_at"),
            completedAt: try row.value("completed_at"))
    }
}

extension SubmissionRecord {
    init(row: PostgresRandomAccessRow) throws {
        let stateName: String = try row.value("state")
        guard let state = SubmissionState(rawValue: stateName) else {
            throw StoreError.database("unknown state \(stateName)")
        }
        let verdict: String? = try row.value("verdict")
        let decision: String? = try row.value("decision")
        let exitStatus: Int64? = try row.value("exit_status")
        self.init(
            id: try row.value("id"), ownerID: try row.value("owner_id"), unit: try row.value("unit"),
            standard: try row.value("standard"), fileName: try row.value("file_name"), size: try row.value("size"),
            sha256: try row.value("sha256"), uploadID: try row.value("upload_id"), state: state,
            failureReason: try row.value("failure_reason"), attempts: Int(try row.value("attempts", as: Int64.self)),
            claimedBy: try row.value("claimed_by"), leaseUntil: try row.value("lease_until"),
            leaseGeneration: Int(try row.value("lease_generation", as: Int64.self)),
            verdict: verdict.flatMap(Verdict.init(rawValue:)), exitStatus: exitStatus.map(Int.init),
            errors: Int(try row.value("errors", as: Int64.self)),
            warnings: Int(try row.value("warnings", as: Int64.self)), reportFolder: try row.value("report_folder"),
            duplicateOf: try row.value("duplicate_of"), decision: decision.flatMap(Decision.init(rawValue:)),
            decisionComment: try row.value("decision_comment"), decidedBy: try row.value("decided_by"),
            decidedAt: try row.value("decided_at"), createdAt: try row.value("created_at"),
            updatedAt: try row.value("updated_at"), checkedAt: try row.value("checked_at"))
    }
}

extension JobAttempt {
    init(row: PostgresRandomAccessRow) throws {
        let outcomeName: String = try row.value("outcome")
        guard let outcome = Outcome(rawValue: outcomeName) else {
            throw StoreError.database("unknown attempt outcome \(outcomeName)")
        }
        self.init(
            submissionID: try row.value("submission_id"),
            generation: Int(try row.value("generation", as: Int64.self)), worker: try row.value("worker"),
            outcome: outcome, reason: try row.value("reason"), at: try row.value("at"))
    }
}
