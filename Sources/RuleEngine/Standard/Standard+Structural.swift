extension Standard {
    /// The built-in standard `structure@1`: the format rules alone, with no layer or field table.
    ///
    /// `stdcheck check` uses it when no `--standard` is given, so that any submission can be checked
    /// for the structure of its files.
    public static let structuralOnly = Standard(
        id: "structure", version: "1",
        title: LocalizedText(zh: "仅检查文件结构", en: "File structure only"),
        basis: [
            "ESRI Shapefile Technical Description (1998)", "dBASE file format", "Frictionless Table Schema errors",
        ],
        directory: "built-in", digest: SHA256.hex(of: Array("structure@1".utf8)), layers: [], codeLists: [:],
        rules: FormatDefect.allCases.map(\.rule))
}
