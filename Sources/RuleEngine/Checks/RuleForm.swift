import Yams

/// What a declared kind's parser needs of the pack it is read from: the rule's layer, the pack's
/// layers (and the base's), expressions over them, the XML namespaces and the renames of the packs it
/// extends. The kinds under `Checks/CrossLayer/` and `Checks/Document/` parse their own keys through
/// it, so they do not name the pack model; `RuleFileLoader.FormContext` is the loader's.
protocol RuleForm {
    associatedtype Layer: DeclaredLayer
    /// The rule file, for the places of expression errors.
    var file: String { get }
    /// Prefix → namespace URI, declared in `pack.yaml` under `namespaces:`.
    var namespaces: [String: String] { get }
    /// The rule's `layer:`, which the kind written under `form` requires.
    func needLayer(_ form: String) throws(RulePackError) -> Layer
    /// A layer of the pack, or of the base dataset (`base.<LAYER>`), named under `key`.
    func spec(_ name: String, key: String, at location: Location) throws(RulePackError) -> Layer
    /// A layer of the pack itself (not the base's), named under `key`.
    func packLayer(_ name: String, key: String, at location: Location) throws(RulePackError) -> Layer
    /// An expression over `layer`'s fields, type-checked, with the renames of the packs this one extends.
    func expression(_ node: Node, over layer: Layer, expecting wanted: ExpressionType?) throws(RulePackError)
        -> ExpressionNode
    /// The names an expression over `layer` may use (its fields, the pack's code lists).
    func scope(of layer: Layer) -> ExpressionScope
    /// A field name as the packs this one extends renamed it in `layer`.
    func renamed(_ name: String, in layer: String) -> String
    /// Whether `name` names a layer of the base dataset (`base.DLTB`).
    func isBaseLayer(_ name: String) -> Bool
    /// A layer name without its dataset prefix (`base.DLTB` → `DLTB`).
    func unprefixed(_ name: String) -> String
}
