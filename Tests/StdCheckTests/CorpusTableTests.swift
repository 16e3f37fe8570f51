import Foundation
import TestSupport
import Testing

/// One row of `../shared/corpus/oracle/tables.tsv` (frictionless 5.16 `validate`).
struct TableOracleRow: Sendable, CustomTestStringConvertible {
    var path: String
    /// frictionless's error counts by type (`missing-cell` → 3).
    var errors: [String: Int]

    var testDescription: String { path }

    static let all: [TableOracleRow] = {
        guard let root = corpusRoot,
            let text = try? String(contentsOfFile: root + "/oracle/tables.tsv", encoding: .utf8)
        else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let header = lines.first?.map(String.init),
            let path = header.firstIndex(of: "local_name"), let types = header.firstIndex(of: "error_types")
        else { return [] }
        return lines.dropFirst().filter { $0.count == header.count }.map { cells in
            var errors: [String: Int] = [:]
            for pair in cells[types].split(separator: ";") {
                let parts = pair.split(separator: "=")
                if parts.count == 2, let count = Int(parts[1]) { errors[String(parts[0])] = count }
            }
            return TableOracleRow(path: String(cells[path]), errors: errors)
        }
    }()
}

/// `stdcheck check` without a standard on every table of the corpus (CSV, TSV, and the DBF and text file
/// frictionless was given): never a crash or a hang, and the same structural errors as frictionless.
///
/// Compared: the frictionless error types StdCheck also reports (`blank-label`, `duplicate-label`,
/// `missing-cell`, `extra-cell`, `blank-row`, `encoding-error`), file by file, with their counts.
/// Justified differences, by design:
/// - `encoding-error` is compared as present or absent, not counted: frictionless stops reading a file at
///   its first undecodable byte and reports one error; StdCheck reads on and reports every cell.
/// - `type-error` is not compared: frictionless infers a schema from the data and reports the cells that
///   do not fit its guess; StdCheck has no types to check until a pack's `tables:` declares them.
/// - `source-error` and `package-error` are frictionless's own (a file name it takes for a glob).
@Suite(.enabled(if: corpusSuitesEnabled, "no ../shared/corpus on this machine (CI=true makes its absence a failure)"))
struct CorpusTableTests {
    static let compared: Set<String> = [
        "blank-label", "duplicate-label", "missing-cell", "extra-cell", "blank-row", "encoding-error",
    ]

    @Test(arguments: TableOracleRow.all)
    func checkFindsTheStructuralErrorsFrictionlessFinds(row: TableOracleRow) throws {
        let corpus = try #require(corpusRoot)
        let run = try runStdcheck(
            ["check", corpus + "/" + row.path, "--standard", "structure@1", "--format", "json"], timeout: 30)
        #expect(!run.crashed, "crashed or hung: \(run.stderr)")
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var ours: [String: Int] = [:]
        for finding in json["findings"] as? [[String: Any]] ?? [] {
            if let rule = finding["rule"] as? String, Self.compared.contains(rule) { ours[rule, default: 0] += 1 }
        }
        var theirs = row.errors.filter { Self.compared.contains($0.key) }
        if theirs["encoding-error"] != nil, ours["encoding-error"] != nil {
            theirs["encoding-error"] = ours["encoding-error"]
        }
        #expect(ours == theirs)
    }

    @Test func theTableOracleIsReadWhereverThisMachineHasIt() throws {
        try #require(corpusRoot != nil)
        #expect(TableOracleRow.all.count == 98)
    }
}
