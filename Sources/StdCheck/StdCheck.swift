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
        subcommands: [
            Check.self, Inspect.self, Standards.self, Rules.self, Serve.self, Submit.self, Worker.self, Batch.self,
        ])

    /// Runs the command, keeping the documented exit statuses: usage errors exit 2 (not
    /// argument-parser's 64), and an unexpected error exits 3, never 1, which means "findings".
    static func main() {
        Output.ignoreBrokenPipes()
        if let message = unknownSubcommand(in: Array(CommandLine.arguments.dropFirst())) {
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(ExitCode.cannotRun.rawValue)
        }
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

extension StdCheck {
    /// A word where a subcommand belongs that names none, with the nearest one ("did you mean");
    /// argument-parser says only "unexpected arguments" there. Options are left to argument-parser,
    /// which suggests the nearest option itself.
    static func unknownSubcommand(in arguments: [String]) -> String? {
        var command: any ParsableCommand.Type = StdCheck.self
        var path = ["stdcheck"]
        for argument in arguments {
            if argument.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0._commandName == argument }) {
                command = next
                path.append(argument)
                continue
            }
            if argument == "help" { return nil }
            let names = subcommands.map { $0._commandName }
            let nearest = names.min { editDistance($0, argument) < editDistance($1, argument) }
            var message = "Error: '\(argument)' is not a command of \(path.joined(separator: " "))."
            if let nearest, editDistance(nearest, argument) <= max(2, argument.count / 3) {
                message += " Did you mean '\(nearest)'?"
            }
            message += "\nCommands: \(names.joined(separator: ", ")); see '\(path.joined(separator: " ")) --help'."
            return message
        }
        return nil
    }

    /// Levenshtein distance between two words.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, y) in b.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
