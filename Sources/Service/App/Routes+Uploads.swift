import Foundation
import Hummingbird
import RuleEngine

/// tus 1.0.0: the core protocol and the creation extension. The bytes go straight from the request body
/// to `uploads/<id>.part`; what arrived before a dropped connection is kept and counted.
extension ServiceApp {
    static let tusResumable = HTTPFields.Element.Name("Tus-Resumable")!
    static let tusVersion = HTTPFields.Element.Name("Tus-Version")!
    static let tusExtension = HTTPFields.Element.Name("Tus-Extension")!
    static let tusMaxSize = HTTPFields.Element.Name("Tus-Max-Size")!
    static let uploadLength = HTTPFields.Element.Name("Upload-Length")!
    static let uploadOffset = HTTPFields.Element.Name("Upload-Offset")!
    static let uploadMetadata = HTTPFields.Element.Name("Upload-Metadata")!
    static let uploadSha256 = HTTPFields.Element.Name("Upload-Sha256")!

    func addUploads(to router: Router<ServiceContext>) {
        router.on("/api/uploads", method: .options) { _, _ -> Response in
            Response(
                status: .noContent,
                headers: [
                    ServiceApp.tusResumable: "1.0.0", ServiceApp.tusVersion: "1.0.0",
                    ServiceApp.tusExtension: "creation", ServiceApp.tusMaxSize: String(self.configuration.maxUpload),
                ])
        }
        router.post("/api/uploads") { request, _ -> Response in
            let caller = try await self.caller(request, changing: true)
            try ServiceApp.requireTus(request)
            try caller.require(.submit)
            try ServiceApp.requireSubmitter(caller)
            guard let lengthText = request.headers[ServiceApp.uploadLength], let length = Int64(lengthText),
                length >= 1
            else { throw APIError.badRequest("Upload-Length must be a positive integer") }
            guard length <= self.configuration.maxUpload else {
                throw APIError(
                    .contentTooLarge, "too-large",
                    "the upload is over the limit of \(self.configuration.maxUpload) bytes",
                    headers: ServiceApp.tusHeaders)
            }
            let metadata = try ServiceApp.metadata(request.headers[ServiceApp.uploadMetadata] ?? "")
            guard let fileName = metadata["filename"] else {
                throw APIError.badRequest("Upload-Metadata must carry the filename")
            }
            try ServiceApp.checkFileName(fileName)
            let held = try await self.store.bytesHeld(ownerID: caller.user.id)
            guard held + length <= self.configuration.quota else {
                throw APIError(
                    .contentTooLarge, "quota",
                    "the upload would pass your quota of \(self.configuration.quota) bytes (\(held) held)",
                    headers: ServiceApp.tusHeaders)
            }
            let upload = Upload(
                id: ServiceID.make(), ownerID: caller.user.id, length: length, offset: 0, metadata: metadata,
                fileName: fileName, createdAt: epochMillis())
            guard
                FileManager.default.createFile(
                    atPath: self.configuration.uploadFile(upload.id).path, contents: nil)
            else { throw APIError(.internalServerError, "internal", "cannot create the upload file") }
            try await self.store.createUpload(upload)
            return Response(
                status: .created,
                headers: [
                    .location: "/api/uploads/\(upload.id)", ServiceApp.tusResumable: "1.0.0",
                    ServiceApp.uploadOffset: "0",
                ])
        }
        router.head("/api/uploads/:id") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            try ServiceApp.requireTus(request)
            let upload = try await self.ownUpload(context.parameters.get("id"), caller: caller)
            return Response(
                status: .ok,
                headers: [
                    ServiceApp.tusResumable: "1.0.0", ServiceApp.uploadOffset: String(upload.offset),
                    ServiceApp.uploadLength: String(upload.length), .cacheControl: "no-store",
                ])
        }
        router.patch("/api/uploads/:id") { request, context -> Response in
            let caller = try await self.caller(request, changing: true)
            try ServiceApp.requireTus(request)
            try caller.require(.submit)
            guard request.headers[.contentType]?.lowercased() == "application/offset+octet-stream" else {
                throw APIError(
                    .unsupportedMediaType, "unsupported-media-type",
                    "a PATCH body must be Content-Type: application/offset+octet-stream")
            }
            let upload = try await self.ownUpload(context.parameters.get("id"), caller: caller)
            guard let offsetText = request.headers[ServiceApp.uploadOffset], let offset = Int64(offsetText), offset >= 0
            else { throw APIError.badRequest("Upload-Offset must be a non-negative integer") }
            guard offset == upload.offset else {
                throw APIError(
                    .conflict, "offset-mismatch", "the upload is at \(upload.offset), not \(offset)",
                    headers: [ServiceApp.tusResumable: "1.0.0", ServiceApp.uploadOffset: String(upload.offset)])
            }
            guard upload.offset < upload.length else { throw APIError.conflict("the upload is complete") }
            let claimed = self.writing.withLock { $0.insert(upload.id).inserted }
            guard claimed else { throw APIError.conflict("another PATCH of this upload is running") }
            defer { _ = self.writing.withLock { $0.remove(upload.id) } }
            return try await self.append(request, to: upload)
        }
    }

    /// Writes the body at the upload's offset, records how far it got (also when the connection drops),
    /// and completes the upload at its length.
    func append(_ request: Request, to upload: Upload) async throws -> Response {
        let path = configuration.uploadFile(upload.id).path
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw APIError(.internalServerError, "internal", "the upload file is missing")
        }
        var written: Int64 = 0
        var tooMuch = false
        var failure: (any Error)?
        do {
            // bytes past the recorded offset (a write cut short by a crash) are not the client's
            try handle.truncate(atOffset: UInt64(upload.offset))
            try handle.seek(toOffset: UInt64(upload.offset))
            for try await buffer in request.body {
                let room = upload.length - upload.offset - written
                var bytes = buffer.readableBytesView
                if Int64(bytes.count) > room {
                    bytes = bytes.prefix(Int(room))
                    tooMuch = true
                }
                try handle.write(contentsOf: bytes)
                written += Int64(bytes.count)
                if tooMuch { break }
            }
        } catch {
            failure = error
        }
        try? handle.synchronize()
        try? handle.close()
        let offset = upload.offset + written
        guard try await store.advanceUpload(id: upload.id, from: upload.offset, to: offset) else {
            throw APIError.conflict("the upload moved meanwhile")
        }
        metrics.uploadBytes.increment(by: written)
        if let failure {
            logger.notice(
                "upload interrupted",
                metadata: ["upload": "\(upload.id)", "offset": "\(offset)", "error": "\(failure)"])
            throw failure
        }
        if tooMuch {
            throw APIError(
                .contentTooLarge, "too-large", "the body goes past Upload-Length \(upload.length)",
                headers: [ServiceApp.tusResumable: "1.0.0", ServiceApp.uploadOffset: String(offset)])
        }
        var headers: HTTPFields = [ServiceApp.tusResumable: "1.0.0", ServiceApp.uploadOffset: String(offset)]
        if offset == upload.length {
            let sha256 = try await ServiceApp.digest(file: path)
            try await store.completeUpload(id: upload.id, sha256: sha256, at: epochMillis())
            metrics.uploads.increment()
            headers[ServiceApp.uploadSha256] = sha256
        }
        return Response(status: .noContent, headers: headers)
    }

    /// The caller's own upload (another's is not found).
    func ownUpload(_ id: String?, caller: Caller) async throws -> Upload {
        guard let id, ServiceApp.isID(id), let upload = try await store.upload(id: id),
            upload.ownerID == caller.user.id
        else { throw APIError.notFound("upload") }
        return upload
    }

    static let tusHeaders: HTTPFields = [ServiceApp.tusResumable: "1.0.0"]

    static func requireTus(_ request: Request) throws {
        guard request.headers[tusResumable] == "1.0.0" else {
            throw APIError(
                .preconditionFailed, "tus-version", "send Tus-Resumable: 1.0.0",
                headers: [tusVersion: "1.0.0", tusResumable: "1.0.0"])
        }
    }

    /// Who may upload: a producer (its unit is the submission's), or an admin with a unit.
    static func requireSubmitter(_ caller: Caller) throws {
        guard caller.user.role == .producer || (caller.user.role == .admin && caller.user.unit != nil) else {
            throw APIError.forbidden("only a producer (or an admin with a unit) submits deliveries")
        }
    }

    /// 32 lowercase hex digits.
    static func isID(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Upload-Metadata: comma-separated `key base64value` pairs (the value may be absent).
    static func metadata(_ header: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in header.split(separator: ",") {
            let parts = pair.trimmingCharacters(in: .whitespaces).split(separator: " ", omittingEmptySubsequences: true)
            guard let key = parts.first, parts.count <= 2, !key.isEmpty else {
                throw APIError.badRequest("Upload-Metadata is malformed")
            }
            var value = ""
            if parts.count == 2 {
                guard let data = Data(base64Encoded: String(parts[1])), let text = String(data: data, encoding: .utf8)
                else { throw APIError.badRequest("Upload-Metadata '\(key)' is not base64 of UTF-8 text") }
                value = text
            }
            guard result[String(key)] == nil else { throw APIError.badRequest("Upload-Metadata repeats '\(key)'") }
            result[String(key)] = value
        }
        return result
    }

    /// A file name is one path component: no separators, no `.`/`..`, no control characters, ≤ 255 bytes.
    static func checkFileName(_ name: String) throws {
        let bad =
            name.isEmpty || name.utf8.count > 255 || name == "." || name == ".." || name.contains("/")
            || name.contains("\\") || name.hasPrefix("..") || name.contains("/..")
            || name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        if bad {
            throw APIError(
                .badRequest, "bad-file-name",
                "the file name must be one path component without '/', '\\', '..' or control characters")
        }
    }

    /// sha256 of a file, read in 1 MiB pieces off the event loop.
    static func digest(file path: String) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                guard let handle = FileHandle(forReadingAtPath: path) else {
                    continuation.resume(throwing: APIError(.internalServerError, "internal", "the upload file is gone"))
                    return
                }
                defer { try? handle.close() }
                var hasher = SHA256()
                while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    hasher.update(chunk)
                }
                continuation.resume(returning: hasher.finalize())
            }
        }
    }
}
