import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one run's report files into an output folder as one set.
///
/// The files are first written in full into a fresh staging folder inside the output folder (the same
/// file system, so a rename moves them), then renamed into place one after another while the run
/// holds an exclusive `flock` on `.stdcheck.lock` in the output folder. Two runs writing the same
/// folder therefore never interleave: the set of report files present comes from one run (the last
/// to take the lock), and each file is either the old one or the new one, never a partial one. A
/// reader that wants a consistent set takes a shared lock on the same file while it reads.
public enum ReportFolder {
    /// The lock file's name inside the output folder.
    public static let lockName = ".stdcheck.lock"

    /// A report folder that cannot be written: the path concerned and why.
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes `files` (file name, and what renders its contents: called one file at a time, so only
    /// one rendering is held in memory) into `folder`, created when missing.
    public static func write(_ files: [(name: String, render: () -> String)], into folder: String) throws(WriteError) {
        try write(files.map { file in (file.name, { () throws -> Data in Data(file.render().utf8) }) }, into: folder)
    }

    /// Writes files whose contents are bytes (a PDF); `render` may fail, and then nothing is moved
    /// into `folder` and its error is the reason.
    public static func write(_ files: [(name: String, data: () throws -> Data)], into folder: String) throws(WriteError)
    {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder, reason: error.localizedDescription)
        }
        let staging = folder + "/.stdcheck-staging-\(getpid())-" + UUID().uuidString
        guard mkdir(staging, 0o700) == 0 else { throw failure(staging) }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        for file in files {
            let path = staging + "/" + file.name
            let data: Data
            do { data = try file.data() } catch { throw WriteError(path: folder + "/" + file.name, reason: "\(error)") }
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw WriteError(path: path, reason: "cannot be written")
            }
        }
        let lock = open(folder + "/" + lockName, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw failure(folder + "/" + lockName) }
        defer { close(lock) }  // closing the descriptor releases the lock
        while flock(lock, LOCK_EX) != 0 {
            if errno != EINTR { throw failure(folder + "/" + lockName) }
        }
        for file in files where rename(staging + "/" + file.name, folder + "/" + file.name) != 0 {
            throw failure(folder + "/" + file.name)
        }
    }

    private static func failure(_ path: String) -> WriteError {
        WriteError(path: path, reason: String(cString: strerror(errno)))
    }
}
