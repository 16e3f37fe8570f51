import Foundation

// The rows the service keeps: users, sessions, API tokens, uploads and submissions (see ServiceStore.swift).

/// What a user may do. A producer sees its own unit's submissions, an inspector those of its regions,
/// an admin everything (and manages users and tokens).
public enum Role: String, Sendable, Codable, CaseIterable {
    case producer
    case inspector
    case admin
}

/// An account.
public struct User: Sendable, Codable, Equatable {
    public var id: String
    /// The login name, unique.
    public var name: String
    public var role: Role
    /// A producer's unit: its county code (6 digits, e.g. 330106); nil for other roles.
    public var unit: String?
    /// An inspector's regions: county codes or code prefixes ("33" = the whole province); empty otherwise.
    public var regions: [String]
    /// The argon2id hash in its PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    public var passwordHash: String
    public var createdAt: Int64
    /// Set when the account is disabled; a disabled account cannot log in and its tokens do not work.
    public var disabledAt: Int64?

    public init(
        id: String, name: String, role: Role, unit: String?, regions: [String], passwordHash: String,
        createdAt: Int64, disabledAt: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.role = role
        self.unit = unit
        self.regions = regions
        self.passwordHash = passwordHash
        self.createdAt = createdAt
        self.disabledAt = disabledAt
    }
}

/// A login session: the cookie carries the token, the store keeps only its sha256 (hex).
public struct SessionRecord: Sendable, Codable, Equatable {
    public var tokenHash: String
    public var userID: String
    /// The CSRF token: required in the `X-CSRF-Token` header of every state-changing request that
    /// authenticates with the session cookie.
    public var csrf: String
    public var createdAt: Int64
    public var expiresAt: Int64

    public init(tokenHash: String, userID: String, csrf: String, createdAt: Int64, expiresAt: Int64) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrf = csrf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What an API token may do.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    /// Upload and create submissions, read its own.
    case submit
    /// Read submissions and reports the owner may see.
    case read
    /// Accept or return submissions (an inspector's or admin's token).
    case review
    /// Manage users and tokens (an admin's token).
    case admin
}

/// An API token for `Authorization: Bearer`; the store keeps only the sha256 (hex) of the secret.
public struct APIToken: Sendable, Codable, Equatable {
    public var id: String
    public var userID: String
    public var name: String
    public var tokenHash: String
    public var scopes: [TokenScope]
    public var createdAt: Int64
    public var revokedAt: Int64?
    public var lastUsedAt: Int64?

