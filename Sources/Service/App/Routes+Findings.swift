import Formats
import Foundation
import Hummingbird

extension ServiceApp {
    /// `GET /api/submissions/:id/findings?page=&size=`: a page of a checked submission's findings, each
    /// with the map the HTML report draws for it (the check job wrote them, `FindingMapsWriter`), and the
    /// maps' stylesheet. The same visibility as the submission: another unit's is not found.
    func addFindings(to router: Router<ServiceContext>) {
        router.get("/api/submissions/:id/findings") { request, context -> Response in
            let caller = try await self.caller(request, changing: false)
            let submission = try await self.visibleSubmission(context.parameters.get("id"), caller: caller)
            let query = request.uri.queryParameters
            func number(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
                guard let text = query[Substring(name)].map(String.init) else { return value }
                guard let number = Int(text), range.contains(number) else {
                    throw APIError.badRequest(
                        "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                return number
            }
            let page = try number("page", default: 1, in: 1...1_000_000)
            let size = try number("size", default: FindingPage.defaultSize, in: 1...FindingPage.maxSize)
            guard let folder = submission.reportFolder else {
                throw APIError.conflict("the submission is \(submission.state.rawValue): no report yet")
            }
            let path = self.configuration.data.appendingPathComponent(folder)
                .appendingPathComponent(FindingMapsWriter.fileName).path
            guard let lines = FindingLines(path: path) else { throw APIError.notFound("findings file") }
            let first = (page - 1) * size
            var findings: [FindingMapsWriter.Line] = []
            var total = 0
            let decoder = JSONDecoder()
            while let line = lines.next() {
                if total >= first, findings.count < size {
                    guard let decoded = try? decoder.decode(FindingMapsWriter.Line.self, from: line) else {
                        throw APIError(
                            .internalServerError, "internal", "the findings file is damaged at line \(total + 1)")
                    }
                    findings.append(decoded)
                }
                total += 1
            }
            return JSONBody.response(
                FindingPage(
                    total: total, page: page, size: size, pages: max(1, (total + size - 1) / size),
                    style: HTMLReportWriter.mapStyle, findings: findings))
        }
    }

    /// One page of findings, as the submission view shows them.
    struct FindingPage: Encodable {
        static let defaultSize = 20
        static let maxSize = 100
        var total: Int
        var page: Int
        var size: Int
        var pages: Int
        /// The CSS the maps' classes need (the HTML report's own).
        var style: String
        var findings: [FindingMapsWriter.Line]
    }
}

/// The lines of a file, read in 64 KiB chunks, so that paging a large report holds one chunk and one
/// line at a time.
final class FindingLines {
    private let handle: FileHandle
    private var buffer = Data()
    private var done = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// The next non-empty line without its newline; nil at the end.
    func next() -> Data? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = buffer[(newline + 1)...]
                if line.isEmpty { continue }
                return Data(line)
            }
            if done {
                guard !buffer.isEmpty else { return nil }
                defer { buffer = Data() }
                return Data(buffer)
            }
            let chunk = (try? handle.read(upToCount: 65536)) ?? nil
            if let chunk, !chunk.isEmpty { buffer.append(chunk) } else { done = true }
        }
    }
}
