import Foundation

/// The path as the report shows it: relative to the working directory when beneath it, without a trailing
/// slash, and never `.`.
public func displayPath(_ path: String) -> String {
    var shown = path
    while shown.count > 1, shown.hasSuffix("/") { shown.removeLast() }
    let cwd = FileManager.default.currentDirectoryPath
    if shown.hasPrefix(cwd + "/") { shown = String(shown.dropFirst(cwd.count + 1)) }
    // `.`, `..`, `./`: the folder's real name, never `.`; `./x.zip` reads `x.zip`
    if shown.split(separator: "/").allSatisfy({ $0 == "." || $0 == ".." }) {
        shown = URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent
    }
    while shown.hasPrefix("./") { shown = String(shown.dropFirst(2)) }
    return shown
}

/// A file's path relative to the submission folder (report locations are relative to it), with `..` as needed.
public func relativePath(of file: String, from submission: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    func parts(_ path: String) -> [String] {
        let absolute = path.hasPrefix("/") ? path : cwd + "/" + path
        return URL(fileURLWithPath: absolute).standardizedFileURL.pathComponents.filter { $0 != "/" }
    }
    var isDirectory: ObjCBool = false
    var base = parts(submission)
    if FileManager.default.fileExists(atPath: submission, isDirectory: &isDirectory), !isDirectory.boolValue {
        base.removeLast()
    }
    let target = parts(file)
    var common = 0
    while common < base.count, common < target.count, base[common] == target[common] { common += 1 }
    let relative = Array(repeating: "..", count: base.count - common) + target[common...]
    return relative.joined(separator: "/")
}
