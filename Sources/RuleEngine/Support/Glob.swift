/// Shell-style globs over `/`-separated paths: `*` and `?` stay within a name, `**` spans folders.
public enum Glob {
    /// True when `path` matches `pattern`; a leading `**/` also matches no folder at all.
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        if pattern.hasPrefix("**/"), matches(String(pattern.dropFirst(3)), path) { return true }
        return match(Array(pattern), 0, Array(path), 0)
    }

    private static func match(_ p: [Character], _ i: Int, _ s: [Character], _ j: Int) -> Bool {
        if i == p.count { return j == s.count }
        if p[i] == "*" {
            let spansFolders = i + 1 < p.count && p[i + 1] == "*"
            let next = spansFolders ? i + 2 : i + 1
            var k = j
            while true {
                if match(p, next, s, k) { return true }
                if k == s.count || (!spansFolders && s[k] == "/") { return false }
                k += 1
            }
        }
        guard j < s.count else { return false }
        if p[i] == "?" { return s[j] != "/" && match(p, i + 1, s, j + 1) }
        return p[i] == s[j] && match(p, i + 1, s, j + 1)
    }
}
