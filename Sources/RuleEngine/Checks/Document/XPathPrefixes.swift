/// The namespace prefixes of XPath expressions, which a pack must declare under `namespaces:`.
enum XPathPrefixes {
    /// The namespace prefixes an XPath expression uses (`m:Head` → `m`; axes such as `child::` and
    /// quoted strings are not prefixes).
    static func of(_ expression: String) -> Set<String> {
        var found: Set<String> = []
        var quote: Character?
        var word = ""
        var previous: Character = " "
        let characters = Array(expression)
        for (index, character) in characters.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                word = ""
                continue
            }
            if character.isLetter || character.isNumber || character == "_" || character == "-" || character == "." {
                if word.isEmpty, character.isNumber || character == "-" || character == "." {
                    previous = character
                    continue
                }
                word.append(character)
            } else {
                if character == ":", !word.isEmpty, previous != ":", index + 1 < characters.count,
                    characters[index + 1] != ":"
                {
                    found.insert(word)
                }
                word = ""
            }
            previous = character
        }
        return found
    }
}
