import ArgumentParser
import RuleEngine

extension StdCheck {
    struct Standards: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the standards (rule packs) StdCheck knows.",
            subcommands: [List.self])

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
                    do {
                        let standard = try RulePackLoader.load(reference, rulesDirectory: directory)
                        let layers = standard.layers.map(\.name).joined(separator: ", ")
                        print(
                            "\(reference)\t\(standard.title.zh) / \(standard.title.en)\tlayers: \(layers)\trules: \(standard.rules.count)"
                        )
                    } catch {
                        printError(error.description)
                        throw ExitCode.cannotRun
                    }
                }
            }
        }
    }
}
