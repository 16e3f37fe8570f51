import Foundation
import RuleEngine

/// The 报批 boundary-coordinate TXT reader of `builtInReaders`: a `.txt` whose first non-blank line is
/// `[属性描述]`; declared `reader: boundary-txt`, any file is parsed as one. The file is parsed once:
/// detection keeps what it parsed for `SubmissionReader.open` (the default `catalogue`).
struct BoundaryTXTFormat: FormatReader {
    let id = BoundaryTXTReader.format
    let summary = "报批 boundary-coordinate TXT ([属性描述] / [地块坐标]): header, parcel and point layers"
    let extensions: Set<String> = ["txt"]

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        URL(fileURLWithPath: path).pathExtension.lowercased() == "txt" && BoundaryTXTReader.identify(firstBytes())
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let (layers, findings) = BoundaryTXTReader.open(context.path(of: member.path), file: member.path)
        return ReadOutcome(layers: layers, findings: findings)
    }
}
