import Foundation
import TestSupport
import Testing

/// `make install` puts stdcheck, its rules, a man page and completions under a prefix; the installed binary
/// finds its rules from any working directory; `make uninstall` removes everything it installed.
/// The test installs the products already built for the tests (`BIN_DIR`), through the same Makefile target
/// and script as a release install.
struct InstallTests {
    func temporaryDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-install-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// `make <arguments>` in the package root.
    func make(_ arguments: [String]) throws -> RunResult {
        try runProgram("/usr/bin/env", ["make", "--no-print-directory"] + arguments, timeout: 120)
    }

    /// Every file (not folder) under `folder`, relative to it, sorted.
    func files(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var found: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                found.append(path)
            }
        }
        return found.sorted()
    }

    var builtProducts: String {
        URL(fileURLWithPath: stdcheckBinary).resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    @Test func installedBinaryFindsItsRulesFromAnotherFolderAndUninstallLeavesNothing() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make installs; this machine has none")
        try #require(FileManager.default.isExecutableFile(atPath: builtProgram("stdcheck-gen")), "stdcheck-gen built")
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let prefix = root + "/usr"
        let install = try make(["install", "PREFIX=\(prefix)", "BIN_DIR=\(builtProducts)"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")

        let installed = files(under: prefix)
        for expected in [
            "bin/stdcheck", "bin/stdcheck-gen", "share/stdcheck/rules/gtdc/2020/pack.yaml",
            "share/man/man1/stdcheck.1", "share/bash-completion/completions/stdcheck",
            "share/zsh/site-functions/_stdcheck", "share/fish/vendor_completions.d/stdcheck.fish",
        ] {
            #expect(installed.contains(expected), "\(expected) not installed")
        }
        // Every pack file of the checkout is installed, and nothing else under share/stdcheck.
        let packFiles = files(under: packageRoot + "/rules").map { "share/stdcheck/rules/" + $0 }
        #expect(installed.filter { $0.hasPrefix("share/stdcheck/") } == packFiles)
        #expect(FileManager.default.isExecutableFile(atPath: prefix + "/bin/stdcheck"))

        let manual = try String(contentsOfFile: prefix + "/share/man/man1/stdcheck.1", encoding: .utf8)
        #expect(manual.hasPrefix(".TH STDCHECK 1 "))
        for section in [".SH SYNOPSIS", ".SH COMMANDS", ".SS stdcheck check", ".SS stdcheck standards list"] {
            #expect(manual.contains("\n\(section)"), "\(section) missing from the man page")
        }
        #expect(manual.contains("\\fB\\-\\-rules\\-dir\\fR \\fIdir\\fR"))
        let fish = try String(
            contentsOfFile: prefix + "/share/fish/vendor_completions.d/stdcheck.fish", encoding: .utf8)
        #expect(fish.contains("complete -c 'stdcheck'") || fish.contains("complete -c stdcheck"))
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_stdcheck", encoding: .utf8)
        #expect(zsh.hasPrefix("#compdef stdcheck"))
        let bash = try runProgram(
            "/bin/bash",
            ["-c", "source \"$0\" && complete -p stdcheck", prefix + "/share/bash-completion/completions/stdcheck"])
        #expect(bash.status == 0, "\(bash.stderr)")
        #expect(bash.stdout.hasSuffix(" stdcheck\n"))

        // From another folder, with and without --standard: the rules are found, the sample has findings.
        let elsewhere = root + "/work"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let sample = packageRoot + "/fixtures/sample-county"
        let given = try runProgram(
            prefix + "/bin/stdcheck", ["check", sample, "--standard", "gtdc@2020", "--format", "json"], in: elsewhere)
        #expect(given.status == 1, "\(given.stderr)")
        let json = try JSONNode.parse(Data(given.stdout.utf8))
        #expect(json["standard"]?["searchPath"] == .array([.string(prefix + "/share/stdcheck/rules")]))
        #expect(json["verdict"]?.string != nil)
        let detected = try runProgram(prefix + "/bin/stdcheck", ["check", sample], in: elsewhere)
        #expect(detected.status == 1, "\(detected.stderr)")
        #expect(detected.stderr.hasPrefix("stdcheck: detected gtdc@2020: "), "\(detected.stderr)")
        let list = try runProgram(prefix + "/bin/stdcheck", ["standards", "list", "--verbose"], in: elsewhere)
        #expect(list.stdout.hasPrefix("rules search path:\n  \(prefix)/share/stdcheck/rules (installed)\n"))
        let generator = try runProgram(
            prefix + "/bin/stdcheck-gen", ["--polygons", "20", "--output", "generated"], in: elsewhere)
        #expect(generator.status == 0, "\(generator.stderr)")
        #expect(files(under: elsewhere + "/generated").contains { $0.hasSuffix("DLTB.shp") })

        let uninstall = try make(["uninstall", "PREFIX=\(prefix)"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: prefix)) ?? []) == [])
    }

    @Test func destdirStagesTheInstallForPackagers() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make installs; this machine has none")
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let stage = root + "/stage"
        let install = try make(["install", "PREFIX=/opt/stdcheck", "DESTDIR=\(stage)", "BIN_DIR=\(builtProducts)"])
        #expect(install.status == 0, "\(install.stdout)\(install.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: stage + "/opt/stdcheck/share/stdcheck/rules/gtdc/2020/pack.yaml"))
        #expect(!FileManager.default.fileExists(atPath: "/opt/stdcheck/bin/stdcheck"))
        // The staged binary already finds the staged rules: they are found from its own real path.
        let run = try runProgram(
            stage + "/opt/stdcheck/bin/stdcheck",
            ["check", packageRoot + "/fixtures/sample-county", "--standard", "gtdc@2020"], in: root)
        #expect(run.status == 1, "\(run.stderr)")
        let uninstall = try make(["uninstall", "PREFIX=/opt/stdcheck", "DESTDIR=\(stage)"])
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        #expect(files(under: stage) == [])
    }
}
