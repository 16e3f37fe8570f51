import Foundation
import RuleEngine
import TestSupport
import Testing

@testable import Formats

/// The VCT reader on the files of fixtures/vct (scripts/make-vct-fixtures.py): layouts of both
/// versions, topological and direct polygons, the join by BSM, and one file per format rule.
struct VCTReaderTests {
    func open(_ name: String) throws -> (layers: [any Layer], findings: [FormatFinding]) {
        let path = fixture("vct/" + name)
        try #require(FileManager.default.fileExists(atPath: path), "missing fixture \(path)")
        return VCTReader.open(path: path, file: name)
    }

    func records(_ layer: any Layer) -> [Result<Record, ReadProblem>] { Array(layer.records()) }

    func layer(_ layers: [any Layer], _ name: String) throws -> any Layer {
        try #require(layers.first { $0.name == name })
    }

    /// Every finding of a file, at open and with the records, as `rule place`.
    func allFindings(_ name: String) throws -> [String] {
        let (layers, findings) = try open(name)
        var all = findings
        for layer in layers {
            for result in layer.records() {
                switch result {
                case .success(let record): all += record.problems
                case .failure(let problem): all.append(problem.finding)
                }
            }
        }
        return all.map { "\($0.defect.rawValue) \($0.location)" }.sorted()
    }

    @Test func theHeadIdentifiesAVCTFile() throws {
        let data = try #require(FileManager.default.contents(atPath: fixture("vct/tiny.vct")))
        #expect(VCTReader.identify(firstBytes: data))
        #expect(VCTReader.identify(firstBytes: Data("\u{FEFF}\r\n  headbegin\r\n".utf8)))
        // Idrisi's .vct is binary; a text that does not open with HeadBegin is not VCT
        #expect(!VCTReader.identify(firstBytes: Data([0x01, 0x00, 0x00, 0x00, 0x48])))
        #expect(!VCTReader.identify(firstBytes: Data("[属性描述]\n".utf8)))
    }

