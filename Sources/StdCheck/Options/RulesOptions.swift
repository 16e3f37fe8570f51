import ArgumentParser
import CheckKit
import Formats
import Foundation
import RuleEngine

/// Where rule packs are found: every `--rules-dir`, then every folder of `$STDCHECK_RULES`, then the rules
/// installed beside the executable. The first folder holding a pack provides it.
struct RulesOptions: ParsableArguments {
    @Option(
        name: .customLong("rules-dir"),
        help: ArgumentHelp(
            "Folder of rule packs (<id>/<version>/pack.yaml); repeat to search several, in order.",
            discussion: """
                The rules search path is every --rules-dir, then the folders of $STDCHECK_RULES \
                (colon-separated), then the rules installed beside the executable \
                (<prefix>/share/stdcheck/rules, or rules/ of a source checkout). The first folder holding \
                id@version provides it; extends: is looked up along the same path. `stdcheck standards list \
                --verbose` prints the path.
                """,
            valueName: "dir"))
    var rulesDirectories: [String] = []

    /// The rules search path. A `--rules-dir` or `$STDCHECK_RULES` folder that does not exist is an error
    /// (exit status 2), never skipped.
    func searchPath() throws -> RulesSearchPath {
        let environment = ProcessInfo.processInfo.environment["STDCHECK_RULES"] ?? ""
        let searchPath = RulesOptions.searchPath(
            options: rulesDirectories,
            environment: environment.split(separator: ":", omittingEmptySubsequences: true).map(String.init),
            executable: RulesOptions.executablePath()
        ).checkingReaders()
        var missing: [String] = []
        for entry in searchPath.entries where entry.origin != .installed {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: entry.path, isDirectory: &isDirectory) || !isDirectory.boolValue
            {
                missing.append("\(entry.path) (\(entry.origin.rawValue))")
            }
        }
        if !missing.isEmpty {
            printError("stdcheck: error: no such rules folder: " + missing.joined(separator: ", "))
            throw ExitCode.cannotRun
        }
        return searchPath
    }

    /// The search path of the given folders and the executable's real path; the installed rules are the
    /// first existing of `<bin>/../share/stdcheck/rules` and, in a source checkout, `rules/` beside `.build`.
    static func searchPath(options: [String], environment: [String], executable: String?) -> RulesSearchPath {
        var entries = options.map { RulesSearchPath.Entry(trimmed($0), origin: .option) }
        entries += environment.map { RulesSearchPath.Entry(trimmed($0), origin: .environment) }
        var candidates: [String] = []
        if let executable {
            let bin = URL(fileURLWithPath: executable).deletingLastPathComponent()
            candidates.append(
                bin.deletingLastPathComponent().appendingPathComponent("share/stdcheck/rules").standardized.path)
            let components = URL(fileURLWithPath: executable).pathComponents
            if let build = components.lastIndex(of: ".build"), build > 0 {
                let checkout = NSString.path(withComponents: Array(components[..<build]))
                candidates.append(URL(fileURLWithPath: checkout).appendingPathComponent("rules").standardized.path)
            }
        }
        candidates = candidates.map(displayPath)
        if let installed = candidates.first(where: { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) && isDirectory.boolValue
        }) {
            entries.append(.init(installed, origin: .installed))
        }
        return RulesSearchPath(entries, installedCandidates: candidates)
    }

    /// A folder without trailing slashes, so that pack folders print as `dir/id/version`.
    static func trimmed(_ path: String) -> String {
        var shown = path
        while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
        return shown
    }

    /// The running executable's real path: `/proc/self/exe` (symbolic links resolved by the kernel), else
    /// the first argument resolved against the working directory and `$PATH`.
    static func executablePath() -> String? {
        if let linked = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: linked).resolvingSymlinksInPath().path
        }
        if let path = Bundle.main.executablePath {
            return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        let first = CommandLine.arguments.first ?? ""
        if first.contains("/") { return URL(fileURLWithPath: first).resolvingSymlinksInPath().path }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(folder)/\(first)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
            }
        }
        return nil
    }

    /// Loads the standard named by `--standard` (or, with `option` nil, by an argument). A bare id stands for
    /// its latest version, which is said on standard error and returned as the reason of the selection.
    static func standard(
        named name: String, in searchPath: RulesSearchPath, option: String? = "--standard"
    ) throws -> (standard: Standard, reason: String?) {
        try exitOnFailure { () throws(CheckSessionError) in
            try CheckSession.loadStandard(named: name, in: searchPath, option: option, say: printError)
        }
    }

    /// Fails with exit status 2, listing every place looked in, when the search path holds no pack.
    static func requirePacks(in searchPath: RulesSearchPath) throws {
        try exitOnFailure { () throws(CheckSessionError) in
            try CheckSession.requirePacks(in: searchPath, say: printError)
        }
    }
}

/// Runs a CheckKit step, turning its failure into the command's: a usage error (exit status 2 with the usage
/// line) or the exit status it names.
func exitOnFailure<T>(_ body: () throws(CheckSessionError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        switch error {
        case .usage(let message): throw ValidationError(message)
        case .exit(let status): throw ExitCode(status)
        }
    }
}

/// The severity at which `check` exits 1.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error
    case warning
    case never
}
