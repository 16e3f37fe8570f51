import CLibXML2
import Foundation
import RuleEngine
import Synchronization

/// Bounds on untrusted XML, checked before and while libxml2 reads it.
public struct XMLLimits: Hashable, Sendable {
    /// Largest document read, in bytes.
    public var maxBytes: Int
    /// Deepest element nesting accepted (libxml2's own limit without `XML_PARSE_HUGE` is 256).
    public var maxDepth: Int
    /// Most attributes (namespace declarations included) on one element: libxml2's attribute handling
    /// is quadratic in them (10,000 take 0.4 s, 40,000 2.7 s, a million minutes).
    public var maxAttributes: Int
    /// Most elements in one document (about 16 bytes an element in a document of the largest size).
    public var maxElements: Int
    /// Longest text node (character data and CDATA between two tags), in bytes; libxml2 refuses
    /// 10,000,000 without `XML_PARSE_HUGE`.
    public var maxTextBytes: Int

    public init(
        maxBytes: Int = 64 << 20, maxDepth: Int = 256, maxAttributes: Int = 1_000, maxElements: Int = 4_000_000,
        maxTextBytes: Int = 8 << 20
    ) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAttributes = maxAttributes
        self.maxElements = maxElements
        self.maxTextBytes = maxTextBytes
    }
}

/// What libxml2 said about a document or schema: a message with its place.
public struct XMLIssue: Hashable, Sendable {
    /// 1-based; 0 when libxml2 gives none.
    public var line: Int
    /// 1-based; 0 when libxml2 gives none.
    public var column: Int
    public var message: String
    /// The element's path (`/m:Message/m:Head/m:BizMsgID`), for validation errors.
    public var xpath: String?
    /// The file libxml2 was reading (a schema may report errors in an imported schema).
    public var file: String?
    public var isWarning: Bool
}

/// The outcome of checking one document.
public struct XMLCheckResult: Sendable {
    /// The xmllint-style verdict.
    public enum Verdict: String, Sendable {
        case valid
        case invalid
        case schemaError = "schema-error"
        case notWellFormed = "not-well-formed"
        /// Refused before parsing: entity declarations, or past a limit (`XMLLimits`).
        case refused
        /// Well-formed, and no schema was given.
        case wellFormed = "well-formed"
    }

    public var verdict: Verdict
    public var findings: [FormatFinding]
    /// Problems of the schema itself (when the verdict is `schemaError`).
    public var schemaIssues: [XMLIssue]
}

/// Reads and validates XML through libxml2 with no network, no external entities, no DTD loading
/// and bounded size and depth.
///
/// libxml2's error handler, entity loader and catalogs are process-wide, so every call runs under
/// one lock: XML documents are checked one at a time.
public enum XMLValidator {
    /// Checks well-formedness, then validity against `schema` when given.
    ///
    /// `display` is the path findings name; `catalog` an XML catalog that maps the schema's
    /// imports to local files.
    public static func check(
        file path: String, display: String, schema: String? = nil, catalog: String? = nil,
        limits: XMLLimits = XMLLimits()
    ) -> XMLCheckResult {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        if size > limits.maxBytes {
            return XMLCheckResult(
                verdict: .refused,
                findings: [
                    FormatFinding(
                        .xmlTooLarge, at: Location(file: display), Self.sizeValues(size, limits.maxBytes))
                ], schemaIssues: [])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return XMLCheckResult(
                verdict: .refused,
                findings: [
                    FormatFinding(
                        .datasetUnreadable, at: Location(file: display), ["reason": "cannot open for reading"])
                ], schemaIssues: [])
        }
        return check(data: data, display: display, baseURL: path, schema: schema, catalog: catalog, limits: limits)
    }

