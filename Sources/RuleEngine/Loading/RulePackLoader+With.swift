/// `with:` of `pack.yaml`: the other standards whose datasets the pack's rules compare with.
extension RulePackLoader {
    /// `with: [{standard: id@version, source: …, optional: false}]`: each standard loaded through the
    /// search path (its field tables are what its dataset is read with), after the parent's. A standard
    /// named twice, this pack itself or one on the `extends:` chain is an error at its place.
    static func otherStandards(
        of pack: inout YAMLMapping, reference: String, chain: [String], searchPath: RulesSearchPath,
        inherited: [OtherStandard]
    ) throws(RulePackError) -> [OtherStandard] {
        guard let entries = try pack.sequence("with") else { return inherited }
        var declared: [OtherStandard] = []
        for node in entries {
            var entry = try YAMLMapping(node, file: pack.file, name: "with")
            let other = try entry.requireString("standard")
            let source = try entry.requireString("source")
            let optional = try entry.bool("optional") ?? false
            let place = entry.location
            try entry.finish()
            let id = other.split(separator: "@").first.map(String.init) ?? other
            if other == reference || chain.contains(other) || id == "base"
                || (declared + inherited).contains(where: { $0.id == id })
            {
                throw RulePackError(
                    .invalidValue(
                        key: "standard", value: other,
                        allowed:
                            "another standard than this pack and those on its extends chain, each once (not 'base')"),
                    at: place)
            }
            guard let directory = searchPath.directory(of: other) else {
                throw RulePackError(
                    .standardNotFound(other, available: searchPath.available(), searched: searchPath.placesLookedIn),
                    at: place)
            }
            let loaded = try load(directory: directory, chain: chain + [reference], searchPath: searchPath)
            declared.append(
                OtherStandard(
                    reference: loaded.reference, id: loaded.id, title: loaded.title, layers: loaded.layers,
                    members: loaded.members, source: source, optional: optional))
        }
        return declared + inherited
    }
}
