import ArgumentParser
import Formats
import Foundation
import Logging
import Service

extension StdCheck {
    struct Worker: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the service's queued submissions in this process (any number, on any machine).",
            discussion: """
                Takes jobs from the service's database (SELECT … FOR UPDATE SKIP LOCKED) under a lease that \
                a heartbeat renews every third of it, checks them as `stdcheck serve` does, and writes each \
                report into DATA/reports/<id>/<generation> through a temporary folder and a rename; DATA is the \
                folder the server and every worker share (NFS or any mount). A worker that dies or stops \
                loses its lease and another takes the job; its late result is refused (each claim carries \
                a generation, and only the current one may finish). A check that cannot run to its end is \
                tried again, up to --max-attempts claims, then parked with every attempt's reason. Idle \
                workers wake at once on PostgreSQL's NOTIFY stdcheck_jobs and poll every --poll seconds. \
                Run the server with `stdcheck serve --workers 0` so that it only enqueues. See docs/service.md.
                """)

        @Option(
            help: ArgumentHelp(
                "postgres://user:password@host:port/database (sqlite:PATH works on one machine, without NOTIFY).",
                valueName: "url"))
        var database: String

        @Option(help: ArgumentHelp("The data folder the server and every worker share.", valueName: "dir"))
        var data: String

        @Option(
            help: ArgumentHelp("This worker's name in the database and the log (default: host-pid).", valueName: "name")
        )
        var id: String?

        @Option(help: ArgumentHelp("How long a claim lasts without a heartbeat, in seconds.", valueName: "seconds"))
        var lease: Double = 60

        @Option(help: ArgumentHelp("Claims of a job before it is parked.", valueName: "n"))
        var maxAttempts = 3

        @Option(
            help: ArgumentHelp(
                "How often an idle worker looks for work without a NOTIFY, in seconds.", valueName: "seconds"))
        var poll: Double = 5

        @Option(help: ArgumentHelp("Checks run at once in this process.", valueName: "n"))
        var checks = 1

        @Option(help: ArgumentHelp("Language of the reports: zh or en (default zh).", valueName: "zh|en"))
        var lang = "zh"

        @OptionGroup var rules: RulesOptions

        /// The database URL without its password, for the log.
        static func redacted(_ url: String) -> String {
            guard var components = URLComponents(string: url), components.password != nil else { return url }
            components.password = "…"
            return components.string ?? url
        }

        func validate() throws {
            guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
            guard maxAttempts >= 1 else { throw ValidationError("--max-attempts must be at least 1") }
            guard poll > 0 else { throw ValidationError("--poll must be more than 0 seconds") }
            guard checks >= 1 else { throw ValidationError("--checks must be at least 1") }
        }

        func run() throws {
            let folder = URL(
                fileURLWithPath: data, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            ).standardizedFileURL
            var configuration = ServiceConfiguration(
                data: folder, database: database, workers: checks, searchPath: try rules.searchPath(),
                toolVersion: StdCheck.version)
            guard let language = ReportLanguage(rawValue: lang) else {
                throw ValidationError("--lang takes zh or en, not '\(lang)'")
            }
            configuration.language = language
            configuration.leaseMillis = Int64(lease * 1000)
            configuration.maxAttempts = maxAttempts
            configuration.pollMillis = Int(poll * 1000)
            configuration.workerName = id ?? "\(ProcessInfo.processInfo.hostName)-\(getpid())"
            let logger = ServiceOptions.logger()
            let ready = configuration
            try runBlocking {
                try await WorkerProcess.run(ready, logger: logger) { name in
                    printError(
                        "stdcheck: worker \(name) waiting for jobs (database \(Self.redacted(ready.database)), data \(ready.data.path), "
                            + "lease \(ready.leaseMillis / 1000) s)")
                }
            }
        }
    }
}
