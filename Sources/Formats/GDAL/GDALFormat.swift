import Foundation
import RuleEngine

/// The GDAL reader of `builtInReaders`: File Geodatabases (`NAME.gdb/` folders, one member with every
/// file beneath), GeoPackages and Personal Geodatabases, by extension (a damaged one is still this
/// reader's, so GDAL's error becomes its finding). The database is opened once: detection keeps the
/// opened layers for `SubmissionReader.open` (the default `catalogue`).
struct GDALFormat: FormatReader {
    let id = GDALReader.format
    let summary =
        "databases through GDAL: File Geodatabase (.gdb folder), GeoPackage (.gpkg), Personal Geodatabase (.mdb)"
    var extensions: Set<String> { GDALReader.extensions }
    let folderExtensions: Set<String> = ["gdb"]

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        let name = path.hasSuffix("/") ? String(path.dropLast()) : path
        return GDALReader.extensions.contains(URL(fileURLWithPath: name).pathExtension.lowercased())
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let (layers, findings) = GDALReader.open(path: context.path(of: member.path), file: member.path)
        return ReadOutcome(layers: layers, findings: findings)
    }
}
