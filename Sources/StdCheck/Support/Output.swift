import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Standard output and standard error written with write(2) directly, so that a write that fails
/// (a full disk, `> /dev/full`, a pipe whose reader has gone) is seen and handled, never a trap.
enum Output {
    /// Ignores SIGPIPE for the process, so that writing to a closed pipe returns EPIPE instead of
    /// killing the process silently. Called once, before anything is written.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `bytes` to `descriptor`, retrying after EINTR and continuing after partial
    /// writes; returns the errno of the write that failed, or nil when everything was written.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    /// Writes to standard output; when it cannot be written, says so on standard error (when that
    /// can be written) and throws exit status 3, "the run could not complete" (thrown, not exited,
    /// so that the run unwinds: a zip's temporary folder is removed).
    static func standardOutput(_ text: String) throws(ExitCode) {
        guard let failure = writeAll(Array(text.utf8), to: STDOUT_FILENO) else { return }
        let reason = String(cString: strerror(failure))
        _ = writeAll(
            Array("stdcheck: error: cannot write to standard output: \(reason)\n".utf8), to: STDERR_FILENO)
        throw ExitCode.incomplete
    }

    /// Writes to standard error; a failure there has nowhere to be reported and is ignored, so
    /// that diagnostics never change the outcome of a run.
    static func standardError(_ text: String) {
        _ = writeAll(Array(text.utf8), to: STDERR_FILENO)
    }
}

/// Writes text to standard output unbuffered, so that it never interleaves with diagnostics.
func printOutput(_ text: String) throws(ExitCode) {
    try Output.standardOutput(text)
}

/// Writes a diagnostic line to standard error.
func printError(_ message: String) {
    Output.standardError(message + "\n")
}

/// Rewrites one status line on standard error (a terminal): carriage return, text, clear to end of line.
func printProgress(_ text: String) {
    Output.standardError("\r" + text + "\u{1B}[K")
}