    /// Checks a document held in memory; `baseURL` resolves nothing (external entities are refused) but names it.
    public static func check(
        data: Data, display: String, baseURL: String, schema: String? = nil, catalog: String? = nil,
        limits: XMLLimits = XMLLimits()
    ) -> XMLCheckResult {
        if data.count > limits.maxBytes {
            return XMLCheckResult(
                verdict: .refused,
                findings: [
                    FormatFinding(
                        .xmlTooLarge, at: Location(file: display), Self.sizeValues(data.count, limits.maxBytes))
                ], schemaIssues: [])
        }
        let declarations = EntityScanner.declarations(in: data)
        if !declarations.isEmpty {
            return XMLCheckResult(
                verdict: .refused,
                findings: declarations.map {
                    FormatFinding(
                        .xmlEntityDeclared, at: Location(file: display, line: $0.line, column: $0.column),
                        value: $0.name, ["name": $0.name, "kind": $0.kind])
                }, schemaIssues: [])
        }
        if let excess = StructureScanner.excess(in: data, limits: limits) {
            return XMLCheckResult(
                verdict: .refused,
                findings: [
                    FormatFinding(
                        .xmlTooLarge, at: Location(file: display, line: excess.line, column: excess.column),
                        Self.values(of: excess))
                ], schemaIssues: [])
        }
        return withLibXML2 { session in
            guard let doc = session.parse(data, url: baseURL, maxDepth: limits.maxDepth) else {
                let errors = session.take().filter { !$0.isWarning }
                let first = errors.first ?? XMLIssue(line: 0, column: 0, message: "not well-formed", isWarning: false)
                return XMLCheckResult(
                    verdict: .notWellFormed,
                    findings: [
                        FormatFinding(
                            .xmlNotWellFormed, at: location(of: first, in: display), ["reason": first.message])
                    ], schemaIssues: [])
            }
            defer { xmlFreeDoc(doc) }
            _ = session.take()
            guard let schema else { return XMLCheckResult(verdict: .wellFormed, findings: [], schemaIssues: []) }
            session.use(catalog: catalog)
            switch session.validate(doc, against: schema) {
            case .schemaError(let issues):
                return XMLCheckResult(
                    verdict: .schemaError,
                    findings: [
                        FormatFinding(
                            .xmlSchemaUnusable, at: Location(file: display),
                            ["schema": schema, "reason": issues.first(where: { !$0.isWarning })?.message ?? "unknown"])
                    ], schemaIssues: issues)
            case .checked(let issues):
                let errors = issues.filter { !$0.isWarning }
                return XMLCheckResult(
                    verdict: errors.isEmpty ? .valid : .invalid,
                    findings: errors.map {
                        FormatFinding(.xmlSchemaInvalid, at: location(of: $0, in: display), ["reason": $0.message])
                    }, schemaIssues: [])
            }
        }
    }

    /// The errors that keep `schema` from compiling (imports resolved through `catalog`, never the
    /// network); empty when it compiles.
    public static func schemaErrors(_ schema: String, catalog: String? = nil) -> [XMLIssue] {
        withLibXML2 { session in
            session.use(catalog: catalog)
            switch session.compile(schema) {
            case .failure(let errors): return errors.issues.filter { !$0.isWarning }
            case .success(let compiled):
                xmlSchemaFree(compiled)
                return []
            }
        }
    }

    static func sizeValues(_ size: Int, _ limit: Int) -> [String: String] {
        [
            "what-zh": "文档大小（字节）", "what-en": "the document's size in bytes", "size": String(size),
            "limit": String(limit),
        ]
    }

    static func values(of excess: StructureScanner.Excess) -> [String: String] {
        let (zh, en) =
            switch excess.measure {
            case .attributes(let element): ("元素 <\(element)> 的属性数", "the attribute count of element <\(element)>")
            case .elements: ("文档的元素数", "the document's element count")
            case .text: ("文本节点长度（字节）", "the length of a text node in bytes")
            }
        return ["what-zh": zh, "what-en": en, "size": String(excess.count), "limit": String(excess.limit)]
    }

