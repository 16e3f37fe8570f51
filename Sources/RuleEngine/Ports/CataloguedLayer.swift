/// A layer as a submission's catalogue names it: its name and its fields' names, read from the
/// members' headers without reading their records. `StandardDetector` chooses a standard from these.
public struct CataloguedLayer: Hashable, Sendable {
    public var name: String
    /// The file that holds it, relative to the submission (a layer name may occur in several).
    public var file: String
    public var fields: [String]

    public init(name: String, file: String, fields: [String]) {
        self.name = name
        self.file = file
        self.fields = fields
    }

    /// The catalogue entry of an open layer.
    public init(_ layer: any Layer) {
        self.init(name: layer.name, file: layer.file, fields: layer.schema.fields.map(\.name))
    }

    /// Whether the layer has a field of this name (exactly, else ignoring case, as `LayerSchema.index(of:)`).
    func has(_ field: String) -> Bool {
        let upper = field.uppercased()
        return fields.contains(field) || fields.contains { $0.uppercased() == upper }
    }
}
