import Formats
import RuleEngine
import TestSupport
import Testing

/// One fixture per structural defect: checked against the built-in `structure@1`, each gives exactly the
/// findings named here, at the places named here (`fixtures/*/README.md` says what is wrong with each).
struct StructuralDefectTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var fixture: String
        var findings: [String]
        var encoding: TextEncoding? = nil

        var testDescription: String { fixture }
    }

    static let shapefiles: [Case] = [
        Case(fixture: "shapefile/structure/sound", findings: []),
        Case(
            fixture: "shapefile/structure/shp-file-length-mismatch",
            findings: ["shp-file-length-mismatch@shp-file-length-mismatch.shp:shp-file-length-mismatch"]),
        Case(
            fixture: "shapefile/structure/shp-file-length-shorter",
            findings: ["shp-file-length-mismatch@shp-file-length-shorter.shp:shp-file-length-shorter"]),
        Case(
            fixture: "shapefile/structure/shx-file-length-mismatch",
            findings: ["shx-file-length-mismatch@shx-file-length-mismatch.shx:shx-file-length-mismatch"]),
        Case(
            fixture: "shapefile/structure/shapefile-version-unknown",
            findings: ["shapefile-version-unknown@shapefile-version-unknown.shp:shapefile-version-unknown"]),
        Case(
            fixture: "shapefile/structure/shape-type-unknown",
            findings: ["shape-type-unknown@shape-type-unknown.shp:shape-type-unknown"]),
        Case(
            fixture: "shapefile/structure/shape-type-unsupported",
            findings: ["shape-type-unsupported@shape-type-unsupported.shp:shape-type-unsupported"]),
        Case(
            fixture: "shapefile/structure/shx-shape-type-mismatch",
            findings: ["shx-shape-type-mismatch@shx-shape-type-mismatch.shx:shx-shape-type-mismatch"]),
        Case(
            fixture: "shapefile/structure/shp-bounding-box-mismatch",
            findings: ["shp-bounding-box-mismatch@shp-bounding-box-mismatch.shp:shp-bounding-box-mismatch"]),
        Case(
            fixture: "shapefile/structure/shx-offset-outside-shp",
            findings: ["shx-offset-outside-shp@shx-offset-outside-shp.shx:shx-offset-outside-shp#2"]),
        Case(
            fixture: "shapefile/structure/shx-record-mismatch",
            findings: ["shx-record-mismatch@shx-record-mismatch.shx:shx-record-mismatch#1"]),
        Case(
            fixture: "shapefile/structure/shx-header-invalid",
            findings: ["shx-header-invalid@shx-header-invalid.shx:shx-header-invalid"]),
        Case(
            fixture: "shapefile/structure/shp-record-number-out-of-sequence",
            findings: [
                "shp-record-number-out-of-sequence@shp-record-number-out-of-sequence.shp:shp-record-number-out-of-sequence#2"
            ]),
        Case(
            fixture: "shapefile/structure/shp-record-shape-type-mismatch",
            findings: [
                "shp-record-shape-type-mismatch@shp-record-shape-type-mismatch.shp:shp-record-shape-type-mismatch#2"
            ]),
        Case(
            fixture: "shapefile/structure/shp-record-length-mismatch",
            findings: ["shp-record-length-mismatch@shp-record-length-mismatch.shp:shp-record-length-mismatch#2"]),
        // Only a scan of the .shp meets bytes after the last record, so this set has no index.
        Case(
            fixture: "shapefile/structure/shp-record-truncated",
            findings: [
                "shx-missing@shp-record-truncated.shp:shp-record-truncated",
                "shp-record-truncated@shp-record-truncated.shp:shp-record-truncated#3",
            ]),
    ]

    static let tables: [Case] = [
        Case(fixture: "dbf/structure/sound.dbf", findings: []),
        Case(fixture: "dbf/structure/dbf-version-unknown.dbf", findings: ["dbf-version-unknown@"]),
        Case(fixture: "dbf/structure/dbf-header-length-mismatch.dbf", findings: ["dbf-header-length-mismatch@"]),
        Case(fixture: "dbf/structure/dbf-field-terminator-missing.dbf", findings: ["dbf-field-terminator-missing@"]),
        Case(fixture: "dbf/structure/dbf-record-length-mismatch.dbf", findings: ["dbf-record-length-mismatch@"]),
        Case(fixture: "dbf/structure/dbf-record-count-mismatch.dbf", findings: ["dbf-record-count-mismatch@#3"]),
        Case(fixture: "dbf/structure/dbf-eof-marker-missing.dbf", findings: ["dbf-eof-marker-missing@"]),
        Case(fixture: "dbf/structure/record-deleted.dbf", findings: ["record-deleted@#2"]),
        Case(fixture: "dbf/structure/field-name-invalid.dbf", findings: ["field-name-invalid@.1ID"]),
        Case(fixture: "dbf/structure/field-name-duplicated.dbf", findings: ["field-name-duplicated@.name"]),
        Case(fixture: "dbf/structure/number-unparsable.dbf", findings: ["number-unparsable@#2.ID"]),
        Case(fixture: "dbf/structure/date-invalid.dbf", findings: ["date-invalid@#2.DAY"]),
        Case(fixture: "dbf/structure/text-undecodable.dbf", findings: ["text-undecodable@#2.NAME"]),
        Case(fixture: "dbf/structure/encoding-conflict.dbf", findings: ["encoding-conflict@"]),
    ]

    static let delimited: [Case] = [
        Case(fixture: "csv/sound-bom-crlf.csv", findings: []),
        Case(fixture: "csv/sound-cr-only.csv", findings: []),
        Case(fixture: "csv/sound.tsv", findings: []),
        Case(fixture: "csv/gb18030.csv", findings: [], encoding: .gb18030),
        Case(
            fixture: "csv/gb18030.csv", findings: ["encoding-error@gb18030.csv:2:3", "encoding-error@gb18030.csv:3:3"]),
        Case(fixture: "csv/blank-label.csv", findings: ["blank-label@blank-label.csv:1:6"]),
        Case(fixture: "csv/duplicate-label.csv", findings: ["duplicate-label@duplicate-label.csv:1:11"]),
        Case(fixture: "csv/missing-cell.csv", findings: ["missing-cell@missing-cell.csv:3:3"]),
        Case(fixture: "csv/extra-cell.csv", findings: ["extra-cell@extra-cell.csv:3:5"]),
        Case(fixture: "csv/blank-row.csv", findings: ["blank-row@blank-row.csv:3:1"]),
        Case(fixture: "csv/encoding-error.csv", findings: ["encoding-error@encoding-error.csv:3:3"]),
    ]

    /// `rule@location` of every finding, in report order.
    func findings(_ testCase: Case) throws -> [String] {
        let submission = try SubmissionReader.open(
            fixture(testCase.fixture), displayPath: testCase.fixture, tableEncoding: testCase.encoding)
        let report = Engine(standard: .structuralOnly).check(
            submission, tool: .init(name: "stdcheck", version: "test"), failOn: "error")
        return report.findings.map { "\($0.rule)@\($0.location)" }
    }

    @Test(arguments: shapefiles)
    func shapefileDefectGivesExactlyItsFinding(_ testCase: Case) throws {
        #expect(try findings(testCase) == testCase.findings)
    }

    @Test(arguments: tables)
    func dbfDefectGivesExactlyItsFinding(_ testCase: Case) throws {
        let name = String(testCase.fixture.split(separator: "/").last!)
        let layer = String(name.dropLast(4))
        let file = testCase.fixture.hasSuffix("encoding-conflict.dbf") ? layer + ".cpg" : name
        let expected = testCase.findings.map { finding in
            let parts = finding.split(separator: "@", maxSplits: 1).map(String.init)
            return "\(parts[0])@\(file):\(layer)\(parts.count > 1 ? parts[1] : "")"
        }
        #expect(try findings(testCase) == expected)
    }

    @Test(arguments: delimited)
    func delimitedTableDefectGivesExactlyItsFinding(_ testCase: Case) throws {
        #expect(try findings(testCase) == testCase.findings)
    }

    @Test func csvRecordsAreDataRowsWithQuotedNewlinesAndEscapedQuotes() throws {
        let submission = try SubmissionReader.open(
            fixture("csv/sound-bom-crlf.csv"), displayPath: "csv/sound-bom-crlf.csv")
        let layer = try #require(submission.layers.first)
        #expect(layer.format == "csv")
        #expect(layer.schema.fields.map(\.name) == ["code", "name", "note"])
        let records = layer.records().compactMap { try? $0.get() }
        #expect(records.map(\.number) == [1, 2])
        #expect(records.map(\.values) == [["1", "一", "a, quoted\r\nnote"], ["2", "二", "say \"hi\""]])
    }

    @Test func everyStructuralMessageRendersWithItsValues() throws {
        for defect in FormatDefect.allCases {
            #expect(!defect.title.en.isEmpty && !defect.title.zh.isEmpty, "\(defect.rawValue) has no title")
            #expect(!defect.descriptor.message.en.isEmpty, "\(defect.rawValue) has no message")
        }
    }
}
