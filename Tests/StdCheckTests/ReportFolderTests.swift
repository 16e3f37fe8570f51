import Foundation
import Synchronization
import TestSupport
import Testing

/// Two runs writing one `--output` folder at the same time: the set of report files always comes from one run.
struct ReportFolderTests {
    static let formats = "text,json,jsonl,html,sarif,junit,geojson,csv,iso19157"

    /// The two runs: the same county in two folders, the second with one rule turned off, so that every
    /// report file of one differs from the other's.
    func arguments(_ run: Int, base: String, output: String) -> [String] {
        var arguments = [
            "check", base + (run == 0 ? "/a" : "/b"), "--standard", "gtdc@2020", "--format", Self.formats,
            "--output", output, "--quiet",
        ]
        if run == 1 { arguments += ["--severity", "DLTB.DLBM.code-unknown=off"] }
        return arguments
    }

    func contents(of folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where !name.hasPrefix(".") {
            files[name] = FileManager.default.contents(atPath: folder + "/" + name)
        }
        return files
    }

    @Test func concurrentRunsIntoOneFolderLeaveTheFilesOfOneRun() throws {
        let base = NSTemporaryDirectory() + "stdcheck-folder-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        for copy in ["a", "b"] {
            try FileManager.default.copyItem(atPath: fixture("sample-county"), toPath: base + "/" + copy)
        }
        // Each run alone, for reference.
        var references: [[String: Data]] = []
        for run in 0..<2 {
            let result = try runStdcheck(arguments(run, base: base, output: base + "/alone\(run)"), timeout: 120)
            #expect(result.status == 1, "\(result.stderr)")
            references.append(try contents(of: base + "/alone\(run)"))
        }
        // nine formats; the CSV adds the area tables and the GeoJSON a file per geometry type
        #expect(references[0].count == 12)
        #expect(references[0].keys.sorted() == references[1].keys.sorted())
        // the rule turned off changes neither the area tables nor the polygons of the second run
        let alike = Set(references[0].keys.filter { references[1][$0] == references[0][$0] })
        #expect(alike == ["report-areas.csv", "report-polygons.geojson"])

        for round in 0..<8 {
            let shared = base + "/shared\(round)"
            let statuses = Mutex<[Int32]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { run in
                let result = try? runStdcheck(arguments(run, base: base, output: shared), timeout: 120)
                statuses.withLock { $0.append(result?.status ?? -1) }
            }
            #expect(statuses.withLock { $0 } == [1, 1])
            let written = try contents(of: shared)
            let origins = Set(
                written.filter { !alike.contains($0.key) }.map { name, data in
                    references.firstIndex { $0[name] == data } ?? -1
                })
            #expect(written.count == 12)
            for name in alike { #expect(written[name] == references[0][name]) }
            #expect(origins.count == 1 && !origins.contains(-1), "round \(round): files from runs \(origins.sorted())")
            // Nothing but the reports and the lock file is left behind.
            let hidden = try FileManager.default.contentsOfDirectory(atPath: shared).filter { $0.hasPrefix(".") }
            #expect(hidden == [".stdcheck.lock"])
        }
    }
}
