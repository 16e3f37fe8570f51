import ArgumentParser
import RuleEngine

extension StdCheck {
    struct Standards: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the standards (rule packs) StdCheck knows.",
            subcommands: [List.self, Diff.self])

        struct Diff: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List what differs between two standards: layers, fields, code lists and rules.",
                discussion: "Lines start with + (added), - (removed), ~ (changed) or → (renamed).")

            @Argument(help: "The older standard, id@version.")
            var old: String

            @Argument(help: "The newer standard, id@version.")
            var new: String

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let loaded = try Rules.load([old, new], from: rules.resolve())
                let lines = StandardDiff.lines(from: loaded[0], to: loaded[1])
                try printOutput(lines.map { $0 + "\n" }.joined())
                try printOutput("\(lines.count) differences between \(old) and \(new)\n")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List every standard in the rules directory: id@version, title, layers and rules.")

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let directory = rules.resolve()
                let references = RulePackLoader.available(in: directory)
                guard !references.isEmpty else {
                    printError("stdcheck: error: no rule pack under \(directory)")
                    throw ExitCode.cannotRun
                }
                for reference in references {
                    let standard: Standard
                    do {
                        standard = try RulePackLoader.load(reference, rulesDirectory: directory)
                    } catch {
                        printError(error.description)
                        throw ExitCode.cannotRun
                    }
                    let layers = standard.layers.map(\.name).joined(separator: ", ")
                    try printOutput(
                        "\(reference)\t\(standard.title.zh) / \(standard.title.en)\tlayers: \(layers)\trules: \(standard.rules.count)\n"
                    )
                }
            }
        }
    }
}