    static func location(of issue: XMLIssue, in display: String) -> Location {
        Location(
            file: display, line: issue.line > 0 ? issue.line : nil, column: issue.line > 0 ? max(issue.column, 1) : nil,
            xpath: issue.xpath)
    }
}

/// Runs `body` with libxml2 to itself: initialised, the entity loader installed, errors collected.
func withLibXML2<T: Sendable>(_ body: (LibXML2Session) -> T) -> T {
    _ = libxml2Setup
    return libxml2State.withLock { loadedCatalogs in
        let session = LibXML2Session(loadedCatalogs: loadedCatalogs)
        let result = session.run(body)
        loadedCatalogs = session.loadedCatalogs
        return result
    }
}

/// The catalogs in force; the lock around every use of libxml2.
private let libxml2State = Mutex<Set<String>>([])

/// Initialises libxml2 once and installs the entity loader (both process-wide).
private let libxml2Setup: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader(entityLoader)
}()

/// Marks the parser contexts of documents under check (as `_private`): their external entities are always refused.
private let documentMarker = 0x5354_4443

/// Refuses every external entity of a document. For schemas, resolves through the loaded catalogs
/// and reads local files only: libxml2's no-network loader, which also refuses `http://` and `ftp://`.
private let entityLoader: xmlExternalEntityLoader = { url, id, context in
    if let context, Int(bitPattern: context.pointee._private) == documentMarker { return nil }
    guard let url else { return nil }
    let text = String(cString: url).lowercased()
    if let scheme = text.range(of: "://"), text[..<scheme.lowerBound] != "file" {
        // Only the catalog may turn a remote address into a local file.
        guard let resolved = xmlCatalogResolveURI(url) ?? xmlCatalogResolveSystem(url) else {
            return xmlNoNetExternalEntityLoader(url, id, context)
        }
        defer { stdcheck_xmlFree(resolved) }
        let local = String(cString: resolved).lowercased()
        if let inner = local.range(of: "://"), local[..<inner.lowerBound] != "file" { return nil }
        return xmlNoNetExternalEntityLoader(resolved, id, context)
    }
    return xmlNoNetExternalEntityLoader(url, id, context)
}

/// Collects libxml2's structured errors during one locked session.
final class LibXML2Session {
    var issues: [XMLIssue] = []
    var loadedCatalogs: Set<String>

    init(loadedCatalogs: Set<String>) {
        self.loadedCatalogs = loadedCatalogs
    }

    func run<T>(_ body: (LibXML2Session) -> T) -> T {
        let me = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(me, errorHandler)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return body(self)
    }

    /// The issues collected since the last call.
    func take() -> [XMLIssue] {
        defer { issues = [] }
        return issues
    }

    /// Makes `catalog` the only catalog in force (catalogs are process-wide in libxml2, so one
    /// call's catalog must not resolve another's imports).
    func use(catalog: String?) {
        let wanted: Set<String> = catalog.map { [$0] } ?? []
        guard wanted != loadedCatalogs else { return }
        xmlCatalogCleanup()
        if let catalog { xmlLoadCatalog(catalog) }
        loadedCatalogs = wanted
    }

