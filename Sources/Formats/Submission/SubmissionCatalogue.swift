import Foundation
import RuleEngine

extension SubmissionReader {
    /// The layers of a listing's members, named and with their fields, for `StandardDetector`: read
    /// with the readers the members' extensions choose (no pack's `members:` yet), from the shapefiles'
    /// DBF headers and the tables' header rows; the records, the shapes and the XML documents are
    /// left for `open(_:…)` with the detected standard. A member that cannot be read is left out (its
    /// finding comes from `open`). The boundary TXT and VCT readers parse their file, and GDAL opens its databases, to know its
    /// layers, so those members are read here and again by `open`.
    public static func catalogue(of listing: Listing, tableEncoding: TextEncoding? = nil) -> [CataloguedLayer] {
        let root = listing.root
        let routing = MemberRouting(
            paths: listing.relativePaths, folderMembers: listing.folderMembers, root: root, members: [])
        var layers: [CataloguedLayer] = []
        for relative in routing.members(readBy: .boundaryTXT) {
            layers += BoundaryTXTReader.open(root + "/" + relative, file: relative).layers.map { CataloguedLayer($0) }
        }
        for relative in routing.members(readBy: .vct) {
            layers += VCTReader.open(path: root + "/" + relative, file: relative).layers.map { CataloguedLayer($0) }
        }
        for relative in routing.members(readBy: .gdal) {
            layers += GDALReader.open(path: root + "/" + relative, file: relative).layers.map { CataloguedLayer($0) }
        }
        for group in routing.shapefiles {
            // as `ShapefileReader.open`: an index alone is no layer
            guard let mainFile = group.parts["shp"] ?? group.parts["dbf"] else { continue }
            var fields: [String] = []
            if let dbf = group.parts["dbf"], let table = try? DBFTable(path: root + "/" + dbf) {
                let (_, encoding, _) = ShapefileReader.resolveEncoding(
                    table: table, cpg: group.parts["cpg"], root: root, layer: group.name, file: dbf)
                fields = table.fields(decodedWith: encoding).map(\.name).filter { !$0.isEmpty }
            }
            layers.append(CataloguedLayer(name: group.name, file: mainFile, fields: fields))
        }
        for relative in routing.members(readBy: .csv) {
            let (layer, _) = CSVReader.open(path: root + "/" + relative, file: relative, encoding: tableEncoding)
            if let layer { layers.append(CataloguedLayer(layer)) }
        }
        // in the order `open` gives its layers, so the detector sees the same first instance of a name
        return layers.sorted { $0.name < $1.name || ($0.name == $1.name && $0.file < $1.file) }
    }
}
