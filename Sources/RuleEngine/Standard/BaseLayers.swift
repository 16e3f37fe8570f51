/// The layers of the datasets supplied beside the submission: the base dataset (`--base`, the database
/// a submission updates, read with the pack's own field tables) and the datasets of other standards
/// (`--with id@version=PATH`, read with that standard's field tables). Rules name their layers with a
/// prefix: `base.DLTB`, `gtdc.DLTB` (the other standard's id).
public enum BaseLayers {
    public static let prefix = "base."

    /// Whether `name` names a layer of the base dataset.
    public static func names(_ name: String) -> Bool { name.hasPrefix(prefix) }

    /// The layer name without `base.`.
    public static func unprefixed(_ name: String) -> String {
        names(name) ? String(name.dropFirst(prefix.count)) : name
    }

    /// The dataset a prefixed layer name belongs to (`base`, `gtdc`); nil for a layer of the submission.
    /// Layer names of the packs hold no dot.
    public static func dataset(of name: String) -> String? {
        guard let dot = name.firstIndex(of: "."), dot != name.startIndex else { return nil }
        return String(name[..<dot])
    }

    /// The field table of a layer of the submission, of the base for `base.<LAYER>`, or of another
    /// standard's layer listed (prefixed) in `layers`.
    static func spec(_ name: String, in layers: [LayerSpec]) -> LayerSpec? {
        let wanted = unprefixed(name)
        return layers.first { $0.name == wanted }
    }

    /// Whether a rule reads a layer of the base dataset.
    public static func needed(by rule: Rule) -> Bool {
        rule.datasetLayers.contains(where: names)
    }

    /// The other standards' datasets (their ids, `gtdc`) a rule reads a layer of.
    public static func others(neededBy rule: Rule) -> Set<String> {
        Set(rule.datasetLayers.compactMap(dataset(of:)).filter { $0 + "." != prefix })
    }
}

/// Another standard a pack's rules may compare with (`pack.yaml` `with:`): its dataset is supplied
/// beside the submission (`--with id@version=PATH`) and read with its field tables; rules name its
/// layers `<id>.<LAYER>`.
public struct OtherStandard: Sendable {
    /// `gtdc@2020`.
    public let reference: String
    /// The prefix of its layers in rules: the standard's id.
    public let id: String
    public let title: LocalizedText
    /// Its layers' field tables, under their own names.
    public let layers: [LayerSpec]
    /// Which of its readers read which members.
    public let members: [MemberDeclaration]
    /// Why the pack may compare with it (`source:`).
    public let source: String
    /// Without its dataset, the rules reading it are not applicable and counted; `optional: false` (the
    /// default) also makes a run whose own layers are present NOT CHECKED, as a missing `--base` does.
    public let optional: Bool

    public init(
        reference: String, id: String, title: LocalizedText, layers: [LayerSpec], members: [MemberDeclaration],
        source: String, optional: Bool
    ) {
        self.reference = reference
        self.id = id
        self.title = title
        self.layers = layers
        self.members = members
        self.source = source
        self.optional = optional
    }

    /// Its layers as rules name them (`gtdc.DLTB`), for resolving rules at load.
    var prefixedLayers: [LayerSpec] {
        layers.map { spec in
            var prefixed = spec
            prefixed.name = id + "." + spec.name
            return prefixed
        }
    }
}

extension Standard {
    /// The layers rules may name: the submission's, then the other standards' (`gtdc.DLTB`).
    var layersForRules: [LayerSpec] { layers + with.flatMap(\.prefixedLayers) }

    /// The other standard a prefix names.
    public func other(_ id: String) -> OtherStandard? { with.first { $0.id == id } }
}