    /// Parses without network, entity substitution or DTD loading; nil when not well-formed.
    func parse(_ data: Data, url: String, maxDepth: Int) -> xmlDocPtr? {
        guard let context = xmlNewParserCtxt() else { return nil }
        defer { xmlFreeParserCtxt(context) }
        context.pointee._private = UnsafeMutableRawPointer(bitPattern: documentMarker)
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue)
        let doc: xmlDocPtr? = data.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return xmlCtxtReadMemory(
                context, base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), url, nil, options)
        }
        guard let doc else { return nil }
        if context.pointee.wellFormed == 0 {
            xmlFreeDoc(doc)
            return nil
        }
        if let root = xmlDocGetRootElement(doc), depth(of: root) > maxDepth {
            issues.append(
                XMLIssue(
                    line: Int(xmlGetLineNo(root)), column: 0,
                    message: "elements are nested more than \(maxDepth) deep", isWarning: false))
            xmlFreeDoc(doc)
            return nil
        }
        return doc
    }

    private func depth(of root: xmlNodePtr) -> Int {
        var deepest = 0
        var stack: [(xmlNodePtr, Int)] = [(root, 1)]
        while let (node, level) = stack.popLast() {
            deepest = max(deepest, level)
            var child = node.pointee.children
            while let current = child {
                if current.pointee.type == XML_ELEMENT_NODE { stack.append((current, level + 1)) }
                child = current.pointee.next
            }
        }
        return deepest
    }

    enum Validation {
        case schemaError([XMLIssue])
        case checked([XMLIssue])
    }

    /// Compiles `schema`, its imports resolved through the catalogs, never the network.
    func compile(_ schema: String) -> Result<xmlSchemaPtr, SchemaErrors> {
        let me = Unmanaged.passUnretained(self).toOpaque()
        guard let parser = xmlSchemaNewParserCtxt(schema) else {
            return .failure(
                SchemaErrors([XMLIssue(line: 0, column: 0, message: "cannot read the schema", isWarning: false)]))
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, errorHandler, me)
        guard let compiled = xmlSchemaParse(parser) else {
            var found = take()
            if !found.contains(where: { !$0.isWarning }) {
                found.append(XMLIssue(line: 0, column: 0, message: "the schema does not compile", isWarning: false))
            }
            return .failure(SchemaErrors(found))
        }
        _ = take()
        return .success(compiled)
    }

    struct SchemaErrors: Error {
        var issues: [XMLIssue]
        init(_ issues: [XMLIssue]) { self.issues = issues }
    }

    /// Compiles `schema` and validates `doc` against it.
    func validate(_ doc: xmlDocPtr, against schema: String) -> Validation {
        let me = Unmanaged.passUnretained(self).toOpaque()
        let compiled: xmlSchemaPtr
        switch compile(schema) {
        case .failure(let errors): return .schemaError(errors.issues)
        case .success(let schema): compiled = schema
        }
        defer { xmlSchemaFree(compiled) }
        guard let validator = xmlSchemaNewValidCtxt(compiled) else {
            return .schemaError([XMLIssue(line: 0, column: 0, message: "cannot validate", isWarning: false)])
        }
        defer { xmlSchemaFreeValidCtxt(validator) }
        xmlSchemaSetValidStructuredErrors(validator, errorHandler, me)
        let status = xmlSchemaValidateDoc(validator, doc)
        var found = take()
        if status != 0, !found.contains(where: { !$0.isWarning }) {
            found.append(
                XMLIssue(line: 0, column: 0, message: "libxml2 reports the document invalid", isWarning: false))
        }
        return .checked(found)
    }
}

/// Turns one libxml2 error into an `XMLIssue` on the session passed as user data.
private let errorHandler: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let session = Unmanaged<LibXML2Session>.fromOpaque(userData).takeUnretainedValue()
    let raw = error.pointee
    var message = raw.message.map { String(cString: $0) } ?? "unknown error"
    while message.last?.isNewline == true || message.last == " " { message.removeLast() }
    var xpath: String?
    var line = Int(raw.line)
    if let node = raw.node?.assumingMemoryBound(to: xmlNode.self) {
        if let path = xmlGetNodePath(node) {
            xpath = String(cString: path)
            stdcheck_xmlFree(path)
        }
        if line == 0 { line = Int(xmlGetLineNo(node)) }
    }
    session.issues.append(
        XMLIssue(
            line: max(line, 0), column: Int(raw.int2), message: message, xpath: xpath,
            file: raw.file.map { String(cString: $0) }, isWarning: raw.level == XML_ERR_WARNING))
}
