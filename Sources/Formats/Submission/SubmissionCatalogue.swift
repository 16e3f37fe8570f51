import Foundation
import RuleEngine

extension SubmissionReader {
    /// The layers of a listing's members, named and with their fields, for `StandardDetector`: read
    /// with the readers the members' extensions choose (no pack's `members:` yet) through each
    /// reader's `catalogue`: the shapefiles' DBF headers, the tables' header rows. A reader that must
    /// read a member to know its layers (boundary TXT, VCT, GDAL) opens it here, and the listing keeps
    /// what it opened, so `open(_:…)` reads no member twice. A member that cannot be read is left out
    /// (its finding comes from `open`).
    public static func catalogue(of listing: Listing, tableEncoding: TextEncoding? = nil) -> [CataloguedLayer] {
        let routing = MemberRouting(
            paths: listing.relativePaths, folderMembers: listing.folderMembers, root: listing.root, members: [],
            heads: listing.opened.heads)
        let context = ReadContext(root: listing.root, tableEncoding: tableEncoding)
        var layers: [CataloguedLayer] = []
        for (reader, member) in routing.routes {
            let catalogued = reader.catalogue(member, in: context)
            if case .opened(let outcome) = catalogued {
                listing.opened.keep(outcome, reader: reader.id, member: member)
            }
            layers += catalogued.layers
        }
        // in the order `open` gives its layers, so the detector sees the same first instance of a name
        return layers.sorted { $0.name < $1.name || ($0.name == $1.name && $0.file < $1.file) }
    }
}
