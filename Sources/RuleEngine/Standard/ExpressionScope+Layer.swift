extension ExpressionScope {
    /// The scope of a layer of the standard.
    public init(layer: LayerSpec, codeLists: [String: CodeList]) {
        var fields: [String: StandardFieldType] = [:]
        for field in layer.fields { fields[field.name] = field.type }
        self.init(fields: fields, codeLists: codeLists, hasGeometry: layer.geometry != nil)
    }
}
