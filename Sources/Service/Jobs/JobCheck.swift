import CheckKit
import Formats
import Foundation
import RuleEngine

// One claim's check, shared by the embedded workers of `stdcheck serve` and `stdcheck worker`: the upload
// linked under its name, `CheckSession` on a thread of its own, every report format into a temporary folder
// renamed to `reports/<id>/<generation>`.

extension JobQueue {
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
        guard let upload = job.uploadID.map(configuration.uploadFile) ?? item.map({ URL(fileURLWithPath: $0.path) })
        else { return .failed("exit 3: the submission has no upload") }
        let batchItem = item
        let nonce = ServiceID.make().prefix(8)
        let workFolder = configuration.work.appendingPathComponent("\(job.id)-\(nonce)")
        let temporary = configuration.reports.appendingPathComponent(".tmp-\(job.id)-\(nonce)")
        // one folder per claim: a late claim's rename never lands on the accepted one
        let final = configuration.reports.appendingPathComponent(job.id).appendingPathComponent(
            String(job.leaseGeneration))
        let id = job.id
        running.withLock { $0[id] = CheckProgress(phase: .opening, fraction: 0) }
        return await withCheckedContinuation { (continuation: CheckedContinuation<JobOutcome, Never>) in
            let thread = Thread {
                continuation.resume(
                    returning: self.runCheck(
                        job, upload: upload, batchItem: batchItem, workFolder: workFolder, temporary: temporary,
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
        var request: CheckRequest
        if let batchItem {
            // the path was resolved inside the data roots when the batch was submitted; it is read in place
            request = CheckRequest(
                path: batchItem.path, standard: job.standard, writers: builtInWriters + [FindingMapsWriter.self],
                output: temporary.path,
                coverDate: CheckSession.utcDay(), language: configuration.language,
                searchPath: configuration.searchPath, tool: .init(name: "stdcheck", version: configuration.toolVersion))
            request.base = batchItem.base
            request.displayName = batchItem.itemID
        } else {
            // the reader goes by the file name (a .zip is extracted), so the upload is linked under its name, in
            // a folder named after it (the report names a zip's submission by its folder)
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
            request = CheckRequest(
                path: named.path, standard: job.standard, writers: builtInWriters + [FindingMapsWriter.self],
                output: temporary.path,
                coverDate: CheckSession.utcDay(), language: configuration.language,
                searchPath: configuration.searchPath, tool: .init(name: "stdcheck", version: configuration.toolVersion))
            request.displayName = job.fileName
        }
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
        // the new folder replaces whatever a killed run of this same claim left: old aside, new in, old removed
        do {
            try files.createDirectory(at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
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
                warnings: report.summary.findings["warning"] ?? 0,
                reportFolder: "reports/\(job.id)/\(job.leaseGeneration)"))
    }

}
