/// The layers of the base dataset (`--base`): the database a submission updates, read with the same
/// readers. Cross-layer rules name them `base.<LAYER>`, with the field table of `<LAYER>`.
public enum BaseLayers {
    public static let prefix = "base."

    /// Whether `name` names a layer of the base dataset.
    public static func names(_ name: String) -> Bool { name.hasPrefix(prefix) }

    /// The layer name without `base.`.
    public static func unprefixed(_ name: String) -> String {
        names(name) ? String(name.dropFirst(prefix.count)) : name
    }

    /// The field table of a layer of the submission, or of the base for `base.<LAYER>`.
    static func spec(_ name: String, in layers: [LayerSpec]) -> LayerSpec? {
        let wanted = unprefixed(name)
        return layers.first { $0.name == wanted }
    }

    /// Whether a rule reads a layer of the base dataset.
    public static func needed(by rule: Rule) -> Bool {
        (rule.layer.map(names) ?? false) || rule.crossLayerInputs.contains(where: names)
    }
}
