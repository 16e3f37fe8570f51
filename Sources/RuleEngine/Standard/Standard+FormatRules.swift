extension Standard {
    /// A standard with only the built-in format rules, for checks that need no pack (such as
    /// validating XML against a schema given on the command line, which `documentSchemas` binds).
    public static func formatRules(
        id: String, version: String, title: LocalizedText, basis: [String], documentSchemas: [DocumentSchema] = []
    ) -> Standard {
        Standard(
            id: id, version: version, title: title, basis: basis, directory: "", digest: "", layers: [],
            codeLists: [:], rules: FormatDefect.allCases.map(\.rule), documentSchemas: documentSchemas)
    }
}
