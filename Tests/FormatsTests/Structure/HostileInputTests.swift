import Formats
import Foundation
import RuleEngine
import TestSupport
import Testing

/// Hostile and broken input built in the test: each case is a finding with its place, the rest of the
/// file is still read, and nothing is kept per damaged record.
struct HostileInputTests {
    /// `rule@location` of every finding of a structure@1 run, in report order.
    func findings(_ path: String, display: String) throws -> [Finding] {
        let submission = try SubmissionReader.open(path, displayPath: display)
        let report = Engine(standard: .structuralOnly).check(
            submission, tool: .init(name: "stdcheck", version: "test"), failOn: "error")
        return report.findings
    }

    static let square: [(Double, Double)] = [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]

    @Test func nonFiniteAndHugeCoordinatesAreFindingsAndTheOtherRecordsAreRead() throws {
        let folder = try HostileFiles.folder("coordinates")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try HostileFiles.writeShapefile(
            [
                HostileFiles.polygon(number: 1, ring: Self.square),
                HostileFiles.polygon(number: 2, ring: [(0, 0), (0, 10), (.nan, 10), (10, 0), (0, 0)]),
                HostileFiles.polygon(number: 3, ring: [(0, 0), (0, 1e300), (10, 10), (10, 0), (0, 0)]),
                HostileFiles.polygon(number: 4, ring: [(0, 0), (-.infinity, 10), (10, 0), (0, 0)]),
                HostileFiles.polygon(number: 5, ring: [(0, 0), (0, 10), (10, 10), (9.3e15, 0), (0, 0)]),
                HostileFiles.polygon(number: 6, ring: Self.square),
            ], name: "DLTB", into: folder)
        let found = try findings(folder, display: "coordinates").filter { $0.rule != "prj-missing" }
        #expect(
            found.map { "\($0.rule)@\($0.location)" } == [
                "coordinate-invalid@DLTB.shp:DLTB#2", "coordinate-invalid@DLTB.shp:DLTB#3",
                "coordinate-invalid@DLTB.shp:DLTB#4", "coordinate-invalid@DLTB.shp:DLTB#5",
            ])
        #expect(found.first?.message.en == "vertex 3 has x = nan, not finite or beyond ±1e15")
        #expect(found.last?.message.en == "vertex 4 has x = 9.3e+15, not finite or beyond ±1e15")
        // the damaged records are failures; the sound ones around them are read with their shapes
        let layer = try #require(try SubmissionReader.open(folder, displayPath: "coordinates").layers.first)
        let shapes = layer.records().compactMap { try? $0.get() }
        #expect(shapes.map(\.number) == [1, 6])
        #expect(shapes.allSatisfy { $0.geometry?.vertexCount == 5 })
        #expect(layer.scannedExtent == [0, 0, 10, 10])
    }

    @Test(arguments: [false, true])
    func aSparseShpIsOneFindingWithoutAnEntryPerZeroByteRecord(withIndex: Bool) throws {
        let folder = try HostileFiles.folder("sparse-shp")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 64 MiB of zeros after the header: 8 million "records" of 8 bytes for a reader that believes them
        let size = 64 << 20
        try HostileFiles.writeSparse(
            HostileFiles.shapeHeader(length: size), size: size, to: folder + "/S.shp")
        if withIndex {
            try HostileFiles.writeSparse(
                HostileFiles.shapeHeader(length: size), size: size, to: folder + "/S.shx")
        }
        let started = Date()
        let found = try findings(folder, display: "sparse").map { "\($0.rule)@\($0.location)" }
        #expect(Date().timeIntervalSince(started) < 10)
        var expected = ["prj-missing@S.shp:S", "dbf-missing@S.shp:S", "shp-record-empty@S.shp:S#1"]
        expected.append(withIndex ? "shx-header-invalid@S.shx:S" : "shx-missing@S.shp:S")
        #expect(Set(found) == Set(expected))
        #expect(found.count == expected.count)
    }

    @Test func anIndexListingMoreEntriesThanTheShpCanHoldIsNotFollowed() throws {
        let folder = try HostileFiles.folder("long-index")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try HostileFiles.writeShapefile([HostileFiles.polygon(number: 1, ring: Self.square)], name: "L", into: folder)
        let size = 100 + 8 * 1_000_000
        try HostileFiles.writeSparse(HostileFiles.shapeHeader(length: size), size: size, to: folder + "/L.shx")
        let found = try findings(folder, display: "long-index")
        let invalid = try #require(found.first { $0.rule == "shx-header-invalid" })
        #expect(invalid.message.en.contains("it lists 1000000 entries but the .shp has room for at most"))
        // the .shp is scanned instead, and its one record is read
        let layer = try #require(try SubmissionReader.open(folder, displayPath: "long-index").layers.first)
        #expect(layer.records().compactMap { try? $0.get().geometry }.count == 1)
    }

    @Test func nulDeletionFlagsAreFindingsAndThosePastTheLimitAreCounted() throws {
        let folder = try HostileFiles.folder("nul-dbf")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let count = 5000
        // a sound record, then records of NUL bytes (flag 0x00), then a sound and a deleted record
        var records: [(flag: UInt8, value: String)] = [(0x20, "1")]
        records += [(flag: UInt8, value: String)](repeating: (0, "\0\0\0\0\0\0\0\0\0\0"), count: count)
        records += [(0x20, "2"), (0x2A, "3")]
        try HostileFiles.dbf(records: records).write(to: URL(fileURLWithPath: folder + "/T.dbf"))
        let found = try findings(folder, display: "nul")
        let flags = found.filter { $0.rule == "dbf-deletion-flag-invalid" }
        #expect(flags.count == 1000)
        #expect(flags.first?.location.record == 2)
        #expect(flags.first?.message.en == "deletion flag 0x00 is neither a space nor *; not checked")
        let capped = found.filter { $0.rule == "findings-capped" }
        #expect(capped.map(\.location.record) == [1002])
        #expect(
            capped.map(\.message.en) == [
                "4000 more dbf-deletion-flag-invalid findings (records 1002–5001) are not listed; only the first 1000 are"
            ])
        #expect(found.filter { $0.rule == "record-deleted" }.map(\.location.record) == [5003])
        let layer = try #require(try SubmissionReader.open(folder, displayPath: "nul").layers.first)
        #expect(layer.records().compactMap { try? $0.get() }.map(\.values) == [["1"], ["2"]])
    }

    @Test func misnumberedNullRecordsAreReadAndTheirFindingsPastTheLimitAreCounted() throws {
        let folder = try HostileFiles.folder("misnumbered")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // 3000 null shapes (12 bytes each) all numbered 0: sound records, each out of sequence
        var record = Data()
        record.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0])
        let body = (0..<3000).reduce(into: Data()) { data, _ in data += record }
        try (HostileFiles.shapeHeader(length: 100 + body.count) + body).write(
            to: URL(fileURLWithPath: folder + "/N.shp"))
        let found = try findings(folder, display: "misnumbered")
        #expect(found.filter { $0.rule == "shp-record-number-out-of-sequence" }.count == 1000)
        #expect(
            found.filter { $0.rule == "findings-capped" }.map(\.message.en) == [
                "2000 more shp-record-number-out-of-sequence findings (records 1001–3000) are not listed; only the first 1000 are"
            ])
        let layer = try #require(try SubmissionReader.open(folder, displayPath: "misnumbered").layers.first)
        #expect(layer.records().compactMap { try? $0.get() }.count == 3000)
    }

    @Test func aRowOfTooManyCellsIsCutAtTheLimitWithAFindingAtItsLine() throws {
        let folder = try HostileFiles.folder("wide-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // a header of two labels, a row of 1,000,000 cells, a row with a 3 MiB cell, then a sound row
        var text = "a,b\n" + String(repeating: "x,", count: 999_999) + "x\n"
        text += String(repeating: "y", count: 3 << 20) + ",1\n1,2\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/wide.csv"))
        let found = try findings(folder + "/wide.csv", display: "wide.csv")
        let limits = found.filter { $0.rule == "csv-limit-exceeded" }
        #expect(limits.map(\.location.line) == [2, 3])
        #expect(
            limits.first?.message.en
                == "line 2: the row has more than 16384 cells; the 983616 cells after them are skipped")
        #expect(
            limits.last?.message.en
                == "line 3: the cell in column 1 is longer than 1048576 bytes; the bytes past that are skipped")
        // the extra cells of the wide row are one finding, not 16382
        #expect(
            found.filter { $0.rule == "extra-cell" }.map(\.message.en) == [
                "row 1 has a cell in column 3–16384, beyond the header"
            ])
        let layer = try #require(try SubmissionReader.open(folder + "/wide.csv", displayPath: "wide.csv").layers.first)
        let values = layer.records().compactMap { try? $0.get() }.map(\.values)
        #expect(values.count == 3)
        #expect(values.last == ["1", "2"])
        #expect(values[1].first??.utf8.count == 1 << 20)
    }

    @Test func aRunOfBlankRowsIsOneFinding() throws {
        let folder = try HostileFiles.folder("blank-csv")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = "a,b\n1,2\n" + String(repeating: ",\n", count: 100_000) + "3,4\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/blank.csv"))
        let found = try findings(folder + "/blank.csv", display: "blank.csv")
        #expect(found.map(\.message.en) == ["row 2–100001 is blank"])
        #expect(found.first?.location.line == 3)
    }
}
