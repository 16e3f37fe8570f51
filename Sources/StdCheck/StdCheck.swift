import ArgumentParser
import Foundation

@main
struct StdCheck: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "stdcheck",
        abstract: "Check land-resource datasets against versioned information standards.",
        discussion: """
            Exit statuses: 0 conformant; 1 findings at or above --fail-on; \
            2 usage or rule-pack error; 3 the run could not complete.
            """,
        version: version,
        subcommands: [Check.self, Inspect.self, Standards.self, Rules.self])

    /// Runs the command, keeping the documented exit statuses: usage errors exit 2 (not
    /// argument-parser's 64), and an unexpected error exits 3, never 1, which means "findings".
    static func main() {
        Output.ignoreBrokenPipes()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: written like every other output, so a failed write exits 3
                do {
                    try printOutput(fullMessage(for: error) + "\n")
                } catch {
                    Foundation.exit(ExitCode.incomplete.rawValue)
                }
                Foundation.exit(0)
            }
            Output.standardError(fullMessage(for: error) + "\n")
            Foundation.exit(code == .validationFailure ? ExitCode.cannotRun.rawValue : ExitCode.incomplete.rawValue)
        }
    }
}

extension ExitCode {
    /// At least one finding at or above `--fail-on`.
    static let nonConformant = ExitCode(1)
    /// StdCheck could not run: a usage error, a rule pack or a setting is wrong.
    static let cannotRun = ExitCode(2)
    /// The run started but could not complete.
    static let incomplete = ExitCode(3)
}
