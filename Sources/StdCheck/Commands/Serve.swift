import ArgumentParser
import CheckKit
import Formats
import Foundation
import Logging
import RuleEngine
import Service
import Synchronization

extension StdCheck {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the upload and inspection service (JSON API, pages, background checks).",
            discussion: """
                Without options: an SQLite database and the data folder ./stdcheck-data, on \
                http://127.0.0.1:8080. Producers upload deliveries (tus 1.0 resumable uploads of a zip or \
                any file `check` reads), the service checks them on --workers background workers and keeps \
                every report format; inspectors see the submissions of their regions and accept or return \
                them. The API is described at /openapi.yaml (docs/openapi.yaml), the service in \
                docs/service.md. Create the first admin with `stdcheck serve admin add-user`. \
                A server killed in the middle of checks finishes them after its restart. \
                With --workers 0 (or --external-workers) the server checks nothing itself: it only \
                enqueues, and `stdcheck worker` processes on the same --database and a shared --data \
                folder do the checks.
                """,
            subcommands: [Admin.self])

        @OptionGroup var service: ServiceOptions

        @Option(help: ArgumentHelp("Address and port to listen on (port 0: any free port).", valueName: "host:port"))
        var listen = "127.0.0.1:8080"

        @Option(
            help: ArgumentHelp(
                "Checks run at once (default: the number of cores); 0: none, `stdcheck worker` processes check.",
                valueName: "n"))
        var workers: Int?

        @Flag(help: "Check nothing in this process (as --workers 0): `stdcheck worker` processes check.")
        var externalWorkers = false

        @Option(help: ArgumentHelp("The largest upload, in bytes (K, M, G suffixes).", valueName: "size"))
        var maxUpload = "2G"

        @Option(help: ArgumentHelp("Bytes one user may hold in uploads not yet submitted.", valueName: "size"))
        var quota = "10G"

        @Option(help: ArgumentHelp("Language of the reports: zh or en (default zh).", valueName: "zh|en"))
        var lang = "zh"

        @Option(help: ArgumentHelp("How long a login lasts, in seconds.", valueName: "seconds"))
        var sessionLifetime = 12 * 3600

        func run() throws {
            var configuration = try service.configuration()
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 2, let port = Int(parts.last!), (0...65535).contains(port) else {
                throw ValidationError("--listen takes HOST:PORT, not '\(listen)'")
            }
            configuration.host = parts.dropLast().joined(separator: ":")
            configuration.port = port
            if let workers {
                guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
                configuration.workers = workers
            }
            if externalWorkers {
                guard workers == nil || workers == 0 else {
                    throw ValidationError("--external-workers and --workers \(workers ?? 0) contradict each other")
                }
                configuration.workers = 0
            }
            configuration.maxUpload = try byteSize(maxUpload, option: "--max-upload")
            configuration.quota = try byteSize(quota, option: "--quota")
            guard let language = ReportLanguage(rawValue: lang) else {
                throw ValidationError("--lang takes zh or en, not '\(lang)'")
            }
            configuration.language = language
            guard sessionLifetime >= 1 else { throw ValidationError("--session-lifetime must be at least 1") }
            configuration.sessionLifetime = Int64(sessionLifetime) * 1000
            let logger = ServiceOptions.logger()
            let ready = configuration
            try runBlocking {
                let app = try await ServiceApp.open(ready, logger: logger)
                try await app.run { port in
                    printError(
                        "stdcheck: serving http://\(ready.host):\(port) (database \(ready.database), data "
                            + "\(ready.data.path), "
                            + (ready.workers == 0 ? "no workers: stdcheck worker checks)" : "\(ready.workers) workers)")
                    )
                }
            }
        }

        /// `2G`, `512M`, `100K` or bytes.
        func byteSize(_ text: String, option: String) throws -> Int64 {
            let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
            var digits = text.uppercased()
            var scale: Int64 = 1
            if let last = digits.last, let unit = units[last] {
                scale = unit
                digits.removeLast()
            }
            guard let value = Int64(digits), value > 0, value <= Int64.max / scale else {
                throw ValidationError("\(option) takes a size like 2G, 512M or a number of bytes, not '\(text)'")
            }
            return value * scale
        }

        struct Admin: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Manage the service's accounts directly in its database (the server may run).",
                subcommands: [AddUser.self, AddToken.self])
        }

        struct AddUser: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-user",
                abstract: "Add a user: a producer (--unit), an inspector (--regions) or an admin.",
                discussion: """
                    The password is read from standard input (its first line) unless --password gives it. \
                    Example: echo 's3cret-pass' | stdcheck serve admin add-user --name admin --role admin
                    """)

            @OptionGroup var service: ServiceOptions

            @Option(help: "The login name.")
            var name: String

            @Option(help: ArgumentHelp("producer, inspector or admin.", valueName: "role"))
            var role: String

            @Option(help: ArgumentHelp("A producer's unit: its 6-digit county code.", valueName: "code"))
            var unit: String?

            @Option(
                help: ArgumentHelp(
                    "An inspector's regions: comma-separated county codes or prefixes (33, 3301, 330106).",
                    valueName: "codes"))
            var regions: String?

            @Option(help: ArgumentHelp("The password (else the first line of standard input).", valueName: "text"))
            var password: String?

            func run() throws {
                guard let role = Role(rawValue: role) else {
                    throw ValidationError("--role takes producer, inspector or admin, not '\(role)'")
                }
                let secret = password ?? readLine(strippingNewline: true) ?? ""
                let configuration = try service.configuration()
                let regions = (regions ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let (name, unit) = (name, unit)
                let user = try runAdmin(configuration) { app in
                    try await app.addUser(name: name, password: secret, role: role, unit: unit, regions: regions)
                }
                printError("stdcheck: added \(user.role.rawValue) \(user.name) (\(user.id))")
            }
        }

        struct AddToken: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add-token",
                abstract: "Make an API token for a user and print its secret (shown once).",
                discussion: "Use it as `Authorization: Bearer <secret>` or `stdcheck submit --token <secret>`.")

            @OptionGroup var service: ServiceOptions

            @Option(help: "The user's login name.")
            var user: String

            @Option(help: "What the token is for (e.g. ci).")
            var name = "cli"

            @Option(help: ArgumentHelp("Comma-separated: submit, read, review, admin.", valueName: "scopes"))
            var scopes = "submit,read"

            func run() throws {
                var list: [TokenScope] = []
                for item in scopes.split(separator: ",") {
                    guard let scope = TokenScope(rawValue: item.trimmingCharacters(in: .whitespaces)) else {
                        throw ValidationError("--scopes takes submit, read, review, admin, not '\(item)'")
                    }
                    list.append(scope)
                }
                let configuration = try service.configuration()
                let (userName, tokenName, scopes) = (user, name, list)
                let secret = try runAdmin(configuration) { app in
                    guard let owner = try await app.store.user(named: userName) else {
                        throw ValidationError("no user '\(userName)'")
                    }
                    return try await app.addToken(for: owner, name: tokenName, scopes: scopes).1
                }
                try printOutput(secret + "\n")
            }
        }
    }
}

