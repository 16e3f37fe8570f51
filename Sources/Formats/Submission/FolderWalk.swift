import Foundation
import RuleEngine

/// Lists a submission folder recursively with `opendir`/`readdir`, so that nothing in it is passed over
/// without a word: a folder that cannot be listed, a symbolic link that leads nowhere or outside the
/// submission, a member that is not a regular file (a FIFO would block a reader), and a name that is not
/// UTF-8 (GBK names copied from a Chinese Windows share) each become a finding. Foundation's enumerator
/// skips all of these silently.
///
/// A symbolic link to a file inside the submission is listed under the link's own path and read through
/// it. A folder named `*.gdb` (a File Geodatabase) is listed as one member, `NAME.gdb/`, and not entered.
struct FolderWalk {
    /// Regular files (and links to regular files inside the submission), relative to the root, unsorted.
    private(set) var files: [String] = []
    /// Folders listed as members of their own: File Geodatabases, relative, ending in `/`.
    private(set) var folderMembers: [String] = []
    private(set) var findings: [FormatFinding] = []

    /// Folders deeper than this are not entered (a finding says so).
    static let maximumDepth = 64

    init(root: String) {
        let realRoot = Self.realPath(root) ?? root
        walk(root, relative: "", realRoot: realRoot, depth: 0)
    }

    private mutating func walk(_ folder: String, relative: String, realRoot: String, depth: Int) {
        let shown = relative.isEmpty ? "." : relative
        guard depth <= Self.maximumDepth else {
            unreadable(shown, "the folder is nested more than \(Self.maximumDepth) levels deep and was not entered")
            return
        }
        guard let directory = opendir(folder) else {
            unreadable(shown, "the folder cannot be listed: \(String(cString: strerror(errno)))")
            return
        }
        defer { closedir(directory) }
        var entries: [(bytes: [UInt8], type: UInt8)] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    unreadable(shown, "the folder cannot be listed to its end: \(String(cString: strerror(errno)))")
                }
                break
            }
            let bytes = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if bytes == [0x2E] || bytes == [0x2E, 0x2E] { continue }
            entries.append((bytes, entry.pointee.d_type))
        }
        entries.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        for entry in entries {
            guard let name = String(validating: entry.bytes, as: UTF8.self) else {
                undecodable(entry.bytes, in: relative)
                continue
            }
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = folder + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else {
                unreadable(path, "cannot be examined: \(String(cString: strerror(errno)))")
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                files.append(path)
            case S_IFDIR:
                if name.lowercased().hasSuffix(".gdb") {
                    folderMembers.append(path + "/")
                } else {
                    walk(full, relative: path, realRoot: realRoot, depth: depth + 1)
                }
            case S_IFLNK:
                link(path, full: full, realRoot: realRoot)
            default:
                unreadable(path, "is not a regular file (a device, FIFO or socket)")
            }
        }
    }

    /// A symbolic link: read when it leads to a regular file inside the submission, a finding otherwise.
    private mutating func link(_ path: String, full: String, realRoot: String) {
        let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?"
        guard let resolved = Self.realPath(full) else {
            unreadable(path, "is a symbolic link to '\(target)', which does not exist")
            return
        }
        guard resolved == realRoot || resolved.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
            unreadable(path, "is a symbolic link to '\(target)', outside the submission")
            return
        }
        var info = stat()
        guard stat(full, &info) == 0 else {
            unreadable(path, "is a symbolic link that cannot be followed: \(String(cString: strerror(errno)))")
            return
        }
        if info.st_mode & S_IFMT == S_IFREG {
            files.append(path)
        } else {
            unreadable(path, "is a symbolic link to a folder or special file ('\(target)'), which is not followed")
        }
    }

    private mutating func unreadable(_ path: String, _ reason: String) {
        findings.append(FormatFinding(.memberUnreadable, at: Location(file: path), ["reason": reason]))
    }

    /// A name whose bytes are not UTF-8: the finding shows the bytes and, when they decode as GB18030, the name.
    private mutating func undecodable(_ bytes: [UInt8], in relative: String) {
        let hex = bytes.map { String(format: "%02X", $0) }.joined(separator: " ")
        let decoded = bytes.withUnsafeBytes { TextDecoder(.gb18030).decode($0) }
        let guess = decoded.badOffset == nil ? decoded.text : nil
        let shownName = guess ?? "<\(hex)>"
        let path = relative.isEmpty ? shownName : relative + "/" + shownName
        findings.append(
            FormatFinding(
                .memberNameUndecodable, at: Location(file: path), value: hex,
                [
                    "hex": hex, "guess": guess.map { "（按 GB18030 解码为 '\($0)'）" } ?? "",
                    "guess_en": guess.map { " (as GB18030: '\($0)')" } ?? "",
                ]))
    }

    /// The canonical absolute path, all links resolved; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
