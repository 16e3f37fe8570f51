import Foundation
import RuleEngine

/// The delimited-text reader of `builtInReaders` (CSV, TSV): the header row's labels as fields; the
/// pack's layer of the file's base name gives the columns' types and the encoding (`--encoding`
/// wins over the pack; a byte-order mark wins over both).
struct CSVFormat: FormatReader {
    let id = "csv"
    let summary = "delimited text table (.csv, .tsv): header row as fields, one record per row"
    var extensions: Set<String> { CSVReader.extensions }

    func identify(path: String, firstBytes: () -> Data) -> Bool {
        extensions.contains(URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    func open(_ member: ReaderMember, in context: ReadContext) -> ReadOutcome {
        let relative = member.path
        let stem = URL(fileURLWithPath: relative).deletingPathExtension().lastPathComponent.uppercased()
        let table = context.tables.first { $0.name.uppercased() == stem }
        let declared = table?.encoding.flatMap(TextEncoding.fromCPG)
        let (layer, findings) = CSVReader.open(
            path: context.path(of: relative), file: relative, encoding: context.tableEncoding ?? declared,
            table: table, encodingSource: context.tableEncoding == nil && declared != nil ? .pack : .option)
        return ReadOutcome(layers: layer.map { [$0] } ?? [], findings: findings)
    }

    /// The header row (the pack is not known yet: `--encoding` only).
    func catalogue(_ member: ReaderMember, in context: ReadContext) -> Catalogued {
        let (layer, _) = CSVReader.open(
            path: context.path(of: member.path), file: member.path, encoding: context.tableEncoding)
        return .headers(layer.map { [CataloguedLayer($0)] } ?? [])
    }
}
