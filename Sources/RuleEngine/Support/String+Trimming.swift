extension StringProtocol {
    /// The text without leading and trailing spaces and tabs, the padding dBASE and delimited tables
    /// put around values; other characters, ideographic spaces included, are data.
    public func trimmingSpaces() -> String {
        var scalars = self[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }

    /// The text without leading and trailing whitespace, line breaks and NUL bytes, for the one-line
    /// sidecar files (`.cpg`, `.prj`) and declarations that writers pad in many ways.
    public func trimmingWhitespace() -> String {
        var scalars = self[...]
        while let first = scalars.first, first.isWhitespace || first == "\0" { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace || last == "\0" { scalars.removeLast() }
        return String(scalars)
    }
}
