import Foundation
import RuleEngine

/// The shapefile reader of `builtInReaders`: a member is the files of one base name (`.shp`, `.shx`,
/// `.dbf`, `.prj`, `.cpg`, any case), named by its `.shp`, else `.dbf`, else `.shx`; a `.dbf` alone is
/// read as a table without shapes. Identified by extension: a damaged `.shp` is still this reader's,
/// so its own findings say what is wrong with it.
struct ShapefileFormat: FormatReader {
    let id = "shapefile"
    let summary =
        "ESRI shapefile: .shp/.shx shapes (shapelib, behind a structural check) with the .dbf, .prj and .cpg of its base name"
    let extensions: Set<String> = ["shp", "shx", "dbf"]

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let group = ShapefileGroup(member)
        guard group.parts["shp"] != nil || group.parts["dbf"] != nil || group.parts["shx"] != nil else {
            return ReadOutcome()
        }
        let (layer, findings) = ShapefileReader.open(group, root: context.root)
        return ReadOutcome(layers: layer.map { [$0] } ?? [], findings: findings)
    }

    /// The DBF header's field names, without reading the shapes or the records.
    func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued {
        .headers(ShapefileFormat.headerCatalogue(ShapefileGroup(member), root: context.root))
    }

    /// As `ShapefileReader.open` names the layer: an index alone is no layer.
    static func headerCatalogue(_ group: ShapefileGroup, root: String) -> [CataloguedLayer] {
        guard let mainFile = group.parts["shp"] ?? group.parts["dbf"] else { return [] }
        var fields: [String] = []
        if let dbf = group.parts["dbf"], let table = try? DBFTable(path: root + "/" + dbf) {
            let (_, encoding, _) = ShapefileReader.resolveEncoding(
                table: table, cpg: group.parts["cpg"], root: root, layer: group.name, file: dbf)
            fields = table.fields(decodedWith: encoding).map(\.name).filter { !$0.isEmpty }
        }
        return [CataloguedLayer(name: group.name, file: mainFile, fields: fields)]
    }
}

extension ShapefileGroup {
    /// The group of a routed member: its parts, named by the member's path without its extension.
    init(_ member: ReaderMember) {
        let ext = URL(fileURLWithPath: member.path).pathExtension
        self.init(base: ext.isEmpty ? member.path : String(member.path.dropLast(ext.count + 1)), parts: member.parts)
    }
}