/// The options every `serve` command shares: where the database and the data are.
struct ServiceOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "sqlite:PATH or postgres://user:password@host:port/database (default: sqlite:DATA/service.sqlite).",
            valueName: "url"))
    var database: String?

    @Option(help: ArgumentHelp("The data folder: uploads, reports, the SQLite database.", valueName: "dir"))
    var data = "stdcheck-data"

    @Option(
        help: ArgumentHelp(
            "A folder batch manifests may name deliveries in (the shared data mount); repeatable.",
            valueName: "dir"))
    var dataRoot: [String] = []

    @OptionGroup var rules: RulesOptions

    func configuration() throws -> ServiceConfiguration {
        let here = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let folder = URL(fileURLWithPath: data, relativeTo: here).standardizedFileURL
        var configuration = ServiceConfiguration(
            data: folder, database: database, searchPath: try rules.searchPath(), toolVersion: StdCheck.version)
        configuration.dataRoots = try dataRoot.map { root in
            var isFolder: ObjCBool = false
            let url = URL(fileURLWithPath: root, relativeTo: here).standardizedFileURL
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ValidationError("--data-root \(root) is not a folder")
            }
            return url
        }
        return configuration
    }

    /// swift-log to standard error, level from $LOG_LEVEL (default info).
    static func logger() -> Logger {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        var logger = Logger(label: "stdcheck.serve")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
        return logger
    }
}

/// Opens the service's store without starting the server or touching its running jobs, for admin commands.
func runAdmin<T: Sendable>(
    _ configuration: ServiceConfiguration, _ body: @escaping @Sendable (ServiceApp) async throws -> T
) throws -> T {
    let logger = Logger(label: "stdcheck.admin")
    do {
        return try runBlocking {
            try await body(try await ServiceApp.open(configuration, logger: logger, recover: false))
        }
    } catch let error as APIError {
        printError("stdcheck: error: \(error.message)")
        throw ExitCode.cannotRun
    }
}

/// Runs async work from a synchronous command and waits for it.
func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let result = Mutex<Result<T, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            let value = try await body()
            result.withLock { $0 = .success(value) }
        } catch {
            result.withLock { $0 = .failure(error) }
        }
        done.signal()
    }
    done.wait()
    return try result.withLock { $0! }.get()
}
