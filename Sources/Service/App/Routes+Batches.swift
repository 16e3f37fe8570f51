import Foundation
import Hummingbird

// Batches (docs/service.md, docs/openapi.yaml): an inspector or admin posts a manifest CSV; each row
// becomes a queued submission whose delivery is read in place from the server's data roots. A manifest
// with any bad row is refused whole (422, every bad row named); nothing is queued.
extension ServiceApp {
    func addBatches(to router: Router<ServiceContext>) {
        router.post("/api/batches") { request, _ -> Response in
            let caller = try await self.caller(request, changing: true)
            try caller.require(.submit)
            try caller.require(role: .inspector, .admin)
            let name = request.uri.queryParameters["name"].map(String.init) ?? "manifest.csv"
            guard !name.isEmpty, name.count <= 200 else {
                throw APIError.badRequest("name must be 1 to 200 characters")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: 8 << 20)
            } catch {
                throw APIError(.contentTooLarge, "too-large", "the manifest is over 8 MiB")
            }
            let manifest: BatchManifest
            switch BatchManifest.read(Data(body.readableBytesView)) {
            case .success(let parsed): manifest = parsed
            case .failure(let refusal): return ServiceApp.refused(refusal.problems)
            }
            let roots = DataRoots(self.configuration.dataRoots)
            guard !roots.roots.isEmpty else { throw APIError.conflict(DataRoots.Refusal.noRoots.message) }
            let now = epochMillis()
            let batch = BatchRecord(
                id: ServiceID.make(), ownerID: caller.user.id, name: name, itemCount: manifest.rows.count,
                createdAt: now)
            var problems: [BatchManifest.Problem] = []
            var submissions: [SubmissionRecord] = []
            var items: [BatchItem] = []
            for row in manifest.rows {
                var rowProblems: [BatchManifest.Problem] = []
                if case .regions(let regions) = caller.visibility,
                    !regions.contains(where: { row.region.hasPrefix($0) })
                {
                    rowProblems.append(
                        .init(line: row.line, column: "region", message: "\(row.region) is outside your regions"))
                }
                let standard = self.resolveStandard(row.standard)
                if standard == nil {
                    rowProblems.append(
                        .init(
                            line: row.line, column: "standard",
                            message: "no standard '\(row.standard)' (see stdcheck standards list)"))
                }
                var path = ""
                var base: String?
                switch roots.check(row.path) {
                case .success(let resolved): path = resolved
                case .failure(let refusal):
                    rowProblems.append(.init(line: row.line, column: "path", message: refusal.message))
                }
                if let given = row.base {
                    switch roots.check(given) {
                    case .success(let resolved): base = resolved
                    case .failure(let refusal):
                        rowProblems.append(.init(line: row.line, column: "base", message: refusal.message))
                    }
                }
                guard rowProblems.isEmpty, let standard else {
                    problems += rowProblems
                    continue
                }
                let id = ServiceID.make()
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
                let isFolder =
                    (try? URL(fileURLWithPath: path).resourceValues(forKeys: [.isDirectoryKey]))?
                    .isDirectory ?? false
                submissions.append(
                    SubmissionRecord(
                        id: id, ownerID: caller.user.id, unit: row.region, standard: standard,
                        fileName: URL(fileURLWithPath: path).lastPathComponent, size: isFolder ? 0 : size ?? 0,
                        // not the content's digest: a batch row is never taken for a duplicate of other content
                        sha256: Secrets.digest("batch \(batch.id) \(row.id)"), uploadID: nil, state: .queued,
                        createdAt: now, updatedAt: now))
                items.append(
                    BatchItem(
                        batchID: batch.id, itemID: row.id, line: row.line, region: row.region, path: path, base: base,
                        submissionID: id))
            }
            guard problems.isEmpty else { return ServiceApp.refused(problems) }
            try await self.store.createBatch(batch, submissions: submissions, items: items)
            self.jobs.wake()
            self.logger.info("batch of \(items.count) deliveries", metadata: ["batch": "\(batch.id)"])
            return JSONBody.response(
                try await self.batchView(batch), status: .created, headers: [.location: "/api/batches/\(batch.id)"])
        }
        router.get("/api/batches/:id") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            let batch = try await self.visibleBatch(context.parameters.get("id"), caller: caller)
            return JSONBody.response(try await self.batchView(batch))
        }
        router.get("/api/batches/:id/summary") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            let batch = try await self.visibleBatch(context.parameters.get("id"), caller: caller)
            let query = request.uri.queryParameters
            let format = query["format"].map(String.init) ?? "json"
            guard BatchSummary.formats.contains(format) else {
                throw APIError.badRequest("format must be one of \(BatchSummary.formats.joined(separator: ", "))")
            }
            var links = ""
            if let given = query["links"].map(String.init) {
                guard let url = URL(string: given), url.scheme == "http" || url.scheme == "https", url.host != nil,
                    !given.contains("\""), given.count <= 300
                else { throw APIError.badRequest("links must be an http(s) URL") }
                links = given.hasSuffix("/") ? String(given.dropLast()) : given
            }
            let summary = try await self.summary(of: batch, links: links)
            let types = [
                "json": "application/json", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8",
            ]
            return Response(
                status: .ok,
                headers: [
                    .contentType: types[format] ?? "application/octet-stream", .cacheControl: "private, no-cache",
                    .contentDisposition: "inline; filename=\"summary.\(format)\"",
                ], body: .init(byteBuffer: ByteBuffer(bytes: summary.render(format) ?? Data())))
        }
    }

    /// 422 naming every refused row.
    static func refused(_ problems: [BatchManifest.Problem]) -> Response {
        struct Body: Encodable {
            struct Detail: Encodable {
                var code = "bad-manifest"
                var message: String
                var problems: [BatchManifest.Problem]
            }
            var error: Detail
        }
        let message = BatchManifest.Refusal(problems: problems).message
        return JSONBody.response(
            Body(error: .init(message: "the batch is refused, nothing was queued: \(message)", problems: problems)),
            status: .unprocessableContent)
    }

    /// The id@version a manifest's standard names (the latest version for a bare id), or nil.
    func resolveStandard(_ given: String) -> String? {
        if given == "structure@1" { return given }
        switch configuration.searchPath.resolve(given) {
        case .unknown: return nil
        case .latest(let latest, _): return latest
        case .exact(let exact): return configuration.searchPath.directory(of: exact) == nil ? nil : exact
        }
    }

    /// The batch if the caller submitted it or is an admin; otherwise not found.
    func visibleBatch(_ id: String?, caller: Caller) async throws -> BatchRecord {
        guard let id, ServiceApp.isID(id), let batch = try await store.batch(id: id),
            caller.user.role == .admin || batch.ownerID == caller.user.id
        else { throw APIError.notFound("batch") }
        return batch
    }

    func batchView(_ batch: BatchRecord) async throws -> BatchView {
        BatchView(batch, entries: try await store.batchEntries(batchID: batch.id), now: epochMillis())
    }

    func summary(of batch: BatchRecord, links: String) async throws -> BatchSummary {
        let entries = try await store.batchEntries(batchID: batch.id)
        let data = configuration.data
        let items = entries.map { entry -> BatchSummary.Item in
            let submission = entry.submission
            var item = BatchSummary.Item(
                id: entry.item.itemID, region: entry.item.region, submission: submission.id,
                state: BatchView.state(of: submission), failureReason: submission.failureReason)
            if let folder = submission.reportFolder {
                item.read(reportFolder: data.appendingPathComponent(folder))
                item.report = "\(links)/api/submissions/\(submission.id)/report/html"
            }
            return item
        }
        return BatchSummary(batch: batch.id, name: batch.name, createdAt: isoTime(batch.createdAt), items: items)
    }
}