    public init(
        id: String, userID: String, name: String, tokenHash: String, scopes: [TokenScope], createdAt: Int64,
        revokedAt: Int64? = nil, lastUsedAt: Int64? = nil
    ) {
        self.id = id
        self.userID = userID
        self.name = name
        self.tokenHash = tokenHash
        self.scopes = scopes
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// A tus upload: its bytes go to `<data>/uploads/<id>.part`, never into memory.
public struct Upload: Sendable, Codable, Equatable {
    public var id: String
    public var ownerID: String
    /// Upload-Length: the declared size in bytes.
    public var length: Int64
    /// Upload-Offset: how many bytes are on disk.
    public var offset: Int64
    /// Upload-Metadata, decoded (filename, standard …).
    public var metadata: [String: String]
    /// The file name from the metadata, checked: one path component, no `..`, no `/` or `\`.
    public var fileName: String
    /// sha256 (hex) of the whole content, set when offset reaches length.
    public var sha256: String?
    public var createdAt: Int64
    public var completedAt: Int64?

    public init(
        id: String, ownerID: String, length: Int64, offset: Int64, metadata: [String: String], fileName: String,
        sha256: String? = nil, createdAt: Int64, completedAt: Int64? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.length = length
        self.offset = offset
        self.metadata = metadata
        self.fileName = fileName
        self.sha256 = sha256
        self.createdAt = createdAt
        self.completedAt = completedAt
    }
}

/// A submission's life: uploaded → queued → checking → checked → accepted | returned, or failed (with a
/// reason) when the check itself ends in a usage error, or parked when the check could not run to its end
/// (or its worker's lease ran out) the allowed number of times; a claim that fails short of that is queued
/// again.
public enum SubmissionState: String, Sendable, Codable, CaseIterable {
    case uploaded
    case queued
    case checking
    case checked
    case accepted
    case returned
    case failed
    /// Terminal: given up after the allowed attempts; the API shows it as failed, with every attempt's reason.
    case parked
}

/// An inspector's decision on a checked submission.
public enum Decision: String, Sendable, Codable, CaseIterable {
    /// 审核通过
    case accept
    /// 退回
    case `return`
}

/// The verdict of the check, as in the report.
public enum Verdict: String, Sendable, Codable, CaseIterable {
    case conformant = "CONFORMANT"
    case nonConformant = "NON-CONFORMANT"
    case notChecked = "NOT CHECKED"
}

/// A delivery to check.
public struct SubmissionRecord: Sendable, Codable, Equatable {
    public var id: String
    public var ownerID: String
    /// The owner's unit (county code) when it was submitted: what producers and inspectors are matched on.
    public var unit: String
    /// The standard asked for (`gtdc@2020`), or nil to detect it; after the check, the one used.
    public var standard: String?
    public var fileName: String
    public var size: Int64
    public var sha256: String
    /// The upload it came from (its file is `<data>/uploads/<uploadID>.part` until the check ends).
    public var uploadID: String?
    public var state: SubmissionState
    /// Why it failed (state failed).
    public var failureReason: String?
    /// How many times a worker claimed it.
    public var attempts: Int
    /// The worker that holds it while checking, and until when its lease runs (epoch ms).
    public var claimedBy: String?
    public var leaseUntil: Int64?
    /// The fencing token: every claim adds 1, and only the claim holding the current number may renew,
    /// finish or fail the job.
    public var leaseGeneration: Int
    public var verdict: Verdict?
    /// The `check` exit status the report implies: 0 conformant, 1 findings or not checked, 2 no standard
    /// fits or a usage error, 3 the run could not complete.
    public var exitStatus: Int?
    public var errors: Int
    public var warnings: Int
    /// The folder, relative to the data folder, that holds report.<ext> (`reports/<id>`); a duplicate
    /// points at the first submission's folder.
    public var reportFolder: String?
    /// When the same content and standard were checked before: the submission whose report this one shows.
    public var duplicateOf: String?
    public var decision: Decision?
    public var decisionComment: String?
    public var decidedBy: String?
    public var decidedAt: Int64?
    public var createdAt: Int64
    public var updatedAt: Int64
    public var checkedAt: Int64?

    public init(
        id: String, ownerID: String, unit: String, standard: String?, fileName: String, size: Int64,
        sha256: String, uploadID: String?, state: SubmissionState = .uploaded, failureReason: String? = nil,
        attempts: Int = 0, claimedBy: String? = nil, leaseUntil: Int64? = nil, leaseGeneration: Int = 0,
        verdict: Verdict? = nil,
        exitStatus: Int? = nil, errors: Int = 0, warnings: Int = 0, reportFolder: String? = nil,
        duplicateOf: String? = nil, decision: Decision? = nil, decisionComment: String? = nil,
        decidedBy: String? = nil, decidedAt: Int64? = nil, createdAt: Int64, updatedAt: Int64,
        checkedAt: Int64? = nil
    ) {
        self.id = id
        self.ownerID = ownerID
        self.unit = unit
        self.standard = standard
        self.fileName = fileName
        self.size = size
        self.sha256 = sha256
        self.uploadID = uploadID
        self.state = state
        self.failureReason = failureReason
        self.attempts = attempts
        self.claimedBy = claimedBy
        self.leaseUntil = leaseUntil
        self.leaseGeneration = leaseGeneration
        self.verdict = verdict
        self.exitStatus = exitStatus
        self.errors = errors
        self.warnings = warnings
        self.reportFolder = reportFolder
        self.duplicateOf = duplicateOf
        self.decision = decision
        self.decisionComment = decisionComment
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.checkedAt = checkedAt
    }
}

/// What a finished check leaves on its submission.
public struct CheckResult: Sendable, Equatable {
    public var standard: String?
    public var verdict: Verdict
    public var exitStatus: Int
    public var errors: Int
    public var warnings: Int
    public var reportFolder: String

    public init(
        standard: String?, verdict: Verdict, exitStatus: Int, errors: Int, warnings: Int, reportFolder: String
    ) {
        self.standard = standard
        self.verdict = verdict
        self.exitStatus = exitStatus
        self.errors = errors
        self.warnings = warnings
        self.reportFolder = reportFolder
    }
}

/// Which submissions a caller may see; the store applies it in SQL, so one outside it is simply not
/// found (the API answers 404, never 403).
public enum Visibility: Sendable, Equatable {
    /// An admin.
    case all
    /// A producer: its unit only.
    case unit(String)
    /// An inspector: units equal to or starting with one of these (an empty list sees nothing).
    case regions([String])
}

/// The list filters of `GET /api/submissions`; nil means any.
public struct SubmissionFilter: Sendable, Equatable {
    /// A county code or prefix.
    public var county: String?
    public var standard: String?
    public var state: SubmissionState?
    public var verdict: Verdict?
    public var limit: Int
    public var offset: Int

    public init(
        county: String? = nil, standard: String? = nil, state: SubmissionState? = nil, verdict: Verdict? = nil,
        limit: Int = 100, offset: Int = 0
    ) {
        self.county = county
        self.standard = standard
        self.state = state
        self.verdict = verdict
        self.limit = limit
        self.offset = offset
    }
}
