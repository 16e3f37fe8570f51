import Formats
import Foundation
import RuleEngine
import TestSupport
import Testing

/// One shapefile set of the corpus oracle with SpatiaLite's count of invalid geometries.
struct ValidityOracleRow: Sendable, CustomTestStringConvertible {
    var path: String
    var invalid: Int

    var testDescription: String { path }

    static let all: [ValidityOracleRow] = {
        guard let root = corpusRoot,
            let text = try? String(contentsOfFile: root + "/oracle/shapefiles.tsv", encoding: .utf8)
        else { return [] }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard let header = lines.first else { return [] }
        let path = header.firstIndex(of: "local_name") ?? 0
        let kind = header.firstIndex(of: "kind") ?? 0
        let opens = header.firstIndex(of: "opens") ?? 0
        let invalid = header.firstIndex(of: "invalid_geom_spatialite") ?? 0
        return lines.dropFirst().filter { $0.count == header.count }.compactMap { cells in
            guard cells[kind] == "set", cells[opens] == "yes", let count = Int(cells[invalid]) else { return nil }
            return ValidityOracleRow(path: String(cells[path]), invalid: count)
        }
    }()
}

/// On every shapefile of the corpus that GDAL opened, StdCheck counts as many invalid geometries as
/// SpatiaLite's `ST_IsValid` (`invalid_geom_spatialite`), except where the corpus README documents that
/// the oracles disagree:
///
/// - `multipolygon_as_invalid_polygon`: SpatiaLite 2, shapely 0. We follow SpatiaLite (2): like GDAL's
///   shapefile driver, a clockwise first ring followed only by counter-clockwise rings is read as one
///   polygon with holes, so its "holes" outside the shell are invalid (shapely's reader rewinds them into
///   shells). The file's name says the upstream test expects exactly that invalid polygon.
/// - `polygonm_with_m`: SpatiaLite 2, shapely 1. We follow shapely (1): SpatiaLite counts a ring whose
///   first and last M differ as unclosed, but validity is a property of the x/y geometry (OGC simple
///   features; M is a measure, not a coordinate), so only the one truly invalid polygon counts.
@Suite(.enabled(if: corpusSuitesEnabled, "no ../shared/corpus on this machine (CI=true makes its absence a failure)"))
struct CorpusValidityTests {
    static let documentedDisagreements: [String: Int] = ["shp/gdal/ogr_data_shp/polygonm_with_m.shp": 1]

    @Test func theOracleHasInvalidGeometries() throws {
        try #require(corpusRoot != nil)
        #expect(ValidityOracleRow.all.contains { $0.invalid > 0 })
    }

    @Test(arguments: ValidityOracleRow.all)
    func invalidCountAgreesWithSpatiaLite(row: ValidityOracleRow) throws {
        let root = try #require(corpusRoot)
        let submission = try SubmissionReader.open(root + "/" + row.path, displayPath: row.path)
        let session = GEOSGeometryOperations().makeSession()
        var invalid = 0
        for layer in submission.layers {
            for case .success(let record) in layer.records() {
                guard let shape = record.geometry, shape.kind == .polygon, shape.vertexCount > 0 else { continue }
                if case .invalid = session.validity(of: shape) { invalid += 1 }
            }
        }
        #expect(invalid == Self.documentedDisagreements[row.path] ?? row.invalid)
    }
}
