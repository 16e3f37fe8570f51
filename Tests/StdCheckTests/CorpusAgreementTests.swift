import Foundation
import TestSupport
import Testing

/// One row of the corpus oracle (`../shared/corpus/oracle/shapefiles.tsv`, GDAL 3.6.2).
struct OracleRow: Sendable, CustomTestStringConvertible {
    var path: String
    var kind: String
    var opens: Bool
    var featureCount: Int?
    var fields: String

    var testDescription: String { path }

    /// The shapefile sets and lone DBFs of the oracle (zip and gz inputs are not read yet), or none
    /// when this machine has no corpus.
    static let all: [OracleRow] = {
        guard let root = corpusRoot,
            let text = try? String(contentsOfFile: root + "/oracle/shapefiles.tsv", encoding: .utf8)
        else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        guard let header = lines.first else { return [] }
        func column(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
        let (path, kind, opens, count, fields) = (
            column("local_name"), column("kind"), column("opens"), column("feature_count"), column("fields")
        )
        return lines.dropFirst().filter { $0.count == header.count }.map { cells in
            OracleRow(
                path: cells[path], kind: cells[kind], opens: cells[opens] == "yes", featureCount: Int(cells[count]),
                fields: cells[fields])
        }.filter { $0.kind == "set" || $0.kind == "dbf-only" }
    }()
}

/// `stdcheck check` without a standard (structural rules only) on every shapefile set and lone DBF of the
/// corpus: never a crash or a hang, always a report (exit status 0 or 1) with a layer or a clear error,
/// and the same record counts and field definitions as GDAL wherever GDAL opened it.
///
/// How GDAL's field types correspond to dBASE fields (checked against ogrinfo 3.6.2): C(w) → String(w.0),
/// GDAL ignoring a C field's decimals byte; N or F with d > 0 → Real(w.d); N or F with d = 0 → Integer(w.0)
/// below width 10, Integer64(w.0) up to 18, Real(w.0) from 19; D(w) → Date((w+2).0); L, M and any other
/// byte → String(w.0). GDAL does not tell N from F, so that difference is invisible here by design.
/// GDAL's feature count is the .shp count, ours the DBF header's; the corpus has no set where they differ
/// (where they do, StdCheck reports `record-count-mismatch`).
@Suite(.enabled(if: corpusSuitesEnabled, "no ../shared/corpus on this machine (CI=true makes its absence a failure)"))
struct CorpusAgreementTests {
    @Test(arguments: OracleRow.all)
    func checkAgreesWithGDALOrExplainsWhyNot(row: OracleRow) throws {
        let corpus = try #require(corpusRoot)
        let run = try runStdcheck(
            ["check", corpus + "/" + row.path, "--standard", "structure@1", "--format", "json"], timeout: 30)
        #expect(!run.crashed, "crashed or hung: \(run.stderr)")
        #expect(run.status == 0 || run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let layers = json["layers"] as? [[String: Any]] ?? []
        let problems = json["findings"] as? [[String: Any]] ?? []

        guard row.opens else {
            // GDAL refused it (a missing .shx in every case but one): we must say why, as an error.
            let errors = problems.filter { $0["severity"] as? String == "error" }.compactMap { $0["rule"] as? String }
            #expect(
                errors.contains("shx-missing") || errors.contains("dataset-unreadable"),
                "GDAL cannot open \(row.path); StdCheck must explain why, got \(errors)")
            return
        }
        #expect(layers.count == 1, "expected one layer for \(row.path)")
        let layer = try #require(layers.first)
        #expect(layer["records"] as? Int == row.featureCount)
        let fields = (layer["fields"] as? [[String: Any]] ?? []).map(Self.gdalForm)
        #expect(fields.joined(separator: ";") == row.fields)
    }

    /// Our field as the oracle writes GDAL's: `name:Type(width.precision)`.
    static func gdalForm(_ field: [String: Any]) -> String {
        let name = field["name"] as? String ?? ""
        let width = field["width"] as? Int ?? 0
        let decimals = field["decimals"] as? Int ?? 0
        let type: String
        var precision = 0
        var shownWidth = width
        switch field["typeCode"] as? String {
        case "N", "F":
            if decimals > 0 {
                type = "Real"
                precision = decimals
            } else {
                type = width < 10 ? "Integer" : width <= 18 ? "Integer64" : "Real"
            }
        case "D":
            type = "Date"
            shownWidth = width + 2
        default:
            type = "String"
        }
        return "\(name):\(type)(\(shownWidth).\(precision))"
    }

    /// GDAL gives up on geotools `extraAtEnd` ("Invalid length for entity 3"); StdCheck reads the records
    /// that fit and reports the bytes after them, where they start.
    @Test func extraAtEndIsReadUpToTheRecordThatDoesNotFit() throws {
        let corpus = try #require(corpusRoot)
        let run = try runStdcheck(
            ["check", corpus + "/shp/geotools/shapes/extraAtEnd.shp", "--standard", "structure@1", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let layer = try #require((json["layers"] as? [[String: Any]])?.first)
        #expect(layer["records"] as? Int == 3)
        let truncated = (json["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "shp-record-truncated"
        }
        let location = truncated.first?["location"] as? [String: Any]
        #expect(truncated.count == 1)
        #expect(location?["record"] as? Int == 4)
    }

    @Test func theCorpusIsReadWhereverThisMachineHasIt() throws {
        try #require(corpusRoot != nil)
        // 103 shapefile sets and 15 lone DBFs: the oracle rows StdCheck reads (zip and gz inputs are not)
        #expect(OracleRow.all.count == 118)
    }
}
