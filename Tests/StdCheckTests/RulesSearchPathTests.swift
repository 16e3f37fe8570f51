import Foundation
import RuleEngine
import TestSupport
import Testing

/// Rule packs are found wherever the binary is: `--rules-dir` (repeatable), `$STDCHECK_RULES`, then the
/// rules installed beside the executable's real path.
struct RulesSearchPathTests {
    /// A fresh folder, removed by the caller.
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-rules-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// Writes `<folder>/<id>/<version>/pack.yaml` with `lines` after the identity.
    func writePack(in folder: String, id: String, version: String, title: String, _ lines: String = "") throws {
        let directory = "\(folder)/\(id)/\(version)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let text = """
            schema: 1
            id: \(id)
            version: "\(version)"
            title: {zh: \(title), en: \(title)}
            \(lines)
            """
        try text.write(toFile: directory + "/pack.yaml", atomically: true, encoding: .utf8)
    }

    @Test func searchOrderIsRulesDirThenTheEnvironmentThenTheInstalledRules() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        for folder in ["a", "b", "c", "d"] {
            try writePack(in: "\(root)/\(folder)", id: "tiny", version: "1", title: "tiny-from-\(folder)")
        }
        try writePack(in: "\(root)/d", id: "only", version: "1", title: "only-in-d")
        let run = try runStdcheck(
            ["standards", "list", "--verbose", "--rules-dir", "\(root)/a", "--rules-dir", "\(root)/b/"],
            environment: ["STDCHECK_RULES": "\(root)/c::\(root)/d:"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        let path = Array(lines.prefix { !$0.contains("\t") })
        // The debug binary lives in .build of this checkout: its installed rules are rules/ here.
        #expect(
            path == [
                "rules search path:",
                "  \(root)/a (--rules-dir)",
                "  \(root)/b (--rules-dir)",
                "  \(root)/c ($STDCHECK_RULES)",
                "  \(root)/d ($STDCHECK_RULES)",
                "  .build/\(try #require(builtTriple))/share/stdcheck/rules (installed; not there)",
                "  rules (installed)",
            ])
        let tiny = try #require(lines.first { $0.hasPrefix("tiny@1\t") })
        #expect(tiny.contains("tiny-from-a"))
        #expect(tiny.contains("from: \(root)/a/tiny/1"))
        #expect(tiny.contains("shadows: \(root)/b/tiny/1\tshadows: \(root)/c/tiny/1\tshadows: \(root)/d/tiny/1"))
        #expect(lines.contains { $0.hasPrefix("only@1\t") && $0.contains("from: \(root)/d/only/1") })
        #expect(lines.contains { $0.hasPrefix("gtdc@2020\t") && $0.contains("from: rules/gtdc/2020") })

        // The report's manifest records the same path.
        let check = try runStdcheck(
            [
                "check", "fixtures/sample-county", "--standard", "gtdc@2020", "--format", "json", "--rules-dir",
                "\(root)/a",
            ],
            environment: ["STDCHECK_RULES": "\(root)/c"])
        #expect(check.status == 1, "\(check.stderr)")
        let json = try JSONNode.parse(Data(check.stdout.utf8))
        #expect(
            json["standard"]?["searchPath"]
                == .array([.string("\(root)/a"), .string("\(root)/c"), .string("rules")]))
    }

    @Test func theFirstFolderHoldingAPackProvidesIt() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writePack(in: "\(root)/a", id: "tiny", version: "1", title: "first")
        try writePack(in: "\(root)/b", id: "tiny", version: "1", title: "second")
        for (order, title) in [(["a", "b"], "first"), (["b", "a"], "second")] {
            let run = try runStdcheck(
                ["standards", "list"] + order.flatMap { ["--rules-dir", "\(root)/\($0)"] })
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("tiny@1\t\(title) / \(title)\t"), "\(run.stdout)")
        }
    }

    @Test func aProfileInOneFolderExtendsThePackShippedInAnother() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A provincial profile: gtdc@2020 with a required field's rule lowered to a warning.
        try writePack(
            in: "\(root)/etc", id: "zjgtdc", version: "2024", title: "浙江国土调查",
            """
            extends: gtdc@2020
            overrides:
              severity:
                DLTB.BSM.value-missing: warning
            """)
        let run = try runStdcheck(
            ["check", "fixtures/sample-county", "--standard", "zjgtdc@2024", "--format", "json"],
            environment: ["STDCHECK_RULES": "\(root)/etc"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try JSONNode.parse(Data(run.stdout.utf8))
        #expect(json["standard"]?["id"]?.string == "zjgtdc")
        #expect(json["standard"]?["extends"] == .array([.string("gtdc@2020")]))
        #expect(json["standard"]?["searchPath"] == .array([.string("\(root)/etc"), .string("rules")]))
        let rule = json["rules"]?.array?.first { $0["id"]?.string == "DLTB.BSM.value-missing" }
        #expect(rule?["severity"]?.string == "warning")
        let list = try runStdcheck(["standards", "list", "--verbose", "--rules-dir", "\(root)/etc"])
        #expect(list.stdout.contains("from: \(root)/etc/zjgtdc/2024\textends: gtdc@2020 (rules/gtdc/2020)"))

        // Without the folder that holds the parent, the profile names what it extends and where it looked.
        do {
            _ = try RulePackLoader.load("zjgtdc@2024", searchPath: RulesSearchPath(directories: ["\(root)/etc"]))
            Issue.record("a profile whose parent is nowhere on the path loaded")
        } catch {
            #expect(error.location.file == "\(root)/etc/zjgtdc/2024/pack.yaml")
            #expect(error.location.line == 5)
            #expect(
                error.message.hasPrefix("no standard 'gtdc@2020' in the rules search path (\(root)/etc (--rules-dir))"))
        }
    }

    @Test func noPackAnywhereExitsTwoListingEveryPlaceLookedIn() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A copy of the binary outside any checkout and without installed rules.
        let binary = try placedBinary(in: root + "/prefix/bin")
        for folder in ["empty-option", "empty-env"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(folder)", withIntermediateDirectories: true)
        }
        let places = """
            looked in:
              \(root)/empty-option (--rules-dir)
              \(root)/empty-env ($STDCHECK_RULES)
              \(root)/prefix/share/stdcheck/rules (installed; not there)
            """
        for arguments in [
            ["standards", "list"],
            ["check", packageRoot + "/fixtures/sample-county"],
            ["rules", "test"],
        ] {
            let run = try runProgram(
                binary, arguments + ["--rules-dir", "\(root)/empty-option"],
                environment: ["STDCHECK_RULES": "\(root)/empty-env"], in: "/")
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
            #expect(run.stderr.contains("stdcheck: error: no rule pack found; \(places)"), "\(run.stderr)")
            #expect(run.stdout.isEmpty)
        }
        let named = try runProgram(
            binary, ["check", packageRoot + "/fixtures/sample-county", "--standard", "gtdc@2020"], in: "/")
        #expect(named.status == 2)
        #expect(
            named.stderr
                == "stdcheck: error: no standard 'gtdc@2020' in the rules search path "
                + "(\(root)/prefix/share/stdcheck/rules (installed; not there)); available: none "
                + "(`stdcheck standards list`)\n")
    }

    @Test func aRulesFolderThatDoesNotExistIsAnErrorNotSkipped() throws {
        let run = try runStdcheck(["standards", "list", "--rules-dir", "fixtures/no-such-rules"])
        #expect(run.status == 2)
        #expect(run.stderr == "stdcheck: error: no such rules folder: fixtures/no-such-rules (--rules-dir)\n")
        let environment = try runStdcheck(
            ["check", "fixtures/sample-county", "--standard", "gtdc@2020"],
            environment: ["STDCHECK_RULES": "fixtures/no-such-rules"])
        #expect(environment.status == 2)
        #expect(environment.stderr.contains("no such rules folder: fixtures/no-such-rules ($STDCHECK_RULES)"))
    }

    @Test func theInstalledRulesFollowTheExecutablesRealPathNotItsName() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A symbolic link elsewhere to the binary of this checkout still finds this checkout's rules.
        try FileManager.default.createDirectory(atPath: root + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root + "/bin/stdcheck", withDestinationPath: URL(fileURLWithPath: stdcheckBinary).path)
        let run = try runProgram(root + "/bin/stdcheck", ["standards", "list", "--verbose"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("  \(packageRoot)/rules (installed)\n"), "\(run.stdout)")
        #expect(!run.stdout.contains("\(root)/share"))
    }

    @Test func aBareIdIsTheLatestVersionAndSaysWhich() throws {
        let run = try runStdcheck(["check", "fixtures/sample-county", "--standard", "gtdc", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr == "stdcheck: --standard gtdc is gtdc@2020 (the latest of 1)\n")
        let json = try JSONNode.parse(Data(run.stdout.utf8))
        #expect(json["standard"]?["version"]?.string == "2020")
        #expect(json["standard"]?["selection"]?.string == "given")
        #expect(json["standard"]?["reason"]?.string == "--standard gtdc is gtdc@2020 (the latest of 1)")

        // Versions compare as numbers, across every folder of the path.
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try writePack(in: "\(root)/a", id: "tiny", version: "2", title: "two")
        try writePack(in: "\(root)/a", id: "tiny", version: "10", title: "ten")
        try writePack(in: "\(root)/b", id: "tiny", version: "9", title: "nine")
        let latest = try runStdcheck(["rules", "list", "tiny", "--rules-dir", "\(root)/a", "--rules-dir", "\(root)/b"])
        #expect(latest.status == 0, "\(latest.stderr)")
        #expect(latest.stderr == "stdcheck: tiny is tiny@10 (the latest of 3)\n")

        let unknown = try runStdcheck(["check", "fixtures/sample-county", "--standard", "nosuch"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.hasPrefix("stdcheck: error: no standard 'nosuch' in the rules search path"))
    }

    /// The target triple folder of this build (`.build/<triple>/debug`), from the binary's real path.
    var builtTriple: String? {
        let components = URL(fileURLWithPath: stdcheckBinary).resolvingSymlinksInPath().pathComponents
        guard let build = components.lastIndex(of: ".build"), build + 1 < components.count else { return nil }
        return components[build + 1]
    }

    /// The binary hard-linked (or copied) into `folder`, so that its real path is there.
    func placedBinary(in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let target = folder + "/stdcheck"
        let source = URL(fileURLWithPath: stdcheckBinary).resolvingSymlinksInPath().path
        do {
            try FileManager.default.linkItem(atPath: source, toPath: target)
        } catch {
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
        return target
    }
}
