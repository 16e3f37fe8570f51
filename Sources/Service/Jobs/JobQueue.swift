import CheckKit
import Formats
import Foundation
import Logging
import RuleEngine
import Synchronization

/// The bounded pool of workers that check queued submissions: inside `stdcheck serve` (embedded, the
/// default) or in `stdcheck worker` processes on any number of machines sharing one PostgreSQL and one data
/// folder. Each worker claims one submission at a time from the store under a lease with a generation (the
/// fencing token), renews the lease on a timer well inside it, runs `CheckSession` on a thread of its own,
/// writes the report files into a temporary folder renamed to `reports/<id>/<generation>`, then finishes
/// the claim; the store refuses a finish (or failure) from a claim that is no longer current, and such a
/// late worker removes its own folder, so it never touches the accepted report. A check that cannot run to
/// its end is queued again until `maxAttempts` claims are spent, then parked; a usage error (exit 2) fails
/// at once. Idle workers wait on a `Doorbell` (LISTEN stdcheck_jobs on PostgreSQL) with a slow poll.
/// A process killed in the middle leaves rows in `checking`; their leases run out and any worker takes them
/// (an embedded server also requeues its own at the next start).
public final class JobQueue: Sendable {
    let store: any ServiceStore
    let configuration: ServiceConfiguration
    let metrics: ServiceMetrics
    let logger: Logger
    /// This process's worker ids start with it (or are `configuration.workerName`).
    let instance = ServiceID.make().prefix(8)
    let running = Mutex<[String: CheckProgress]>([:])
    /// Rung by LISTEN/NOTIFY and by enqueues in this process.
    let doorbell = Doorbell()