    @Test func cleanFileGivesOneLayerPerTableAndNoFinding() throws {
        let (layers, findings) = try open("tiny.vct")
        #expect(findings.isEmpty)
        #expect(layers.map(\.name) == ["XZQ", "TB", "PT", "QSDW"])
        let tb = try layer(layers, "TB")
        #expect(tb.schema.geometryType == "Polygon")
        #expect(tb.schema.fields.map(\.name) == ["BSM", "YSDM", "DLMC", "TBMJ"])
        #expect(tb.schema.fields.map(\.type) == [.integer, .text, .text, .real])
        #expect(tb.schema.fields[3].width == 15 && tb.schema.fields[3].decimals == 2)
        #expect(tb.encoding?.used == "GB18030")
        #expect(tb.crs?.epsg == 4527)
        #expect(tb.dataset == "tiny.vct")
        let parcels = records(tb).compactMap { try? $0.get() }
        #expect(
            parcels.map(\.values) == [
                ["130100001", "2001010100", "水田", "10000.00"], ["130100002", "2001010100", "旱地", "10000.00"],
            ])
        for parcel in parcels {
            let shape = try #require(parcel.geometry)
            #expect(shape.planarArea == 10_000)
            #expect(shape.partCount == 1)
            // shells clockwise, as the engine reads shapefile rings
            #expect(shape.signedArea2(ofPart: 0) < 0)
            #expect(parcel.problems.isEmpty)
        }
        let town = try #require(try records(layer(layers, "XZQ")).first?.get().geometry)
        #expect(town.planarArea == 20_000)
        let point = try #require(try records(layer(layers, "PT")).first?.get())
        #expect(point.geometry?.xy == [39_512_050, 4_331_050])
        #expect(point.values == ["140000001", "水井"])
        let table = try layer(layers, "QSDW")
        #expect(table.schema.geometryType == nil && table.crs == nil)
        #expect(records(table).compactMap { try? $0.get().values } == [["150000001", "东王村"], ["150000002", "西李庄村"]])
    }

    /// The 2.0 record layouts (UTF-8) and direct-coordinate polygons give what the 3.0 topological file gives.
    @Test(arguments: ["tiny-2.0.vct", "tiny-direct.vct"])
    func otherLayoutsReadTheSame(_ name: String) throws {
        let (expected, _) = try open("tiny.vct")
        let (layers, findings) = try open(name)
        #expect(findings.isEmpty)
        #expect(layers.map(\.name) == expected.map(\.name))
        for (layer, reference) in zip(layers, expected) {
            let got = records(layer).compactMap { try? $0.get() }
            let want = records(reference).compactMap { try? $0.get() }
            #expect(got.map(\.values) == want.map(\.values))
            #expect(got.map { $0.geometry?.planarArea } == want.map { $0.geometry?.planarArea })
            #expect(got.map { $0.geometry?.envelope } == want.map { $0.geometry?.envelope })
            #expect(layer.crs?.epsg == reference.crs?.epsg)
        }
        if name == "tiny-2.0.vct" { #expect(layers[0].encoding?.used == "UTF-8") }
    }

    /// One file per format rule: exactly the findings fixtures/vct/README.md lists.
    @Test(arguments: [
        ("defect-ring-not-closed.vct", ["vct-ring-not-closed defect-ring-not-closed.vct:TB#2"]),
        ("defect-line-missing.vct", ["vct-line-missing defect-line-missing.vct:TB#1"]),
        ("defect-line-unused.vct", ["vct-line-unused defect-line-unused.vct:107:1"]),
        (
            "defect-line-of-other-layer.vct",
            [
                "vct-line-of-other-layer defect-line-of-other-layer.vct:TB#1",
                "vct-line-of-other-layer defect-line-of-other-layer.vct:TB#2",
            ]
        ),
        ("defect-row-missing.vct", ["vct-row-missing defect-row-missing.vct:TB#2"]),
        ("defect-feature-missing.vct", ["vct-feature-missing defect-feature-missing.vct:TB#3"]),
        ("defect-field-count-mismatch.vct", ["vct-field-count-mismatch defect-field-count-mismatch.vct:TB#1"]),
        (
            "defect-section-missing.vct",
            [
                "vct-row-missing defect-section-missing.vct:PT#1", "vct-row-missing defect-section-missing.vct:TB#1",
                "vct-row-missing defect-section-missing.vct:TB#2", "vct-row-missing defect-section-missing.vct:XZQ#1",
                "vct-section-missing defect-section-missing.vct",
            ]
        ),
        ("defect-header-invalid.vct", ["vct-header-invalid defect-header-invalid.vct:1:1"]),
        ("defect-record-malformed.vct", ["vct-record-malformed defect-record-malformed.vct:113:1"]),
        ("defect-feature-code-unknown.vct", ["vct-feature-code-unknown defect-feature-code-unknown.vct:136:1"]),
        ("defect-table-undeclared.vct", ["vct-table-undeclared defect-table-undeclared.vct"]),
        ("defect-crs-unidentified.vct", ["vct-crs-unidentified defect-crs-unidentified.vct:1:1"]),
    ])
    func eachDefectFileGivesItsFinding(_ name: String, _ expected: [String]) throws {
        #expect(try allFindings(name) == expected.sorted())
    }

    @Test func findingsNameTheLinesBSM() throws {
        let (layers, _) = try open("defect-ring-not-closed.vct")
        let tb = try layer(layers, "TB")
        let second = try #require(try records(tb).last?.get())
        let finding = try #require(second.problems.first)
        #expect(finding.values["bsm"] == "130100002" && finding.values["line"] == "620000003")
        // the ring is closed for its area all the same
        #expect(second.geometry?.planarArea ?? 0 > 0)
        let (missing, _) = try open("defect-line-missing.vct")
        let first = try #require(try records(layer(missing, "TB")).first?.get())
        #expect(first.problems.map { $0.values["line"] } == ["629999999"])
    }

    @Test func aFeatureWithoutRowIsAFailureAndARowWithoutFeatureIsStillChecked() throws {
        let (layers, _) = try open("defect-row-missing.vct")
        guard case .failure(let problem) = try #require(try records(layer(layers, "TB")).last) else {
            Issue.record("the feature without a row was read")
            return
        }
        #expect(problem.defect == .vctRowMissing && problem.values["bsm"] == "130100002")
        let (others, _) = try open("defect-feature-missing.vct")
        let row = try #require(try records(layer(others, "TB")).last?.get())
        #expect(row.values == ["130100003", "2001010100", "水浇地", "500.00"] && row.geometry == nil)
    }

    /// The sample county's repeated BSM (DLTB record 132 repeats record 41's) joins each feature to its own row.
    @Test func repeatedBSMsJoinInFileOrder() throws {
        let (layers, findings) = try open("sample-county.vct")
        #expect(findings.isEmpty)
        let dltb = try layer(layers, "DLTB")
        #expect(dltb.recordCount == 303)
        let rows = records(dltb).compactMap { try? $0.get() }
        #expect(rows.count == 303)
        #expect(rows[40].values[0] == "130123210100000041" && rows[131].values[0] == "130123210100000041")
        #expect(rows[40].values[2] == "41" && rows[131].values[2] == "132")
        // record 100 has a hole that record 101 fills
        #expect(rows[99].geometry?.partCount == 2)
        #expect(abs((rows[99].geometry?.planarArea ?? 0) - (Double(rows[99].values[10] ?? "") ?? -1)) < 0.006)
    }

    /// A section whose End is missing ends where the next section begins; the rest is read.
    @Test func aMissingEndKeywordIsAFindingAndTheNextSectionIsStillRead() throws {
        let data = try #require(FileManager.default.contents(atPath: fixture("vct/tiny.vct")))
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).filter {
            $0 != Data("LineEnd\r".utf8)
        }
        let cut = Data(lines.joined(separator: [0x0A]))
        let (layers, findings) = VCTReader.open(data: cut, file: "cut.vct")
        #expect(findings.map(\.defect) == [.vctSectionMissing])
        #expect(findings.first?.values["section"] == "LineEnd")
        let tb = try layer(layers, "TB")
        let parcels = records(tb).compactMap { try? $0.get() }
        #expect(parcels.map { $0.geometry?.planarArea } == [10_000, 10_000])
        #expect(parcels.allSatisfy { $0.problems.isEmpty })
    }

    /// Every prefix of a file reads without a crash, and a cut file never passes silently.
    @Test func truncatedFilesGiveFindingsNotCrashes() throws {
        let data = try #require(FileManager.default.contents(atPath: fixture("vct/tiny.vct")))
        for length in stride(from: 0, to: data.count, by: 37) {
            let (layers, findings) = VCTReader.open(data: data.prefix(length), file: "cut.vct")
            var problems = findings.count
            var read = 0
            for layer in layers {
                for result in layer.records() {
                    switch result {
                    case .success(let record):
                        problems += record.problems.count
                        read += 1
                    case .failure: problems += 1
                    }
                }
            }
            #expect(problems > 0 || read == 6, "prefix of \(length) bytes passed with \(read) records")
        }
    }

    @Test func aSubmissionFolderReadsItsVCTMember() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vct-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.copyItem(atPath: fixture("vct/tiny.vct"), toPath: folder + "/TINY.VCT")
        let submission = try SubmissionReader.open(folder)
        #expect(submission.layers.map(\.name) == ["PT", "QSDW", "TB", "XZQ"])
        #expect(submission.layers.allSatisfy { $0.format == "vct" && $0.file == "TINY.VCT" })
        #expect(!submission.findings.contains { $0.defect == .memberFormatUnsupported })
        #expect(builtInReaders.contains { $0.id == "vct" })
    }
}
