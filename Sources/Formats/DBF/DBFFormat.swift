import Foundation
import RuleEngine

/// The DBF reader of `builtInReaders`: a dBASE table alone (with the `.cpg` of its base name), without
/// shapes, even when the member is a `.shp` (its findings then say it is no table). It reads only
/// what a pack declares `reader: dbf`: without a declaration a `.dbf` belongs to its shapefile, whose
/// reader also reads a table alone and reports the parts that are missing.
struct DBFFormat: FormatReader {
    let id = "dbf"
    let summary = "dBASE table alone (with its .cpg), without shapes; only where a pack's members: declare it"
    let extensions: Set<String> = []

    /// A `.dbf` whose header starts as dBASE's does: a version this reader knows (dBASE III–5, FoxPro,
    /// Visual FoxPro), a last-update month and day, and room for one field descriptor and the terminator.
    func identify(path: String, firstBytes: () -> Data) -> Bool {
        guard URL(fileURLWithPath: path).pathExtension.lowercased() == "dbf" else { return false }
        let head = firstBytes()
        guard head.count >= 12, let version = head.first else { return false }
        let headerLength = Int(head[8]) | Int(head[9]) << 8
        return [0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x83, 0x8B, 0x8E, 0xCB, 0xF5, 0xFB].contains(version)
            && head[2] <= 12 && head[3] <= 31 && headerLength >= 33
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let (layer, findings) = ShapefileReader.open(group(member), root: context.root)
        return ReadOutcome(layers: layer.map { [$0] } ?? [], findings: findings)
    }

    func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued {
        .headers(ShapefileFormat.headerCatalogue(group(member), root: context.root))
    }

    /// The table and the `.cpg` that names its encoding; nothing else of the base name.
    func group(_ member: ReaderMember) -> ShapefileGroup {
        var parts = ["dbf": member.path]
        parts["cpg"] = member.parts["cpg"]
        return ShapefileGroup(ReaderMember(path: member.path, parts: parts))
    }
}
