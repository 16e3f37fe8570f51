import Dispatch
import Foundation
import RuleEngine
import Synchronization

/// Hashes a submission's files on another core while the rules run; `wait()` returns them with digests.
public final class FileDigests: Sendable {
    private let result = Mutex<[SubmittedFile]?>(nil)
    private let group = DispatchGroup()

    /// Starts hashing every file of `submission` in the background.
    public init(_ submission: Submission) {
        let files = submission.files
        let root = submission.root
        group.enter()
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let hashed = files.map { file -> SubmittedFile in
                var copy = file
                if case .success(let (size, sha)) = SubmissionReader.digest(root + "/" + file.path) {
                    copy.size = size
                    copy.sha256 = sha
                }
                return copy
            }
            result.withLock { $0 = hashed }
            group.leave()
        }
    }

    /// The files with their sha256, once hashing is done.
    public func wait() -> [SubmittedFile] {
        group.wait()
        return result.withLock { $0 ?? [] }
    }
}