    init(store: any ServiceStore, configuration: ServiceConfiguration, metrics: ServiceMetrics, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// The progress of a submission being checked in this process.
    public func progress(of id: String) -> CheckProgress? { running.withLock { $0[id] } }

    /// Wakes the idle workers of this process (work was enqueued here).
    public func wake() { doorbell.ring() }

    /// The id of worker `index` of this process.
    func workerID(_ index: Int) -> String {
        if let name = configuration.workerName {
            return configuration.workers == 1 ? name : "\(name)-\(index)"
        }
        return "\(instance)-\(index)"
    }

    /// Runs the workers until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            let doorbell = self.doorbell
            group.addTask { await self.store.listenForJobs { doorbell.ring() } }
            for index in 0..<configuration.workers {
                let worker = workerID(index)
                group.addTask { await self.work(as: worker) }
            }
            // the workers and the listener end when the task is cancelled
        }
    }

    func work(as worker: String) async {
        while !Task.isCancelled {
            let seen = doorbell.rings
            do {
                if let job = try await store.claimNext(
                    worker: worker, now: epochMillis(), leaseMillis: configuration.leaseMillis)
                {
                    await process(job)
                    continue
                }
            } catch {
                logger.error("claiming a job failed", metadata: ["error": "\(error)"])
            }
            await doorbell.wait(after: seen, timeout: .milliseconds(configuration.pollMillis))
        }
    }

    func process(_ job: SubmissionRecord) async {
        let claim = job.claim
        var logger = self.logger
        logger[metadataKey: "submission"] = "\(job.id)"
        logger[metadataKey: "worker"] = "\(claim.worker)"
        logger[metadataKey: "generation"] = "\(claim.generation)"
        if job.attempts > configuration.maxAttempts {
            let reason = "exit 3: the check was interrupted \(job.attempts - 1) times (its worker died or stopped)"
            logger.error("\(reason); parking it")
            if (try? await store.failCheck(claim, reason: reason, disposition: .park, at: epochMillis())) == true {
                await cleanUp(job)
            }
            return
        }
        // the same content and standard checked meanwhile: its report is this one's
        if let standard = job.standard,
            let original = try? await store.checkedSubmission(sha256: job.sha256, standard: standard),
            original.id != job.id
        {
            if (try? await store.completeAsDuplicate(id: job.id, of: original, at: epochMillis())) != nil {
                logger.info("same content as \(original.id): its report is this one's")
                await cleanUp(job)
                return
            }
        }
        logger.info("checking", metadata: ["file": "\(job.fileName)", "attempt": "\(job.attempts)"])
        let started = ContinuousClock.now
        let leaseLogger = logger
        let outcome = await withTaskGroup(of: JobOutcome?.self) { group in
            group.addTask { await self.heartbeat(claim, logger: leaseLogger) }
            group.addTask { await self.check(job) }
            var result: JobOutcome?
            for await value in group {
                if let value {
                    result = value
                    group.cancelAll()
                }
            }
            return result ?? .failed("exit 3: the check did not finish")
        }
        running.withLock { $0[job.id] = nil }
        metrics.checkDuration.record(ContinuousClock.now - started)
        await settle(job, claim: claim, outcome: outcome, logger: logger)
    }

    /// Renews the lease every third of it while the check runs; stops at the first refusal (the claim is no
    /// longer current: the finish will be refused too).
    func heartbeat(_ claim: JobClaim, logger: Logger) async -> JobOutcome? {
        let period = max(1, configuration.leaseMillis / 3)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(period))
            if Task.isCancelled { break }
            let renewed = try? await store.renewLease(claim, until: epochMillis() + configuration.leaseMillis)
            if renewed == false {
                logger.warning("lost the lease: another worker claimed the job")
                break
            }
        }
        return nil
    }

    /// Hands the outcome to the store under the claim; a refused claim removes only its own report folder.
    func settle(_ job: SubmissionRecord, claim: JobClaim, outcome: JobOutcome, logger: Logger) async {
        let now = epochMillis()
        let files = FileManager.default
        switch outcome {
        case .checked(let result):
            let folder = configuration.data.appendingPathComponent(result.reportFolder)
            let finished: Bool
            do {
                finished = try await store.finishCheck(claim, result: result, at: now)
            } catch {
                // the database is unreachable: the lease will run out and another worker checks it again
                logger.error("cannot record the result", metadata: ["error": "\(error)"])
                try? files.removeItem(at: folder)
                return
            }
            guard finished else {
                logger.warning("refused a late result: the lease ran out and the job was claimed again")
                try? files.removeItem(at: folder)
                return
            }
            metrics.checked(verdict: result.verdict.rawValue)
            logger.info(
                "checked", metadata: ["verdict": "\(result.verdict.rawValue)", "exit": "\(result.exitStatus)"])
            // what earlier claims of this job left: folders of killed or refused claims, their temporary and
            // work folders (a late claim still writing one only loses output that would be refused anyway)
            let parent = folder.deletingLastPathComponent()
            for name in (try? files.contentsOfDirectory(atPath: parent.path)) ?? []
            where name != folder.lastPathComponent {
                try? files.removeItem(at: parent.appendingPathComponent(name))
            }
            for (base, prefix) in [(configuration.reports, ".tmp-\(job.id)-"), (configuration.work, "\(job.id)-")] {
                for name in (try? files.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(prefix) {
                    try? files.removeItem(at: base.appendingPathComponent(name))
                }
            }
            await cleanUp(job)
        case .failed(let reason):
            let disposition: FailureDisposition =
                reason.hasPrefix("exit 2:") ? .fail : job.attempts >= configuration.maxAttempts ? .park : .retry
            let done = (try? await store.failCheck(claim, reason: reason, disposition: disposition, at: now)) ?? false
            guard done else {
                logger.warning("refused a late failure: the lease ran out and the job was claimed again")
                return
            }
            metrics.checked(verdict: "failed")
            logger.warning(
                "failed", metadata: ["reason": "\(reason)", "then": "\(disposition.state.rawValue)"])
            if disposition != .retry { await cleanUp(job) }
        }
    }

    /// The upload's bytes are not needed once the submission is decided on by a check.
    func cleanUp(_ job: SubmissionRecord) async {
        guard let uploadID = job.uploadID else { return }
        try? FileManager.default.removeItem(at: configuration.uploadFile(uploadID))
        try? await store.deleteUpload(id: uploadID)
    }
}
