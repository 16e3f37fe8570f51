import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension StdCheck {
    struct Batch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Submit a batch of deliveries on the service's shared data folder; follow it; fetch its summary.",
            discussion: """
                The manifest is a CSV (UTF-8, with or without a BOM) with a header naming the columns id, \
                path, standard, region and optionally base (a change survey's earlier delivery). Each path \
                is on the server's data roots (`stdcheck serve --data-root DIR`), relative to one or \
                absolute; the server resolves it and refuses any that leaves the roots. A manifest with any \
                bad row is refused whole and every bad row is named; nothing is queued. Needs an \
                inspector's or admin's token. The server is --server or $STDCHECK_SERVER, the token \
                --token or $STDCHECK_TOKEN.
                """,
            subcommands: [SubmitBatch.self, BatchStatus.self, BatchSummaryCommand.self])
    }

    struct BatchConnection: ParsableArguments {
        @Option(help: ArgumentHelp("The service, e.g. http://127.0.0.1:8080 (or $STDCHECK_SERVER).", valueName: "url"))
        var server: String?

        @Option(help: ArgumentHelp("An inspector's or admin's API token (or $STDCHECK_TOKEN).", valueName: "token"))
        var token: String?

        func client() throws -> SubmitClient {
            let environment = ProcessInfo.processInfo.environment
            guard let server = server ?? environment["STDCHECK_SERVER"], let base = URL(string: server),
                base.scheme == "http" || base.scheme == "https"
            else { throw ValidationError("give the service's http(s) URL with --server or $STDCHECK_SERVER") }
            guard let token = token ?? environment["STDCHECK_TOKEN"], !token.isEmpty else {
                throw ValidationError("give the API token with --token or $STDCHECK_TOKEN")
            }
            return SubmitClient(base: base, token: token, chunkSize: 1, quiet: true, showProgress: false)
        }
    }

    struct SubmitBatch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "submit", abstract: "Submit a manifest; print the batch id (standard output).")

        @Argument(help: "The manifest CSV.")
        var manifest: String

        @OptionGroup var connection: BatchConnection

        @Option(help: ArgumentHelp("The batch's name (default: the manifest's file name).", valueName: "text"))
        var name: String?

        func run() throws {
            let client = try connection.client()
            guard let data = FileManager.default.contents(atPath: manifest) else {
                throw ValidationError("cannot read \(manifest)")
            }
            let label = name ?? URL(fileURLWithPath: manifest).lastPathComponent
            var query = URLComponents()
            query.queryItems = [URLQueryItem(name: "name", value: label)]
            let manifest = manifest
            let path = "/api/batches" + (query.percentEncodedQuery.map { "?" + $0 } ?? "")
            let status: Int32 = try runBatch {
                let (body, response) = try await client.send(
                    "POST", path,
                    headers: ["Content-Type": "text/csv; charset=utf-8"], body: data, expect: [201, 422])
                let object = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
                if response.statusCode == 422 {
                    let error = object["error"] as? [String: Any] ?? [:]
                    for problem in error["problems"] as? [[String: Any]] ?? [] {
                        let column = (problem["column"] as? String).map { " (\($0))" } ?? ""
                        printError(
                            "\(manifest):\(problem["line"] as? Int ?? 0)\(column): \(problem["message"] as? String ?? "")"
                        )
                    }
                    printError("stdcheck: error: the batch is refused; nothing was queued")
                    return 2
                }
                guard let id = object["id"] as? String else {
                    throw SubmitClient.Failure(status: 3, message: "the server's answer has no batch id")
                }
                try printOutput(id + "\n")
                printError("stdcheck: batch \(id): \(object["items"] as? Int ?? 0) deliveries queued")
                return 0
            }
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct BatchStatus: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Print a batch's progress: queued, checking, checked, failed, pace and ETA.",
            discussion: "Exit status 0; with --wait, 0 once every row is checked, 1 if any failed.")

        @Argument(help: "The batch id.")
        var batch: String

        @OptionGroup var connection: BatchConnection

        @Flag(help: "Print the server's JSON instead of a line of text.")
        var json = false

        @Flag(help: "Poll until every row is checked or failed.")
        var wait = false

        @Option(help: ArgumentHelp("With --wait, give up after this many seconds.", valueName: "seconds"))
        var timeout = 86_400

        func run() throws {
            let client = try connection.client()
            let (batch, json, wait, timeout) = (batch, json, wait, timeout)
            let status: Int32 = try runBatch {
                let deadline = Date().addingTimeInterval(TimeInterval(timeout))
                while true {
                    let (body, _) = try await client.send("GET", "/api/batches/\(batch)", expect: [200])
                    let view = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
                    func count(_ key: String) -> Int { view[key] as? Int ?? 0 }
                    let finished = count("checked") + count("failed") == count("items")
                    if !wait || finished {
                        if json {
                            try printOutput(String(decoding: body, as: UTF8.self) + "\n")
                        } else {
                            var line = "\(batch) \(view["name"] as? String ?? ""): \(count("items")) items, "
                            line += "\(count("queued")) queued, \(count("checking")) checking, "
                            line += "\(count("checked")) checked, \(count("failed")) failed"
                            if let pace = view["perMinute"] as? Double { line += String(format: "; %.2f/min", pace) }
                            if let eta = view["etaSeconds"] as? Int { line += "; ETA \(eta) s" }
                            if let end = view["finishedAt"] as? String { line += "; finished \(end)" }
                            try printOutput(line + "\n")
                        }
                        return wait && count("failed") > 0 ? 1 : 0
                    }
                    guard Date() < deadline else {
                        throw SubmitClient.Failure(status: 3, message: "the batch did not finish in \(timeout) s")
                    }
                    try await Task.sleep(for: .milliseconds(500))
                }
            }
            if status != 0 { throw ExitCode(status) }
        }
    }

    struct BatchSummaryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "summary",
            abstract: "Write a batch's summary per province, city and county: summary.html, .csv, .json.",
            discussion: """
                The HTML is one self-contained page (sortable tables, bar charts of the top rules); the CSV \
                has a BOM and keeps codes as text; links go to each delivery's report on the server.
                """)

        @Argument(help: "The batch id.")
        var batch: String

        @OptionGroup var connection: BatchConnection

        @Option(help: ArgumentHelp("Comma-separated: html, csv, json.", valueName: "formats"))
        var format = "html,csv,json"

        @Option(help: ArgumentHelp("The folder to write summary.<format> into.", valueName: "dir"))
        var output = "."

        func run() throws {
            let client = try connection.client()
            let formats = format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !formats.isEmpty, formats.allSatisfy({ ["html", "csv", "json"].contains($0) }) else {
                throw ValidationError("--format takes html, csv and json, comma-separated")
            }
            let folder = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let batch = batch
            var links = URLComponents()
            links.queryItems = [URLQueryItem(name: "links", value: client.base.absoluteString)]
            let linkQuery = links.percentEncodedQuery ?? ""
            _ = try runBatch {
                for format in formats {
                    let (body, _) = try await client.send(
                        "GET", "/api/batches/\(batch)/summary?format=\(format)&\(linkQuery)",
                        expect: [200])
                    let file = folder.appendingPathComponent("summary.\(format)")
                    try body.write(to: file, options: .atomic)
                    printError("stdcheck: wrote \(file.path)")
                }
                return Int32(0)
            }
        }
    }
}

/// Runs a batch command's requests; a failure prints its message and exits with its status.
private func runBatch(_ body: @escaping @Sendable () async throws -> Int32) throws -> Int32 {
    do {
        return try runBlocking { try await body() }
    } catch let error as SubmitClient.Failure {
        printError("stdcheck: error: \(error.message)")
        throw ExitCode(error.status)
    }
}
