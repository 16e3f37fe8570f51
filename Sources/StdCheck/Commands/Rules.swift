import ArgumentParser
import CheckKit
import Formats
import Foundation
import RuleEngine

extension StdCheck {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Work with the rules of the packs: test their examples, lint them, list them.",
            subcommands: [Test.self, Lint.self, List.self, Docs.self, Coverage.self])

        /// Loads the named packs (id@version, or an id for its latest version), or every pack on the rules
        /// search path; exit status 2 when the path holds no pack at all.
        static func load(_ references: [String], from searchPath: RulesSearchPath) throws -> [Standard] {
            guard !references.isEmpty else {
                return try exitOnFailure { () throws(CheckSessionError) in
                    try CheckSession.allStandards(in: searchPath, say: printError)
                }
            }
            return try references.map { try RulesOptions.standard(named: $0, in: searchPath, option: nil).standard }
        }

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run every rule's pass and fail examples through the engine.",
                discussion: """
                    A pass example must give no finding of its rule; a fail example must give findings at \
                    exactly the places it lists. A wrong example is reported at its own line in the pack. \
                    Exit status 0 when every example behaves, 1 when one does not, 2 when a pack does not load.
                    """)

            @Argument(help: "Packs as id@version; default: every pack.")
            var standards: [String] = []

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let loaded = try Rules.load(standards, from: rules.searchPath())
                var examples = 0
                var problems = 0
                for standard in loaded {
                    for rule in standard.rules where !rule.isDerived {
                        examples += rule.examples.count
                        for failure in ExampleRunner.failures(
                            of: rule, in: standard, geometry: GEOSGeometryOperations(),
                            evaluator: LibXML2XPathEvaluator(), geographic: ProjGeographicTransformer())
                        {
                            problems += 1
                            printError(failure.description)
                        }
                    }
                }
                try printOutput("\(examples) examples, \(problems) problems\n")
                if problems > 0 { throw ExitCode.nonConformant }
            }
        }

        struct Lint: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Check packs without data: they load, and every declared rule is complete.",
                discussion: """
                    Loading already rejects unknown keys, bad values and expressions that do not type-check. \
                    Lint also requires a rationale, an ISO 19157 element and at least one pass and one fail \
                    example per declared rule, and a `source:` (the research note and row, or the clause, \
                    that shows the fact) on every layer, field, code list and declared rule. Exit status 0 \
                    when clean, 1 with problems, 2 when a pack does not load.
                    """)

            @Argument(help: "Packs as id@version; default: every pack.")
            var standards: [String] = []

            @OptionGroup var rules: RulesOptions

            func run() throws {
                let loaded = try Rules.load(standards, from: rules.searchPath())
                var problems = 0
                for standard in loaded {
                    for rule in standard.rules where !rule.isDerived && rule.source != "built-in" {
                        if rule.rationale?.isEmpty ?? true {
                            problems += 1
                            printError("\(rule.source): error: rule '\(rule.id)' has no rationale")
                        }
                        let kinds = Set(rule.examples.map(\.kind))
                        if !kinds.contains(.pass) || !kinds.contains(.fail) {
                            problems += 1
                            printError("\(rule.source): error: rule '\(rule.id)' needs a pass and a fail example")
                        }
                        if rule.element == nil {
                            problems += 1
                            printError("\(rule.source): error: rule '\(rule.id)' names no ISO 19157 element")
                        }
                    }
                    for fact in standard.unsourcedFacts {
                        problems += 1
                        printError("\(fact.location): error: \(fact.fact) has no source")
                    }
                    try printOutput("\(standard.reference): \(standard.rules.count) rules\n")
                }
                if problems > 0 { throw ExitCode.nonConformant }
            }
        }

        struct Docs: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Write the rule pages: <output>/<id>/<version>/index.md and one page per declared rule.",
                discussion: "The pages are generated from the packs; a test fails when the committed ones are stale.")

            @Argument(help: "Packs as id@version; default: every pack.")
            var standards: [String] = []

            @Option(help: ArgumentHelp("Folder to write the pages into.", valueName: "dir"))
            var output = "docs/rules"

            @OptionGroup var rules: RulesOptions

            func run() throws {
                var written = 0
                for standard in try Rules.load(standards, from: rules.searchPath()) {
                    let folder = "\(output)/\(standard.id)/\(standard.version)"
                    do {
                        // pages of rules that no longer exist must not linger
                        try? FileManager.default.removeItem(atPath: folder)
                        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                        for page in RuleDocumentation.pages(for: standard) {
                            try page.text.write(toFile: "\(output)/\(page.path)", atomically: true, encoding: .utf8)
                            written += 1
                        }
                    } catch {
                        printError("stdcheck: error: cannot write \(folder): \(error.localizedDescription)")
                        throw ExitCode.incomplete
                    }
                }
                try printOutput("wrote \(written) pages to \(output)\n")
            }
        }

        struct Coverage: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show which items of the national check catalogue a pack's rules implement.",
                discussion: """
                    Per catalogue item (the pack's check-items: file): its id, group and name, the number of \
                    rules that name it (check-item: on declared rules; the derived checks by the pack's \
                    mapping) and the first of them, or "not covered". Ends with the count of covered \
                    items. Exit status 0, or 2 when a pack does not load or declares no catalogue.
                    """)

            @Argument(help: "Packs as id@version; default: every pack with a catalogue.")
            var standards: [String] = []

            @OptionGroup var rules: RulesOptions

            func run() throws {
                var shown = 0
                for standard in try Rules.load(standards, from: rules.searchPath())
                where !standard.checkItems.isEmpty || !standards.isEmpty {
                    guard !standard.checkItems.isEmpty else {
                        printError("stdcheck: error: \(standard.reference) declares no check-items")
                        throw ExitCode.cannotRun
                    }
                    shown += 1
                    let coverage = standard.coverage
                    try printOutput("\(standard.reference)\n")
                    for (item, ids) in coverage {
                        let rules =
                            ids.isEmpty
                            ? "not covered"
                            : "\(ids.count) rule\(ids.count == 1 ? "" : "s"): "
                                + ids.prefix(3).joined(separator: ", ") + (ids.count > 3 ? ", …" : "")
                        try printOutput("  \(item.id)\t\(item.group)\t\(item.name)\t\(rules)\n")
                    }
                    let covered = coverage.filter { !$0.rules.isEmpty }.count
                    try printOutput("  \(covered) of \(coverage.count) items covered\n")
                }
                if shown == 0 { try printOutput("no pack declares check-items\n") }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the rules of a pack: id, severity, layer, check and clause.")

            @Argument(help: "The pack as id@version (an id alone: its latest version).")
            var standard: String

            @OptionGroup var rules: RulesOptions

            func run() throws {
                for standard in try Rules.load([standard], from: rules.searchPath()) {
                    for rule in standard.rules {
                        try printOutput(
                            [rule.id, rule.severity.rawValue, rule.layer ?? "-", rule.descriptor.id, rule.clause]
                                .joined(separator: "\t") + "\n")
                    }
                }
            }
        }
    }
}
