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

            @Argument(help: "The older standard, id@version (an id alone: its latest version).")
            var old: String

            @Argument(help: "The newer standard, id@version (an id alone: its latest version).")
            var new: String

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let loaded = try Rules.load([old, new], from: rules.searchPath())
                let lines = StandardDiff.lines(from: loaded[0], to: loaded[1])
                try printOutput(lines.map { $0 + "\n" }.joined())
                try printOutput("\(lines.count) differences between \(old) and \(new)\n")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List every standard on the rules search path: id@version, title, layers and rules.",
                discussion: """
                    With --verbose, first the search path (each folder and where it came from), then each \
                    standard's folder and the folders whose copy of it is shadowed.
                    """)

            @Flag(name: .shortAndLong, help: "Print the rules search path and the folder of each standard.")
            var verbose = false

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let searchPath = try rules.searchPath()
                if verbose {
                    try printOutput("rules search path:\n")
                    for place in searchPath.placesLookedIn { try printOutput("  \(place)\n") }
                }
                try RulesOptions.requirePacks(in: searchPath)
                for pack in searchPath.packs() {
                    let standard: Standard
                    do {
                        standard = try RulePackLoader.load(pack.reference, searchPath: searchPath)
                    } catch {
                        printError(error.description)
                        throw ExitCode.cannotRun
                    }
                    let layers = standard.layers.map(\.name).joined(separator: ", ")
                    var line =
                        "\(pack.reference)\t\(standard.title.zh) / \(standard.title.en)\tlayers: \(layers)\trules: \(standard.rules.count)"
                    if !standard.with.isEmpty {
                        // what --with takes: the other standards whose datasets its rules compare with
                        line += "\twith: " + standard.with.map(\.reference).joined(separator: ", ")
                    }
                    if verbose {
                        line += "\tfrom: \(pack.directory)"
                        if !standard.extends.isEmpty {
                            line +=
                                "\textends: "
                                + standard.extends.map { "\($0) (\(searchPath.directory(of: $0) ?? "?"))" }.joined(
                                    separator: ", ")
                        }
                        for shadowed in pack.shadows {
                            line += "\tshadows: \(shadowed.path)/\(pack.id)/\(pack.version)"
                        }
                    }
                    try printOutput(line + "\n")
                }
            }
        }
    }
}
