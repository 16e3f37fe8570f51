import CheckKit
import Foundation

/// The JSON shapes of docs/openapi.yaml.
struct UserView: Encodable {
    var id: String
    var name: String
    var role: String
    var unit: String?
    var regions: [String]
    var createdAt: String
    var disabled: Bool

    init(_ user: User) {
        id = user.id
        name = user.name
        role = user.role.rawValue
        unit = user.unit
        regions = user.regions
        createdAt = isoTime(user.createdAt)
        disabled = user.disabledAt != nil
    }
}

struct IdentityView: Encodable {
    var user: UserView
    var auth: String
    var csrf: String?
    var expiresAt: String?
    var scopes: [String]?
}

struct TokenView: Encodable {
    var id: String
    var user: String
    var name: String
    var scopes: [String]
    var createdAt: String
    var revoked: Bool
    var revokedAt: String?
    var lastUsedAt: String?

    init(_ token: APIToken, userName: String) {
        id = token.id
        user = userName
        name = token.name
        scopes = token.scopes.map(\.rawValue)
        createdAt = isoTime(token.createdAt)
        revoked = token.revokedAt != nil
        revokedAt = token.revokedAt.map(isoTime)
        lastUsedAt = token.lastUsedAt.map(isoTime)
    }
}

struct ProgressView: Encodable {
    var phase: String
    var fraction: Double
    var detail: String?

    init(_ progress: CheckProgress) {
        phase = progress.phase.rawValue
        fraction = (progress.fraction * 1000).rounded() / 1000
        if let layer = progress.layer { detail = "\(layer) \(progress.records)/\(progress.total)" }
    }
}

struct SubmissionView: Encodable {
    var id: String
    var owner: String
    var unit: String
    var standard: String?
    var fileName: String
    var size: Int64
    var sha256: String
    var state: String
    var failureReason: String?
    var attempts: Int
    var parked: Bool
    var reasons: [String]
    var verdict: String?
    var exitStatus: Int?
    var errors: Int
    var warnings: Int
    var duplicateOf: String?
    var reports: [String]
    var progress: ProgressView?
    var decision: String?
    var decisionComment: String?
    var decidedBy: String?
    var decidedAt: String?
    var createdAt: String
    var updatedAt: String
    var checkedAt: String?

    init(_ s: SubmissionRecord, names: [String: String], progress: CheckProgress?, attempts: [JobAttempt] = []) {
        id = s.id
        owner = names[s.ownerID] ?? s.ownerID
        unit = s.unit
        standard = s.standard
        fileName = s.fileName
        size = s.size
        sha256 = s.sha256
        // parked is failed to every client; `parked` and `reasons` tell why
        state = s.state == .parked ? SubmissionState.failed.rawValue : s.state.rawValue
        failureReason = s.failureReason
        self.attempts = s.attempts
        parked = s.state == .parked
        reasons =
            s.state == .failed || s.state == .parked
            ? attempts.map { "attempt \($0.generation) (\($0.worker)): \($0.outcome.rawValue): \($0.reason ?? "")" }
            : []
        verdict = s.verdict?.rawValue
        exitStatus =
            s.exitStatus
            ?? (s.state == .failed || s.state == .parked ? SubmissionView.exitStatus(of: s.failureReason) : nil)
        errors = s.errors
        warnings = s.warnings
        duplicateOf = s.duplicateOf
        reports = s.reportFolder == nil ? [] : ReportFiles.formats
        self.progress = s.state == .checking ? progress.map(ProgressView.init) : nil
        decision = s.decision?.rawValue
        decisionComment = s.decisionComment
        decidedBy = s.decidedBy.map { names[$0] ?? $0 }
        decidedAt = s.decidedAt.map(isoTime)
        createdAt = isoTime(s.createdAt)
        updatedAt = isoTime(s.updatedAt)
        checkedAt = s.checkedAt.map(isoTime)
    }

    /// A failure reason starts `exit N:` with the status `stdcheck check` would have exited with.
    static func exitStatus(of reason: String?) -> Int? {
        guard let reason, reason.hasPrefix("exit ") else { return nil }
        return Int(reason.dropFirst(5).prefix { $0.isNumber })
    }
}

/// The report files a checked submission has, by format.
enum ReportFiles {
    static let byFormat: [(format: String, file: String, type: String)] = [
        ("text", "report.txt", "text/plain; charset=utf-8"),
        ("json", "report.json", "application/json"),
        ("jsonl", "report.jsonl", "application/x-ndjson"),
        ("html", "report.html", "text/html; charset=utf-8"),
        ("sarif", "report.sarif", "application/sarif+json"),
        ("junit", "report.junit.xml", "application/xml"),
        ("geojson", "report.geojson", "application/geo+json"),
        ("csv", "report.csv", "text/csv; charset=utf-8"),
        ("iso19157", "report.iso19157.xml", "application/xml"),
    ]
    static let formats = byFormat.map(\.format)
}
