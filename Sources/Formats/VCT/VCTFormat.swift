import Foundation
import RuleEngine

/// The VCT reader of `builtInReaders`: every `.vct` (one that is no land-use exchange file, such as
/// Idrisi's, gets the findings that say so). The file is indexed once: detection keeps the opened
/// layers for `SubmissionReader.open` (the default `catalogue`).
struct VCTFormat: FormatReader {
    let id = VCTReader.format
    let summary = "VCT exchange file (GB/T 17798, LANDUSE_VCT 2.0/3.0): one layer per attribute table"
    let extensions: Set<String> = ["vct"]

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "vct"
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let (layers, findings) = VCTReader.open(path: context.path(of: member.path), file: member.path)
        return ReadOutcome(layers: layers, findings: findings)
    }
}
