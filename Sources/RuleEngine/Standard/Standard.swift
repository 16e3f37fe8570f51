/// A standard at one version, made executable: its layers' field tables, code lists and rules.
///
/// Built by `RulePackLoader` from `rules/<id>/<version>/`; immutable afterwards.
public struct Standard: Sendable {
    public let id: String
    public let version: String
    public let title: LocalizedText
    /// The published documents the pack encodes (`TD/T 1057-2020`, `GB/T 21010-2017`).
    public let basis: [String]
    /// The pack folder, as given to the loader.
    public let directory: String
    /// sha256 over every pack file's relative path and bytes, in path order.
    public let digest: String
    public let layers: [LayerSpec]
    public let codeLists: [String: CodeList]
    /// Every rule: the built-in format rules, then the rules derived from the field tables.
    public let rules: [Rule]
    /// The packs this one builds on, nearest first (`gtdcbg@2021` → `["gtdc@2020"]`).
    public let extends: [String]
    /// XML namespace prefixes the pack's XPath rules use (`pack.yaml` `namespaces:`).
    public let namespaces: [String: String]
    /// Which shipped XSD validates which documents (`pack.yaml` `schemas:`), paths resolved.
    public let documentSchemas: [DocumentSchema]
    /// Which reader reads which members (`pack.yaml` `members:`): the pack's own entries, then those
    /// of the packs it extends; the first that matches a member decides.
    public let members: [MemberDeclaration]
    /// Field renames per layer, old name → new name, accumulated along `extends`.
    public let renames: [String: [String: String]]
    let codeListInfo: [String: CodeListInfo]
    /// The national check catalogue the pack maps its rules to (`pack.yaml` `check-items:`), in file order.
    public let checkItems: [CheckItem]
    /// Derived check id → the catalogue items its rules implement.
    let derivedCheckItems: [String: [String]]
    /// Pack folders whose `rules/*.yaml` this standard declares, oldest first.
    let ruleDirectories: [String]
    /// The other standards whose datasets its rules may compare with (`pack.yaml` `with:`, supplied as
    /// `--with id@version=PATH`): their own first, then those of the packs it extends.
    public let with: [OtherStandard]

    init(
        id: String, version: String, title: LocalizedText, basis: [String], directory: String, digest: String,
        layers: [LayerSpec], codeLists: [String: CodeList], rules: [Rule], extends: [String] = [],
        namespaces: [String: String] = [:], documentSchemas: [DocumentSchema] = [], members: [MemberDeclaration] = [],
        renames: [String: [String: String]] = [:], codeListInfo: [String: CodeListInfo] = [:],
        checkItems: [CheckItem] = [], derivedCheckItems: [String: [String]] = [:], ruleDirectories: [String] = [],
        with: [OtherStandard] = []
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.basis = basis
        self.directory = directory
        self.digest = digest
        self.layers = layers
        self.codeLists = codeLists
        self.rules = rules
        self.extends = extends
        self.namespaces = namespaces
        self.documentSchemas = documentSchemas
        self.members = members
        self.renames = renames
        self.codeListInfo = codeListInfo
        self.checkItems = checkItems
        self.derivedCheckItems = derivedCheckItems
        self.ruleDirectories = ruleDirectories
        self.with = with
    }

    /// This standard with other layers or rules, everything else kept: how a run narrows a pack
    /// (rules skipped by `--skip`, a test's subset) without changing the loaded one.
    public func replacing(layers: [LayerSpec]? = nil, rules: [Rule]? = nil) -> Standard {
        Standard(
            id: id, version: version, title: title, basis: basis, directory: directory, digest: digest,
            layers: layers ?? self.layers, codeLists: codeLists, rules: rules ?? self.rules, extends: extends,
            namespaces: namespaces, documentSchemas: documentSchemas, members: members, renames: renames,
            codeListInfo: codeListInfo, checkItems: checkItems, derivedCheckItems: derivedCheckItems,
            ruleDirectories: ruleDirectories, with: with)
    }

    /// `id@version`, as given to `--standard`.
    public var reference: String { "\(id)@\(version)" }
}

/// One item of a national quality-check catalogue (检查项), as a pack's `check-items:` file lists it.
public struct CheckItem: Hashable, Sendable {
    public var id: String
    public var name: String
    public var group: String
    /// Where the item is known from (the research note and row).
    public var source: String
}

/// An XSD shipped in a pack, with the documents it validates and the catalog its imports resolve through.
public struct DocumentSchema: Hashable, Sendable {
    /// Glob over member paths, as in `XPathAssertCheck.document`.
    public var document: String
    /// Path of the XSD (the pack folder joined with the declared relative path).
    public var schema: String
    public var catalog: String?

    public init(document: String, schema: String, catalog: String?) {
        self.document = document
        self.schema = schema
        self.catalog = catalog
    }
}

/// Whether a layer or field must be present or filled: 必选 M, 可选 O, 条件必选 C.
public enum Obligation: String, Sendable, Codable, CaseIterable {
    case mandatory = "M"
    case optional = "O"
    case conditional = "C"
}

/// One field of a layer as the standard's table defines it.
public struct FieldSpec: Sendable {
    public var name: String
    public var title: LocalizedText
    public var type: StandardFieldType
    /// Declared width; nil when the standard leaves it open.
    public var width: Int?
    public var decimals: Int?
    public var obligation: Obligation
    /// The condition under which a `C` field is mandatory, as the standard words it.
    public var condition: String?
    /// The code list (by name) the value must come from.
    public var codeList: String?
    /// A regular expression the whole value must match.
    public var pattern: String?
    public var range: ValueRange?
    public var unique: Bool
    /// The code field whose code-list name this field must equal (DLMC ← DLBM).
    public var nameOf: String?
    public var confidence: Confidence
    public var clause: String?
    public var note: String?
    /// `may-be-absent: true`: a layer without the field is not reported (`field-missing` is not
    /// derived); its values are checked when it is there. For key=value sections whose optional keys
    /// writers leave out.
    public var mayBeAbsent: Bool = false
    /// Where the field's facts come from (`source:`): the research note and row, or the clause that shows them.
    public var source: String? = nil
    /// The field's name in the pack this one extends, when a profile renamed it.
    public var renamedFrom: String?
}

extension FieldSpec {
    /// The field a conforming file would declare for this field (width 254 when the standard leaves
    /// it open), for the rows of a rule's examples.
    public var conformingDefinition: FieldDefinition {
        let type: FieldType =
            switch self.type {
            case .char: .text
            case .int: .integer
            case .float: .real
            case .date: .date
            case .bool: .boolean
            }
        return FieldDefinition(name: name, type: type, width: width ?? 254, decimals: decimals ?? 0)
    }
}

/// One layer of the standard: its field table, geometry and key.
public struct LayerSpec: Sendable {
    public var name: String
    public var title: LocalizedText
    public var clause: String
    public var geometry: GeometryKind?
    public var obligation: Obligation
    /// The field that identifies a feature in findings (`BSM`).
    public var key: String?
    public var fields: [FieldSpec]
    /// The pack file that declares it, relative to the working directory.
    public var file: String
    /// For a table: the text encoding its `.csv`/`.tsv` files are written in when they carry no
    /// byte-order mark (`GB18030`); nil for UTF-8. `--encoding` overrides it.
    public var encoding: String?
    /// Where the layer's facts (its presence, geometry, obligation) come from (`source:`).
    public var source: String? = nil

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
