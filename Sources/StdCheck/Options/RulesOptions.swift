import ArgumentParser
import Foundation

/// Where rule packs are found: `--rules-dir`, `$STDCHECK_RULES`, or the `rules/` folder of the installation.
struct RulesOptions: ParsableArguments {
    @Option(
        name: .customLong("rules-dir"),
        help: ArgumentHelp(
            "Folder of rule packs (<id>/<version>/pack.yaml).",
            discussion: "Default: $STDCHECK_RULES, else the rules/ folder beside the installation, else ./rules.",
            valueName: "dir"))
    var rulesDirectory: String?

    /// The rules directory to use.
    func resolve() -> String {
        if let rulesDirectory { return rulesDirectory }
        if let fromEnvironment = ProcessInfo.processInfo.environment["STDCHECK_RULES"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        // From .build/<config>/stdcheck (or bin/stdcheck), walk up to the folder holding rules/.
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("rules")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path)
                || !RulesOptions.packs(in: candidate.path).isEmpty
            {
                return relative(candidate.path)
            }
            url.deleteLastPathComponent()
        }
        return "rules"
    }

    static func packs(in directory: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: directory))?.filter {
            FileManager.default.fileExists(atPath: "\(directory)/\($0)")
        } ?? []
    }

    /// The path relative to the working directory when it lies beneath it, so that messages stay short.
    func relative(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}

/// The severity at which `check` exits 1.
enum FailOn: String, ExpressibleByArgument, CaseIterable {
    case error
    case warning
    case never
}
