import Foundation
import TestSupport
import Testing

/// `scripts/check-layering.py`: the folder graph of RuleEngine without cycles, no Swift file over 400
/// lines; run on this checkout and on small source trees written by the test.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3"))
struct LayeringTests {
    let script = packageRoot + "/scripts/check-layering.py"

    /// A package root holding `files` (path → text) under a fresh temporary folder.
    func tree(_ files: [String: String]) throws -> String {
        let root = NSTemporaryDirectory() + "stdcheck-layering-" + UUID().uuidString
        for (path, text) in files {
            let url = URL(fileURLWithPath: root + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func thisCheckoutHasNoCycleAndNoLongFile() throws {
        let run = try runProgram("/usr/bin/python3", [script])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("```mermaid\ngraph BT\n"))
        #expect(run.stdout.contains("    Standard --> Dataset\n"))
        #expect(run.stdout.contains("no cycle between"))
        // docs/architecture.md shows the graph as the script draws it today
        let diagram = try #require(
            run.stdout.range(of: "```mermaid\n").flatMap { start in
                run.stdout.range(of: "```\n", range: start.upperBound..<run.stdout.endIndex).map {
                    String(run.stdout[start.lowerBound..<$0.upperBound])
                }
            })
        let architecture = try String(contentsOfFile: packageRoot + "/docs/architecture.md", encoding: .utf8)
        #expect(architecture.contains(diagram), "redraw docs/architecture.md from scripts/check-layering.py")
    }

    @Test func aCycleFailsWithTheTypeReferencesThatMakeIt() throws {
        let root = try tree([
            "Sources/RuleEngine/Alpha/A.swift": "public struct Alpha {\n    var beta: Beta?\n}\n",
            // a name in a comment or a string is not a reference
            "Sources/RuleEngine/Beta/B.swift":
                "struct Beta {\n    // Gamma\n    let text = \"Gamma\"\n    func alpha() -> Alpha? { nil }\n}\n",
            "Sources/RuleEngine/Gamma/C.swift": "enum Gamma {}\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try runProgram("/usr/bin/python3", [script, "--root", root])
        #expect(run.status == 1)
        #expect(run.stdout.contains("cycle between RuleEngine folders: Alpha -> Beta -> Alpha"), "\(run.stdout)")
        #expect(run.stdout.contains("Alpha/A.swift → Beta"))
        #expect(run.stdout.contains("Beta/B.swift → Alpha"))
        #expect(!run.stdout.contains("Gamma"))
    }

    @Test func anAllowedEdgeBreaksTheCycleAndAStaleOneFails() throws {
        let root = try tree([
            "Sources/RuleEngine/Alpha/A.swift": "public struct Alpha {\n    var beta: Beta?\n}\n",
            "Sources/RuleEngine/Beta/B.swift": "extension Alpha {}\nstruct Beta {}\n",
            "allow.txt": "# known\nBeta -> Alpha\n",
            "stale.txt": "Beta -> Alpha\nAlpha -> Gamma\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let allowed = try runProgram("/usr/bin/python3", [script, "--root", root, "--allow", root + "/allow.txt"])
        #expect(allowed.status == 0, "\(allowed.stdout)")
        #expect(allowed.stdout.contains("    Beta -.-> Alpha\n"))
        #expect(allowed.stdout.contains("    Alpha --> Beta\n"))
        let stale = try runProgram("/usr/bin/python3", [script, "--root", root, "--allow", root + "/stale.txt"])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("allowed edge Alpha -> Gamma no longer exists"))
    }

    @Test func aFileOverTheLimitFails() throws {
        let lines = Array(repeating: "// line", count: 401).joined(separator: "\n") + "\n"
        let root = try tree([
            "Sources/RuleEngine/Alpha/A.swift": "struct Alpha {}\n",
            "Sources/Formats/Long.swift": lines,
            "Sources/Formats/Fits.swift": String(lines.dropFirst("// line\n".count)),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try runProgram("/usr/bin/python3", [script, "--root", root])
        #expect(run.status == 1)
        #expect(run.stdout.contains("Sources/Formats/Long.swift: 401 lines, more than 400"))
        #expect(!run.stdout.contains("Fits.swift"))
        let ascii = try runProgram("/usr/bin/python3", [script, "--root", root, "--ascii"])
        #expect(ascii.stdout.contains("  0  Alpha"))
        // an allowed file may be long until it is split; once it fits, its line must go
        try "Sources/Formats/Long.swift\n".write(toFile: root + "/allow.txt", atomically: true, encoding: .utf8)
        let allowed = try runProgram("/usr/bin/python3", [script, "--root", root, "--allow", root + "/allow.txt"])
        #expect(allowed.status == 0, "\(allowed.stdout)")
        #expect(allowed.stdout.contains("Sources/Formats/Long.swift: 401 lines (allowed for now)"))
        try "Sources/Formats/Fits.swift\n".write(toFile: root + "/allow.txt", atomically: true, encoding: .utf8)
        let stale = try runProgram("/usr/bin/python3", [script, "--root", root, "--allow", root + "/allow.txt"])
        #expect(stale.status == 1)
        #expect(stale.stdout.contains("allowed file Sources/Formats/Fits.swift is no longer over 400 lines"))
    }
}
