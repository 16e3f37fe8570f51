// A private folder (in /dev/shm when there is one) that a fuzz target writes its input into each run.
import Formats
import Foundation
import RuleEngine

final class FuzzWorkspace: Sendable {
    let path: String

    init(name: String) {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        path = "\(base)/stdcheck-fuzz-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func reset() {
        for file in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
            try? FileManager.default.removeItem(atPath: path + "/" + file)
        }
    }

    func write(_ data: Data, as file: String) {
        _ = FileManager.default.createFile(atPath: path + "/" + file, contents: data)
    }

    /// Opens the folder as a submission and reads every record of every layer.
    func drain() {
        guard let submission = try? SubmissionReader.open(path) else { return }
        for layer in submission.layers {
            for result in layer.records() { _ = try? result.get() }
        }
    }
}
