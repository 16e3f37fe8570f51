import Foundation

// What the job queue keeps beside a submission: the claim that fences a worker's writes, and how each
// claim ended (see ServiceStore's jobs section and migration 0002_workers.sql).

/// A worker's hold on a job: what renewing, finishing and failing it are fenced on.
public struct JobClaim: Sendable, Equatable, Hashable {
    public var id: String
    public var worker: String
    public var generation: Int

    public init(id: String, worker: String, generation: Int) {
        self.id = id
        self.worker = worker
        self.generation = generation
    }
}

extension SubmissionRecord {
    /// The claim a worker holds after `claimNext` returned this row.
    public var claim: JobClaim { JobClaim(id: id, worker: claimedBy ?? "", generation: leaseGeneration) }
}

/// Where a failed claim leaves its job.
public enum FailureDisposition: String, Sendable, Equatable {
    /// failed: the check ended in a usage error (exit 2), which another attempt would repeat.
    case fail
    /// queued again for any worker (the check could not run to its end; attempts are left).
    case retry
    /// parked: the attempts are spent.
    case park
}

/// How one claim of a job ended (table job_attempts).
public struct JobAttempt: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case checked, failed, retry, parked, expired, refused
    }
    public var submissionID: String
    public var generation: Int
    public var worker: String
    public var outcome: Outcome
    public var reason: String?
    public var at: Int64

    public init(
        submissionID: String, generation: Int, worker: String, outcome: Outcome, reason: String?, at: Int64
    ) {
        self.submissionID = submissionID
        self.generation = generation
        self.worker = worker
        self.outcome = outcome
        self.reason = reason
        self.at = at
    }
}

extension JobAttempt {
    /// The reason recorded for a refused late result.
    public static let refusal = "a late result: the lease had run out and the job was claimed again"
}

extension FailureDisposition {
    /// The state the job is left in.
    public var state: SubmissionState {
        switch self {
        case .fail: .failed
        case .retry: .queued
        case .park: .parked
        }
    }

    /// The outcome recorded in job_attempts.
    public var outcome: JobAttempt.Outcome {
        switch self {
        case .fail: .failed
        case .retry: .retry
        case .park: .parked
        }
    }
}
