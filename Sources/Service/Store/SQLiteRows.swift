import Foundation
import GRDB

// MARK: rows

extension User {
    init(row: Row) throws {
        guard let role = Role(rawValue: row["role"]) else {
            throw StoreError.database("unknown role \(row["role"] ?? "")")
        }
        self.init(
            id: row["id"], name: row["name"], role: role, unit: row["unit"],
            regions: splitList(row["regions"]), passwordHash: row["password_hash"], createdAt: row["created_at"],
            disabledAt: row["disabled_at"])
    }
}

extension APIToken {
    init(row: Row) throws {
        self.init(
            id: row["id"], userID: row["user_id"], name: row["name"], tokenHash: row["token_hash"],
            scopes: splitList(row["scopes"]).compactMap(TokenScope.init(rawValue:)), createdAt: row["created_at"],
            revokedAt: row["revoked_at"], lastUsedAt: row["last_used_at"])
    }
}

extension Upload {
    init(row: Row) throws {
        let json: String = row["metadata"]
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
        self.init(
            id: row["id"], ownerID: row["owner_id"], length: row["length"], offset: row["upload_offset"],
            metadata: metadata, fileName: row["file_name"], sha256: row["sha256"], createdAt: row["created_at"],
            completedAt: row["completed_at"])
    }
}

extension SubmissionRecord {
    init(row: Row) throws {
        guard let state = SubmissionState(rawValue: row["state"]) else {
            throw StoreError.database("unknown state \(row["state"] ?? "")")
        }
        self.init(
            id: row["id"], ownerID: row["owner_id"], unit: row["unit"], standard: row["standard"],
            fileName: row["file_name"], size: row["size"], sha256: row["sha256"], uploadID: row["upload_id"],
            state: state, failureReason: row["failure_reason"], attempts: row["attempts"],
            claimedBy: row["claimed_by"], leaseUntil: row["lease_until"],
            leaseGeneration: row["lease_generation"],
            verdict: (row["verdict"] as String?).flatMap(Verdict.init(rawValue:)), exitStatus: row["exit_status"],
            errors: row["errors"], warnings: row["warnings"], reportFolder: row["report_folder"],
            duplicateOf: row["duplicate_of"], decision: (row["decision"] as String?).flatMap(Decision.init(rawValue:)),
            decisionComment: row["decision_comment"], decidedBy: row["decided_by"], decidedAt: row["decided_at"],
            createdAt: row["created_at"], updatedAt: row["updated_at"], checkedAt: row["checked_at"])
    }
}

extension JobAttempt {
    init(row: Row) throws {
        guard let outcome = Outcome(rawValue: row["outcome"]) else {
            throw StoreError.database("unknown attempt outcome \(row["outcome"] ?? "")")
        }
        self.init(
            submissionID: row["submission_id"], generation: row["generation"], worker: row["worker"],
            outcome: outcome, reason: row["reason"], at: row["at"])
    }
}

/// A comma-separated list column.
func splitList(_ text: String?) -> [String] {
    (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