/// A batch's progress: how many rows wait, run, are done or failed, and when the rest should be done at
/// the pace this batch has kept so far.
struct BatchView: Encodable {
    var id: String
    var name: String
    var createdAt: String
    var items: Int
    var queued = 0
    var checking = 0
    var checked = 0
    var failed = 0
    /// Finished rows (checked or failed) per minute since the batch was submitted.
    var perMinute: Double?
    /// Seconds until every row is finished at that pace; nil before the first finishes or once all have.
    var etaSeconds: Int?
    var finishedAt: String?
    var failures: [Failure] = []

    struct Failure: Encodable {
        var id: String
        var submission: String
        var reason: String
    }

    init(_ batch: BatchRecord, entries: [BatchEntry], now: Int64) {
        id = batch.id
        name = batch.name
        createdAt = isoTime(batch.createdAt)
        items = entries.count
        var last: Int64 = 0
        for entry in entries {
            let submission = entry.submission
            switch BatchView.state(of: submission) {
            case "queued": queued += 1
            case "checking": checking += 1
            case "failed":
                failed += 1
                last = max(last, submission.updatedAt)
                failures.append(
                    Failure(id: entry.item.itemID, submission: submission.id, reason: submission.failureReason ?? ""))
            default:
                checked += 1
                last = max(last, submission.checkedAt ?? submission.updatedAt)
            }
        }
        let done = checked + failed
        guard done > 0 else { return }
        let elapsed = max(1, last - batch.createdAt)
        let rate = Double(done) / Double(elapsed)
        perMinute = (rate * 60_000 * 100).rounded() / 100
        if done == items {
            finishedAt = isoTime(last)
        } else {
            // from the last finish on, at the batch's pace so far
            let remaining = Double(items - done) / rate - Double(now - last)
            etaSeconds = max(0, Int((remaining / 1000).rounded(.up)))
        }
    }

    static func state(of submission: SubmissionRecord) -> String {
        switch submission.state {
        case .uploaded, .queued: "queued"
        case .checking: "checking"
        case .failed, .parked: "failed"
        case .checked, .accepted, .returned: "checked"
        }
    }
}
