import Foundation
import Hummingbird

extension ServiceApp {
    func addSubmissions(to router: Router<ServiceContext>) {
        router.post("/api/submissions") { request, _ -> Response in
            let caller = try await self.caller(request, changing: true)
            try caller.require(.submit)
            try ServiceApp.requireSubmitter(caller)
            let fields = try await JSONBody.object(request, allowed: ["upload", "standard"])
            let uploadID = try JSONBody.string(fields, "upload") ?? ""
            let upload = try await self.ownUpload(uploadID, caller: caller)
            guard let sha256 = upload.sha256 else {
                throw APIError.conflict("the upload is at \(upload.offset) of \(upload.length) bytes: finish it first")
            }
            var standard = try JSONBody.string(fields, "standard", required: false) ?? upload.metadata["standard"]
            if let given = standard, given.isEmpty { standard = nil }
            if let given = standard {
                guard given.utf8.count <= 100 else { throw APIError.badRequest("the standard name is too long") }
                if given != "structure@1" {
                    switch self.configuration.searchPath.resolve(given) {
                    case .unknown:
                        throw APIError.badRequest("no standard '\(given)' (see stdcheck standards list)")
                    case .latest(let latest, _): standard = latest
                    case .exact(let exact):
                        guard self.configuration.searchPath.directory(of: exact) != nil else {
                            throw APIError.badRequest("no standard '\(given)' (see stdcheck standards list)")
                        }
                    }
                }
            }
            let now = epochMillis()
            let submission = SubmissionRecord(
                id: ServiceID.make(), ownerID: caller.user.id, unit: caller.user.unit ?? "", standard: standard,
                fileName: upload.fileName, size: upload.length, sha256: sha256, uploadID: upload.id, createdAt: now,
                updatedAt: now)
            try await self.store.createSubmission(submission)
            // the upload is spent: a second submission of it is not found, and it no longer counts to the quota
            try await self.store.deleteUpload(id: upload.id)
            if let standard, let original = try await self.store.checkedSubmission(sha256: sha256, standard: standard) {
                try await self.store.completeAsDuplicate(id: submission.id, of: original, at: now)
                try? FileManager.default.removeItem(at: self.configuration.uploadFile(upload.id))
                self.logger.info(
                    "same content as \(original.id): not checked again", metadata: ["submission": "\(submission.id)"])
            } else {
                try await self.store.enqueue(id: submission.id, at: now)
                self.jobs.wake()
            }
            guard let stored = try await self.store.submission(id: submission.id, visibility: .all) else {
                throw APIError.notFound("submission")
            }
            return JSONBody.response(
                try await self.view(stored), status: .created, headers: [.location: "/api/submissions/\(stored.id)"])
        }
        router.get("/api/submissions") { request, _ -> Response in
            let caller = try await self.caller(request, changing: false)
            let query = request.uri.queryParameters
            var filter = SubmissionFilter()
            if let county = query["county"].map(String.init) {
                guard !county.isEmpty, county.count <= 12, county.allSatisfy(\.isASCII), county.allSatisfy(\.isNumber)
                else { throw APIError.badRequest("county must be 1 to 12 digits") }
                filter.county = county
            }
            if let standard = query["standard"].map(String.init) {
                guard standard.count <= 100 else { throw APIError.badRequest("standard is too long") }
                filter.standard = standard
            }
            if let status = query["status"].map(String.init) {
                guard let state = SubmissionState(rawValue: status) else {
                    throw APIError.badRequest("status must be one of \(SubmissionState.allCases.map(\.rawValue))")
                }
                filter.state = state
            }
            // a form-encoded query writes the space of NOT CHECKED as +
            if let verdictText = query["verdict"].map({ $0.replacingOccurrences(of: "+", with: " ") }) {
                guard let verdict = Verdict(rawValue: verdictText) else {
                    throw APIError.badRequest("verdict must be CONFORMANT, NON-CONFORMANT or NOT CHECKED")
                }
                filter.verdict = verdict
            }
            if let limitText = query["limit"].map(String.init) {
                guard let limit = Int(limitText), (1...500).contains(limit) else {
                    throw APIError.badRequest("limit must be 1 to 500")
                }
                filter.limit = limit
            }
            if let offsetText = query["offset"].map(String.init) {
                guard let offset = Int(offsetText), offset >= 0, offset <= 1_000_000_000 else {
                    throw APIError.badRequest("offset must be a non-negative integer")
                }
                filter.offset = offset
            }
            let found = try await self.store.submissions(filter, visibility: caller.visibility)
            let names = try await self.names()
            return JSONBody.response(
                SubmissionList(
                    submissions: found.map {
                        SubmissionView($0, names: names, progress: self.jobs.progress(of: $0.id))
                    }))
        }
        router.get("/api/submissions/:id") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            let submission = try await self.visibleSubmission(context.parameters.get("id"), caller: caller)
            return JSONBody.response(try await self.view(submission))
        }
        router.get("/api/submissions/:id/report/:format") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            let submission = try await self.visibleSubmission(context.parameters.get("id"), caller: caller)
            let format = context.parameters.get("format") ?? ""
            guard let entry = ReportFiles.byFormat.first(where: { $0.format == format }) else {
                throw APIError.badRequest("format must be one of \(ReportFiles.formats.joined(separator: ", "))")
            }
            guard let folder = submission.reportFolder else {
                throw APIError.conflict("the submission is \(submission.state.rawValue): no report yet")
            }
            let path = self.configuration.data.appendingPathComponent(folder).appendingPathComponent(entry.file).path
            guard FileManager.default.fileExists(atPath: path) else { throw APIError.notFound("report file") }
            let body = try await FileIO().loadFile(path: path, context: context)
            return Response(
                status: .ok,
                headers: [
                    .contentType: entry.type, .cacheControl: "private, no-cache",
                    .contentDisposition: "inline; filename=\"\(entry.file)\"",
                ], body: body)
        }
        router.post("/api/submissions/:id/decision") { request, context -> Response in
            let caller = try await self.caller(request, changing: true)
            let submission = try await self.visibleSubmission(context.parameters.get("id"), caller: caller)
            try caller.require(.review)
            try caller.require(role: .inspector, .admin)
            let fields = try await JSONBody.object(request, allowed: ["decision", "comment"])
            guard let decision = Decision(rawValue: try JSONBody.string(fields, "decision") ?? "") else {
                throw APIError.badRequest("decision must be accept or return")
            }
            let comment = try JSONBody.string(fields, "comment", required: false) ?? ""
            guard comment.count <= 10000 else { throw APIError.badRequest("the comment is over 10000 characters") }
            do {
                let decided = try await self.store.decide(
                    id: submission.id, decision: decision, comment: comment, by: caller.user.id, at: epochMillis(),
                    visibility: caller.visibility)
                self.logger.info(
                    "decided", metadata: ["submission": "\(submission.id)", "decision": "\(decision.rawValue)"])
                return JSONBody.response(try await self.view(decided))
            } catch StoreError.invalidState(let why) {
                throw APIError.conflict(why)
            } catch StoreError.notFound {
                throw APIError.notFound("submission")
            }
        }
    }

    struct SubmissionList: Encodable {
        var submissions: [SubmissionView]
    }

    /// The submission if the caller may see it; otherwise not found, exactly like one that does not exist.
    func visibleSubmission(_ id: String?, caller: Caller) async throws -> SubmissionRecord {
        guard let id, ServiceApp.isID(id),
            let submission = try await store.submission(id: id, visibility: caller.visibility)
        else { throw APIError.notFound("submission") }
        return submission
    }

    func view(_ submission: SubmissionRecord) async throws -> SubmissionView {
        let failed = submission.state == .failed || submission.state == .parked
        return SubmissionView(
            submission, names: try await names(), progress: jobs.progress(of: submission.id),
            attempts: failed ? try await store.attempts(of: submission.id) : [])
    }
}
