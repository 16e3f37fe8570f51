import ArgumentParser

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
        subcommands: [Check.self, Inspect.self, Standards.self])
}

extension ExitCode {
    /// At least one finding at or above `--fail-on`.
    static let nonConformant = ExitCode(1)
    /// StdCheck could not run: a usage error, a rule pack or a setting is wrong.
    static let cannotRun = ExitCode(2)
    /// The run started but could not complete.
    static let incomplete = ExitCode(3)
}
