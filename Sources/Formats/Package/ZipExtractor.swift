import Foundation
import RuleEngine
import ZIPFoundation

/// Bounds on a zip archive, checked against its central directory before anything is written,
/// and again against the bytes actually inflated.
public struct ZipLimits: Hashable, Sendable {
    public var maxEntries: Int
    /// Sum of the entries' uncompressed sizes, in bytes.
    public var maxTotalBytes: Int
    /// Uncompressed over compressed size, for entries larger than `ratioFloorBytes`.
    public var maxRatio: Int
    public var ratioFloorBytes: Int

    public init(
        maxEntries: Int = 10_000, maxTotalBytes: Int = 4 << 30, maxRatio: Int = 200, ratioFloorBytes: Int = 1 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
        self.ratioFloorBytes = ratioFloorBytes
    }
}

/// A private temporary folder, removed when the last reference to it goes (also when a run fails).
public final class Workspace: Sendable {
    /// Absolute path of the folder.
    public let path: String

    /// Creates a fresh folder, readable by this user only, under the system's temporary folder.
    public init() throws(ReadError) {
        let base = FileManager.default.temporaryDirectory.path
        let candidate = base + "/stdcheck-" + UUID().uuidString
        do {
            try FileManager.default.createDirectory(
                atPath: candidate, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReadError(path: candidate, reason: "cannot create a temporary folder: \(error.localizedDescription)")
        }
        path = candidate
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Extracts a zip archive safely: no entry lands outside the target folder, absolute and `..`
/// paths, symbolic links and names that do not decode (`ZipNames`) are findings and are not
/// extracted, and archives past `ZipLimits` are not extracted at all.
public enum ZipExtractor {
    /// Extracts `zip` into `folder/<name>!/`, so that members are named `name.zip!/member`.
    ///
    /// Returns the members written (relative to `folder`) and the findings; throws only when
    /// the file is not a zip archive at all.
    public static func extract(
        _ zip: String, into folder: String, limits: ZipLimits = ZipLimits()
    ) throws(ReadError) -> (members: [String], findings: [FormatFinding]) {
        let name = URL(fileURLWithPath: zip).lastPathComponent + "!"
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: zip), accessMode: .read)
        } catch {
            throw ReadError(path: zip, reason: "not a zip archive")
        }
        let entries = Array(archive)
        let here = Location(file: String(name.dropLast()))
        if entries.count > limits.maxEntries {
            return (
                [],
                [
                    FormatFinding(
                        .zipLimitExceeded, at: here,
                        ["reason": "\(entries.count) entries exceed the limit of \(limits.maxEntries)"])
                ]
            )
        }
        let declaredTotal = entries.reduce(UInt64(0)) { $0 &+ $1.uncompressedSize }
        if declaredTotal > UInt64(limits.maxTotalBytes) {
            return (
                [],
                [
                    FormatFinding(
                        .zipLimitExceeded, at: here,
                        [
                            "reason":
                                "\(declaredTotal) bytes uncompressed exceed the limit of \(limits.maxTotalBytes)"
                        ])
                ]
            )
        }
        for entry in entries where entry.uncompressedSize > UInt64(limits.ratioFloorBytes) {
            let ratio = entry.uncompressedSize / max(entry.compressedSize, 1)
            if ratio > UInt64(limits.maxRatio) {
                return (
                    [],
                    [
                        FormatFinding(
                            .zipLimitExceeded, at: here,
                            [
                                "reason":
                                    "entry '\(entry.path)' inflates \(ratio) times (\(entry.uncompressedSize) bytes), above the limit of \(limits.maxRatio)"
                            ])
                    ]
                )
            }
        }

        let root = folder + "/" + name
        var members: [String] = []
        var findings: [FormatFinding] = []
        var written = 0
        // The names as their tools meant them (GBK without the UTF-8 flag, Info-ZIP's Unicode Path);
        // ZIPFoundation's own decoding (UTF-8 or CP437) when the central directory cannot be read here.
        let names = ZipNames.names(of: zip).flatMap { $0.count == entries.count ? $0 : nil }
        for (number, entry) in entries.enumerated() {
            var path = entry.path
            switch names?[number] {
            case .decoded(let decoded): path = decoded
            case .undecodable(let bytes, let reason):
                let hex = ZipNames.hex(bytes)
                findings.append(
                    FormatFinding(
                        .zipEntryUnsafe, at: here, value: hex, ["entry": hex, "reason": "has a name that " + reason]))
                continue
            case nil: break
            }
            if let problem = unsafety(of: path, type: entry.type) {
                findings.append(
                    FormatFinding(
                        .zipEntryUnsafe, at: Location(file: name + "/" + path), value: path,
                        ["entry": path, "reason": problem]))
                continue
            }
            guard entry.type == .file else { continue }
            let components = path.split(separator: "/").map(String.init).filter { $0 != "." }
            let target = root + "/" + components.joined(separator: "/")
            // Belt and braces: the normalised target must still lie inside the private folder.
            guard URL(fileURLWithPath: target).standardizedFileURL.path.hasPrefix(root + "/") else {
                findings.append(
                    FormatFinding(
                        .zipEntryUnsafe, at: Location(file: name + "/" + path), value: path,
                        ["entry": path, "reason": "resolves outside the archive"]))
                continue
            }
            do {
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: target, contents: nil),
                    let handle = FileHandle(forWritingAtPath: target)
                else {
                    throw ReadError(path: target, reason: "cannot write")
                }
                defer { try? handle.close() }
                var entryBytes = 0
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    entryBytes += chunk.count
                    written += chunk.count
                    // Headers can lie: count what is actually inflated.
                    if UInt64(entryBytes) > entry.uncompressedSize || written > limits.maxTotalBytes {
                        throw ZipLimitError()
                    }
                    try handle.write(contentsOf: chunk)
                }
                members.append(name + "/" + components.joined(separator: "/"))
            } catch is ZipLimitError {
                try? FileManager.default.removeItem(atPath: target)
                findings.append(
                    FormatFinding(
                        .zipLimitExceeded, at: Location(file: name + "/" + path),
                        ["reason": "entry '\(path)' inflates past its declared size or the archive's limit"]))
                return (members, findings)
            } catch {
                try? FileManager.default.removeItem(atPath: target)
                findings.append(
                    FormatFinding(
                        .datasetUnreadable, at: Location(file: name + "/" + path),
                        ["reason": "cannot be extracted: \(error)"]))
            }
        }
        return (members.sorted(), findings)
    }

    /// Why an entry must not be extracted, or nil when it is safe.
    static func unsafety(of path: String, type: Entry.EntryType) -> String? {
        if type == .symlink { return "is a symbolic link" }
        let normalised = path.replacingOccurrences(of: "\\", with: "/")
        if normalised.hasPrefix("/") { return "has an absolute path" }
        if normalised.count >= 2, normalised.dropFirst().first == ":", normalised.first?.isLetter == true {
            return "has an absolute path"
        }
        if normalised.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "has a '..' component"
        }
        if normalised.contains("\u{0}") { return "has a NUL character" }
        return nil
    }
}

/// Thrown from the extraction consumer when an entry inflates past its bounds.
private struct ZipLimitError: Error {}
