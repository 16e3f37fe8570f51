import Foundation
import TestSupport
import Testing

/// The pages of `stdcheck serve` (Sources/Service/Resources/pages) as files: the i18n table walked key by
/// key against the pages and the API contract, nothing loaded from outside, every control labelled.
/// What the pages do is the browser test's part (BrowserServiceTests).
@Suite struct PagesTests {
    static let folder = packageRoot + "/Sources/Service/Resources/pages"

    static func names(_ suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted()
    }

    static func read(_ name: String) throws -> String {
        try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
    }

    /// `window.STDCHECK_STRINGS = { … };` of i18n.js, read as the strict JSON it is kept in.
    static func table() throws -> [String: [String: String]] {
        let source = try read("i18n.js")
        let start = try #require(source.range(of: "window.STDCHECK_STRINGS = ")?.upperBound)
        let end = try #require(source.range(of: "};", options: .backwards)?.lowerBound)
        let json = Data((String(source[start..<end]) + "}").utf8)
        return try #require(try JSONSerialization.jsonObject(with: json) as? [String: [String: String]])
    }

    static func matches(_ pattern: String, in text: String) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func hasHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3000...0x303F).contains($0.value) }
    }

    /// The keys the pages name: data-i18n and data-i18n-attr in the HTML; in the scripts, every string
    /// literal shaped like a key of one of the table's namespaces ("detail.size", not "queue.html"), and
    /// the prefixes completed at run time ("state." + state).
    static func usedKeys(namespaces: Set<String>) throws -> Set<String> {
        var keys = Set<String>()
        for name in try names(".html") {
            let html = try read(name)
            keys.formUnion(try matches(#"data-i18n="([^"]+)""#, in: html))
            for attr in try matches(#"data-i18n-attr="([^"]+)""#, in: html) {
                for pair in attr.split(separator: ";") {
                    if let key = pair.split(separator: "=").last { keys.insert(String(key)) }
                }
            }
        }
        for name in try names(".js") where name != "i18n.js" {
            let script = try read(name)
            for literal in try matches(#""([a-z]+\.[A-Za-z][A-Za-z0-9 -]*)""#, in: script) {
                let parts = literal.split(separator: ".", maxSplits: 1)
                if namespaces.contains(String(parts[0])) && !["html", "js", "css"].contains(String(parts[1])) {
                    keys.insert(literal)
                }
            }
            for prefix in try matches(#""([a-z]+)\." \+"#, in: script) where namespaces.contains(prefix) {
                keys.insert(prefix + ".")
            }
        }
        return keys
    }

    /// Key prefixes the scripts complete at run time ("state." + the state), with the values the API
    /// contract (docs/openapi.yaml) says they can take.
    static func contractValues() throws -> [String: [String]] {
        let yaml = try String(contentsOfFile: packageRoot + "/docs/openapi.yaml", encoding: .utf8)
        func enumAfter(_ marker: String) throws -> [String] {
            let after = try #require(yaml.range(of: marker)).upperBound
            let open = try #require(yaml.range(of: "enum: [", range: after..<yaml.endIndex)).upperBound
            let close = try #require(yaml.range(of: "]", range: open..<yaml.endIndex)).lowerBound
            return yaml[open..<close].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let codes = try #require(yaml.range(of: "code:\n              type: string\n              description: >"))
            .upperBound
        let codesEnd = try #require(yaml.range(of: "message:", range: codes..<yaml.endIndex)).lowerBound
        let errorCodes = yaml[codes..<codesEnd].replacingOccurrences(of: ".", with: "")
            .split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        return [
            "state.": try enumAfter("    State:\n"),
            "verdict.": try enumAfter("    Verdict:\n"),
            "role.": try enumAfter("    Role:\n"),
            "scope.": try enumAfter("    Scope:\n"),
            "phase.": try enumAfter("        phase:\n"),
            "error.": errorCodes,
        ]
    }

    @Test func everyStringHasChineseAndEnglishWithTheSamePlaceholders() throws {
        let table = try Self.table()
        #expect(table.count > 100, "\(table.count) strings")
        // Names that read the same in both languages.
        let same: Set<String> = ["StdCheck", "SHA-256"]
        for (key, entry) in table.sorted(by: { $0.key < $1.key }) {
            #expect(Set(entry.keys) == ["zh", "en"], "\(key): \(entry.keys.sorted())")
            let zh = entry["zh"] ?? ""
            let en = entry["en"] ?? ""
            #expect(!zh.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no Chinese")
            #expect(!en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key) has no English")
            #expect(!Self.hasHan(en), "\(key): Chinese in the English string \(en)")
            #expect(Self.hasHan(zh) || same.contains(zh), "\(key): the Chinese string is not Chinese: \(zh)")
            let placeholders = { (text: String) in Set(try Self.matches(#"\{(\w+)\}"#, in: text)) }
            #expect(try placeholders(zh) == placeholders(en), "\(key): placeholders differ: \(zh) / \(en)")
        }
    }

    @Test func everyKeyThePagesUseIsInTheTableAndEveryKeyIsUsed() throws {
        let table = try Self.table()
        let namespaces = Set(table.keys.compactMap { $0.split(separator: ".").first.map(String.init) })
        let used = try Self.usedKeys(namespaces: namespaces)
        let dynamic = try Self.contractValues()
        // "state." + state in a script: a prefix the contract's values complete.
        let prefixes = used.filter { $0.hasSuffix(".") }
        #expect(prefixes.isSubset(of: Set(dynamic.keys)), "prefixes without contract values: \(prefixes.sorted())")
        let missing = used.subtracting(prefixes).subtracting(table.keys).sorted()
        #expect(missing.isEmpty, "keys the pages use that i18n.js lacks: \(missing)")
        // Every value the API can send has its words: a new state in the contract needs its label.
        var expanded = Set<String>()
        for (prefix, values) in dynamic {
            #expect(!values.isEmpty, "no values for \(prefix) in docs/openapi.yaml")
            for value in values {
                expanded.insert(prefix + value)
                #expect(table[prefix + value] != nil, "i18n.js lacks \(prefix + value) (a value of docs/openapi.yaml)")
            }
        }
        // The page's own error words beyond the API's codes.
        let own: Set<String> = ["error.network", "error.aborted", "error.http", "error.role"]
        let unused = Set(table.keys).subtracting(used).subtracting(expanded).subtracting(own).sorted()
        #expect(unused.isEmpty, "strings no page uses: \(unused)")
    }

    @Test func pagesLoadNothingFromOutsideAndNoInlineCode() throws {
        let all = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
        let ownFiles = Set(all)
        for name in try Self.names(".html") + Self.names(".js") + Self.names(".css") {
            let text = try Self.read(name)
            for external in ["http://", "https://", "//cdn", "@import", "url("] {
                #expect(!text.contains(external), "\(name) contains \(external)")
            }
        }
        for name in try Self.names(".html") {
            let html = try Self.read(name)
            for reference in try Self.matches(##"(?:src|href)="([^"#?]+)""##, in: html) {
                #expect(ownFiles.contains(reference), "\(name) refers to \(reference), not a file of the pages")
            }
            // Scripts and styles only from files (a Content-Security-Policy of 'self' keeps them working).
            #expect(try Self.matches(#"<script(?![^>]*\bsrc=)([^>]*)>"#, in: html).isEmpty, "\(name) has inline script")
            #expect(!html.contains("<style"), "\(name) has an inline stylesheet")
            #expect(try Self.matches(#"\s(style|on[a-z]+)="#, in: html).isEmpty, "\(name) has inline style or handlers")
            #expect(html.contains("<html lang=\"zh-CN\">"), "\(name) names no language")
            #expect(html.contains("name=\"viewport\""), "\(name) has no viewport (phones)")
            #expect(html.contains("<main id=\"main\""), "\(name) has no main landmark")
            #expect(try Self.matches(#"<title data-i18n="([^"]+)""#, in: html).count == 1, "\(name) title")
            #expect(html.contains("<script src=\"i18n.js\"></script>\n<script src=\"app.js\"></script>"), "\(name)")
        }
    }

    @Test func everyFormControlHasALabel() throws {
        for name in try Self.names(".html") {
            let html = try Self.read(name)
            let labelled = Set(try Self.matches(#"<label for="([^"]+)""#, in: html))
            let controls = try Self.matches(#"(<(?:input|select|textarea|progress)\b[^>]*>)"#, in: html)
            #expect(!controls.isEmpty || name == "index.html", "\(name) has no controls")
            for control in controls {
                if let id = try Self.matches(#"\bid="([^"]+)""#, in: control).first {
                    #expect(
                        labelled.contains(id) || control.contains("aria-label"),
                        "\(name): \(control) has no label")
                } else {
                    // Without an id only a checkbox inside its own <label> (the token scopes).
                    #expect(
                        control.contains("type=\"checkbox\"") && html.contains("<label>" + control),
                        "\(name): \(control)")
                }
            }
        }
    }
}
