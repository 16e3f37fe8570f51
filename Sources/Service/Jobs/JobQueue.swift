import CheckKit
import Formats
import Foundation
import Logging
import RuleEngine
import Synchronization

/// The bounded pool of workers that check queued submissions. Each worker claims one submission at a
/// time from the store (a lease, renewed while it runs), runs `CheckSession` on a thread of its own,
/// writes the report files into a temporary folder and renames it into place, then marks the row checked.
/// A process killed in the middle leaves rows in `checking`; `requeueInterrupted` at the next start puts
/// them back, and the new run's rename replaces whatever the killed one left.
public final class JobQueue: Sendable {
    let store: any ServiceStore
    let configuration: ServiceConfiguration
    let metrics: ServiceMetrics
    let logger: Logger
    /// This process's worker ids start with it.
    let instance = ServiceID.make().prefix(8)
    private let running = Mutex<[String: CheckProgress]>([:])

    init(store: any ServiceStore, configuration: ServiceConfiguration, metrics: ServiceMetrics, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.metrics = metrics
        self.logger = logger
    }

    /// The progress of a submission being checked in this process.
    public func progress(of id: String) -> CheckProgress? { running.withLock { $0[id] } }

    /// Runs the workers until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<configuration.workers {
                let worker = "\(instance)-\(index)"
                group.addTask { await self.work(as: worker) }
            }
        }
    }

    func work(as worker: String) async {
        while !Task.isCancelled {
            do {
                if let job = try await store.claimNext(
                    worker: worker, now: epochMillis(), leaseMillis: configuration.leaseMillis)
                {
                    await process(job, worker: worker)
                    continue
                }
            } catch {
                logger.error("claiming a job failed", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .milliseconds(configuration.pollMillis))
        }
    }

    func process(_ job: SubmissionRecord, worker: String) async {
        var logger = self.logger
        logger[metadataKey: "submission"] = "\(job.id)"
        logger[metadataKey: "worker"] = "\(worker)"
        if job.attempts > configuration.maxAttempts {
            logger.error("the check died \(job.attempts - 1) times; failing it")
            _ = try? await store.failCheck(
                id: job.id, worker: worker,
                reason: "exit 3: the check was interrupted \(job.attempts - 1) times", at: epochMillis())
            await cleanUp(job)
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
            group.addTask {
                // renew the lease while the check runs
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(self.configuration.leaseMillis / 3))
                    if Task.isCancelled { break }
                    let renewed = try? await self.store.renewLease(
                        id: job.id, worker: worker, until: epochMillis() + self.configuration.leaseMillis)
                    if renewed == false { leaseLogger.warning("lost the lease") }
                }
                return nil
            }
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
        let now = epochMillis()
        switch outcome {
        case .checked(let result):
            metrics.checked(verdict: result.verdict.rawValue)
            let finished = (try? await store.finishCheck(id: job.id, worker: worker, result: result, at: now)) ?? false
            logger.info(
                finished ? "checked" : "checked, but the claim was lost: another worker owns it now",
                metadata: ["verdict": "\(result.verdict.rawValue)", "exit": "\(result.exitStatus)"])
        case .failed(let reason):
            metrics.checked(verdict: "failed")
            _ = try? await store.failCheck(id: job.id, worker: worker, reason: reason, at: now)
            logger.warning("failed", metadata: ["reason": "\(reason)"])
        }
        await cleanUp(job)
    }

    enum JobOutcome: Sendable {
        case checked(CheckResult)
        case failed(String)
    }

    /// Runs the check on a thread of its own (it is synchronous and long), the report into a temporary
    /// folder renamed into place.
    func check(_ job: SubmissionRecord) async -> JobOutcome {
        let configuration = self.configuration
        // a batch row names its delivery on the shared data folder instead of an upload
        var item: BatchItem?
        if job.uploadID == nil {
            do {
                item = try await store.batchItem(submissionID: job.id)
            } catch {
                return .failed("exit 3: cannot read the batch row: \(error)")
            }
        }
        guard let source = job.uploadID.map(configuration.uploadFile) ?? item.map({ URL(fileURLWithPath: $0.path) })
        else { return .failed("exit 3: the submission has no upload") }
        let batchItem = item
        let nonce = ServiceID.make().prefix(8)
        let workFolder = configuration.work.appendingPathComponent("\(job.id)-\(nonce)")
        let temporary = configuration.reports.appendingPathComponent(".tmp-\(job.id)-\(nonce)")
        let final = configuration.reports.appendingPathComponent(job.id)
        let id = job.id
        running.withLock { $0[id] = CheckProgress(phase: .opening, fraction: 0) }
        return await withCheckedContinuation { (continuation: CheckedContinuation<JobOutcome, Never>) in
            let thread = Thread {
                continuation.resume(
                    returning: self.runCheck(
                        job, upload: source, batchItem: batchItem, workFolder: workFolder, temporary: temporary,
                        final: final))
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    func runCheck(
        _ job: SubmissionRecord, upload: URL, batchItem: BatchItem? = nil, workFolder: URL, temporary: URL, final: URL
    ) -> JobOutcome {
        let files = FileManager.default
        defer { try? files.removeItem(at: workFolder) }
        do {
            try files.createDirectory(at: workFolder, withIntermediateDirectories: true)
            try files.createDirectory(at: configuration.reports, withIntermediateDirectories: true)
        } catch {
            return .failed("exit 3: cannot make the work folder: \(error)")
        }
        if let batchItem {
            // the path was resolved inside the data roots when the batch was submitted; it is read in place
            var request = CheckRequest(
                path: batchItem.path, standard: job.standard, writers: builtInWriters, output: temporary.path,
                coverDate: CheckSession.utcDay(), language: configuration.language,
                searchPath: configuration.searchPath, tool: .init(name: "stdcheck", version: configuration.toolVersion))
            request.base = batchItem.base
            request.displayName = batchItem.itemID
            return finish(job, request: request, temporary: temporary, final: final)
        }
        // the reader goes by the file name (a .zip is extracted), so the upload is linked under its name, in a
        // folder named after it (the report names a zip's submission by its folder)
        let stem = (job.fileName as NSString).deletingPathExtension
        let folder = workFolder.appendingPathComponent(stem.isEmpty || stem.hasPrefix(".") ? "submission" : stem)
        let named = folder.appendingPathComponent(job.fileName)
        do {
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            try files.linkItem(at: upload, to: named)
        } catch {
            do {
                try files.copyItem(at: upload, to: named)
            } catch {
                return .failed("exit 3: the uploaded file is gone: \(error)")
            }
        }
        var request = CheckRequest(
            path: named.path, standard: job.standard, writers: builtInWriters, output: temporary.path,
            coverDate: CheckSession.utcDay(), language: configuration.language, searchPath: configuration.searchPath,
            tool: .init(name: "stdcheck", version: configuration.toolVersion))
        request.displayName = job.fileName
        return finish(job, request: request, temporary: temporary, final: final)
    }

    /// Runs the check of `request` and puts its report folder in place.
    func finish(_ job: SubmissionRecord, request: CheckRequest, temporary: URL, final: URL) -> JobOutcome {
        let files = FileManager.default
        var said: [String] = []
        let id = job.id
        let outcome: CheckOutcome
        do {
            outcome = try CheckSession.run(
                request,
                diagnostics: { diagnostic in
                    switch diagnostic {
                    case .message(let text), .notice(let text): said.append(text)
                    }
                },
                progress: { step in self.running.withLock { $0[id] = step } })
        } catch {
            try? files.removeItem(at: temporary)
            let reason = said.isEmpty ? "the check stopped" : said.joined(separator: "\n")
            switch error {
            case .usage(let message): return .failed("exit 2: \(message)")
            case .exit(let status): return .failed("exit \(status): \(reason)")
            }
        }
        // the new folder replaces whatever a killed run left: old aside, new in, old removed
        do {
            if files.fileExists(atPath: final.path) {
                let aside = configuration.reports.appendingPathComponent(".old-\(job.id)-\(ServiceID.make().prefix(8))")
                try files.moveItem(at: final, to: aside)
                try? files.removeItem(at: aside)
            }
            try files.moveItem(at: temporary, to: final)
        } catch {
            try? files.removeItem(at: temporary)
            return .failed("exit 3: cannot put the report in place: \(error)")
        }
        let report = outcome.report
        let verdict: Verdict =
            switch report.verdict {
            case .conformant: .conformant
            case .nonConformant: .nonConformant
            case .notChecked: .notChecked
            }
        return .checked(
            CheckResult(
                standard: "\(report.standard.id)@\(report.standard.version)", verdict: verdict,
                exitStatus: Int(outcome.exitStatus), errors: report.summary.findings["error"] ?? 0,
                warnings: report.summary.findings["warning"] ?? 0, reportFolder: "reports/\(job.id)"))
    }

    /// The upload's bytes are not needed once the submission is decided on by a check.
    func cleanUp(_ job: SubmissionRecord) async {
        guard let uploadID = job.uploadID else { return }
        try? FileManager.default.removeItem(at: configuration.uploadFile(uploadID))
        try? await store.deleteUpload(id: uploadID)
    }
}
