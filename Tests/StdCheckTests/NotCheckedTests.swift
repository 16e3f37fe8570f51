import Foundation
import TestSupport
import Testing

/// A pass means the data was checked: every run that could not read or apply the standard is NOT CHECKED,
/// exits 1 and says why; without --standard, a submission no pack fits stops with exit 2.
struct NotCheckedTests {
    /// A fresh folder under the temporary directory, removed by the caller.
    func folder(_ files: [String: Data] = [:]) throws -> String {
        let path = NSTemporaryDirectory() + "stdcheck-notchecked-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, data) in files {
            let full = path + "/" + name
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: full))
        }
        return path
    }

    func report(_ run: RunResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    }

    /// The rule ids of the report's findings with the given severity.
    func rules(_ report: [String: Any], severity: String = "error") -> Set<String> {
        let findings = report["findings"] as? [[String: Any]] ?? []
        return Set(findings.filter { $0["severity"] as? String == severity }.compactMap { $0["rule"] as? String })
    }

    /// For each finding of `rule`, its location's file and the value of `key` (`value`, `severity` …).
    func byFile(_ report: [String: Any], rule: String, _ key: String) -> [String: String?] {
        let findings = (report["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == rule }
        return Dictionary(
            findings.map { (($0["location"] as? [String: Any])?["file"] as? String ?? "", $0[key] as? String) },
            uniquingKeysWith: { first, _ in first })
    }

    func copySample(into folder: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture("sample-county")) {
            try FileManager.default.copyItem(atPath: fixture("sample-county/" + name), toPath: folder + "/" + name)
        }
    }

    @Test func anEmptyFolderIsNotChecked() throws {
        let empty = try folder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let run = try runStdcheck(["check", empty, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        #expect(rules(json).contains("submission-empty"))
        #expect((json["gate"] as? [String: Any])?["passed"] as? Bool == false)
    }

    @Test func theTextReportSaysNotCheckedAndWhy() throws {
        let empty = try folder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let run = try runStdcheck(["check", empty, "--standard", "gtdc@2020"])
        #expect(run.status == 1)
        let verdict = try #require(run.stdout.split(separator: "\n").last.map(String.init))
        #expect(verdict.hasPrefix("Verdict: NOT CHECKED: "))
        #expect(verdict.contains("未检查"))
        #expect(verdict.contains("the submission holds no file"))
    }

    @Test func aFolderOfWordDocumentsIsNotCheckedAndEachDocumentIsNamed() throws {
        let words = try folder(["说明.docx": Data("PK\u{3}\u{4}".utf8), "sub/报告.doc": Data([0xD0, 0xCF, 0x11, 0xE0])])
        defer { try? FileManager.default.removeItem(atPath: words) }
        let run = try runStdcheck(["check", words, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        #expect(rules(json).isSuperset(of: ["submission-no-data", "member-format-unsupported"]))
        let unsupported = (json["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "member-format-unsupported"
        }
        let files = Set(unsupported.compactMap { ($0["location"] as? [String: Any])?["file"] as? String })
        #expect(files == ["sub/报告.doc", "说明.docx"])
    }

    @Test func aGeoPackageAndAFileGeodatabaseGDALCannotOpenAreUnreadableAndNotChecked() throws {
        // read through GDAL since issue #16: a database it cannot open is unreadable at its member
        let data = try folder([
            "DLTB.gpkg": Data("SQLite format 3\u{0}".utf8), "三调.gdb/a00000001.gdbtable": Data([3, 0, 0, 0]),
            "三调.gdb/gdb": Data([5, 0, 0, 0]),
        ])
        defer { try? FileManager.default.removeItem(atPath: data) }
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        #expect(byFile(json, rule: "member-format-unsupported", "severity").isEmpty)
        let unreadable = byFile(json, rule: "dataset-unreadable", "severity")
        #expect(unreadable == ["DLTB.gpkg": "error", "三调.gdb/": "error"])
    }

    /// libgdal is loaded when a member needs it, not linked: without it, a GeoPackage is unreadable at its
    /// file, saying why, and the shapefiles beside it are still checked.
    @Test func aGeoPackageWithoutLibgdalIsUnreadableAndTheRestIsStillChecked() throws {
        let data = try folder(["DLTB2.gpkg": Data("SQLite format 3\u{0}".utf8)])
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        let run = try runStdcheck(
            ["check", data, "--standard", "gtdc@2020", "--format", "json"],
            environment: ["STDCHECK_GDAL_LIBRARY": "/nonexistent/libgdal.so"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        let unreadable = (json["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "dataset-unreadable"
        }
        #expect(unreadable.compactMap { ($0["location"] as? [String: Any])?["file"] as? String } == ["DLTB2.gpkg"])
        let message = (unreadable.first?["message"] as? [String: Any])?["en"] as? String ?? ""
        #expect(message.contains("libgdal cannot be loaded"), "\(message)")
        // the sample's own findings are there: its layers were read and checked
        #expect(rules(json).contains("DLTB.DLBM.code-unknown"))
    }

    @Test func anUnsupportedMemberBesideReadableDataIsAWarningUnlessItIsALayerOfTheStandard() throws {
        let data = try folder(["附件/说明.docx": Data("PK".utf8), "XZQ.tab": Data("!table".utf8)])
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(
            byFile(json, rule: "member-format-unsupported", "severity") == [
                "附件/说明.docx": "warning", "XZQ.tab": "error",
            ])
        #expect(json["verdict"] as? String == "not-checked", "XZQ.tab is a layer of the standard that was not read")
    }

    @Test func aDocumentBesideTheSampleLeavesTheVerdictToTheData() throws {
        let data = try folder(["附件/说明.docx": Data("PK".utf8)])
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "non-conformant")
        #expect(rules(json, severity: "warning").contains("member-format-unsupported"))
    }

    @Test func symbolicLinksThatLeadNowhereOrOutsideAreFindingsAndLinksInsideAreRead() throws {
        let data = try folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        let fm = FileManager.default
        try fm.moveItem(atPath: data + "/XZQ.dbf", toPath: data + "/xzq-table.bin")
        try fm.createSymbolicLink(atPath: data + "/XZQ.dbf", withDestinationPath: "xzq-table.bin")
        try fm.createSymbolicLink(atPath: data + "/gone.shp", withDestinationPath: "nowhere.shp")
        try fm.createSymbolicLink(atPath: data + "/passwd.csv", withDestinationPath: "/etc/passwd")
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        let reasons = (json["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "member-unreadable"
        }.map { (($0["location"] as? [String: Any])?["file"] as? String ?? "", $0["message"] as? [String: Any]) }
        #expect(reasons.map(\.0).sorted() == ["gone.shp", "passwd.csv"])
        let messages = reasons.compactMap { $0.1?["en"] as? String }.joined(separator: "\n")
        #expect(messages.contains("does not exist"))
        #expect(messages.contains("outside the submission"))
        let layers = json["layers"] as? [[String: Any]] ?? []
        let xzq = layers.first { $0["name"] as? String == "XZQ" }
        #expect(xzq?["records"] as? Int == 1, "the linked .dbf inside the submission is read")
    }

    @Test func aFileNameThatIsNotUTF8IsAFindingWithItsBytes() throws {
        let data = try folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        // 地类图斑.dbf in GBK, as a Chinese Windows share names it
        let gbk: [UInt8] = [0xB5, 0xD8, 0xC0, 0xE0, 0xCD, 0xBC, 0xB0, 0xDF] + Array(".dbf".utf8)
        let path = Array((data + "/").utf8) + gbk + [0]
        let descriptor = path.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(descriptor >= 0)
        close(descriptor)
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        let finding = try #require(
            (json["findings"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "member-name-undecodable" })
        #expect(finding["value"] as? String == "B5 D8 C0 E0 CD BC B0 DF 2E 64 62 66")
        #expect((finding["location"] as? [String: Any])?["file"] as? String == "地类图斑.dbf")
    }

    /// Root reads every folder, so the run goes as the unprivileged user `nobody` (setpriv) when the tests run as root.
    @Test func aFolderThatCannotBeListedIsAFinding() throws {
        let data = try folder()
        defer {
            chmod(data + "/locked", 0o755)
            try? FileManager.default.removeItem(atPath: data)
        }
        try copySample(into: data)
        try FileManager.default.createDirectory(atPath: data + "/locked", withIntermediateDirectories: false)
        try FileManager.default.copyItem(atPath: fixture("sample-county/XZQ.dbf"), toPath: data + "/locked/XZQ.dbf")
        chmod(data, 0o755)
        chmod(data + "/locked", 0)
        let arguments = [
            "check", data, "--standard", "gtdc@2020", "--format", "json", "--rules-dir", packageRoot + "/rules",
        ]
        let run: RunResult
        if getuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                Issue.record("running as root without /usr/bin/setpriv: cannot drop privileges to test permissions")
                return
            }
            run = try runProgram(
                "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", stdcheckBinary] + arguments)
        } else {
            run = try runStdcheck(arguments)
        }
        #expect(run.status == 1, "\(run.stderr)")
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        let finding = (json["findings"] as? [[String: Any]] ?? []).first {
            $0["rule"] as? String == "member-unreadable"
        }
        #expect((finding?["location"] as? [String: Any])?["file"] as? String == "locked")
        #expect(((finding?["message"] as? [String: Any])?["en"] as? String)?.contains("cannot be listed") == true)
    }

    @Test func aRequiredLayerAbsentIsAnErrorThatMakesTheRunNotChecked() throws {
        let data = try folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        try copySample(into: data)
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.removeItem(atPath: data + "/XZQ." + ext)
        }
        let run = try runStdcheck(["check", data, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(rules(json).contains("XZQ.layer-missing"))
        #expect(json["verdict"] as? String == "not-checked")
    }

    @Test func whatWasNotReadCannotBeWaivedIntoAPass() throws {
        let empty = try folder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let first = try runStdcheck(["check", empty, "--standard", "structure@1", "--format", "jsonl"])
        #expect(first.status == 1)
        try Data(first.stdout.utf8).write(to: URL(fileURLWithPath: empty + ".jsonl"))
        defer { try? FileManager.default.removeItem(atPath: empty + ".jsonl") }
        let again = try runStdcheck([
            "check", empty, "--standard", "structure@1", "--baseline", empty + ".jsonl", "--format", "json",
        ])
        #expect(again.status == 1, "an unchanged submission-empty still fails the gate")
        #expect(try report(again)["verdict"] as? String == "not-checked")
    }

    @Test func withoutAStandardASubmissionNoPackFitsStopsWithExitTwoAndSaysWhatItHolds() throws {
        let words = try folder(["说明.docx": Data("PK".utf8), "DLTB.tab": Data("!table".utf8)])
        defer { try? FileManager.default.removeItem(atPath: words) }
        let run = try runStdcheck(["check", words])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty, "no report: nothing was checked")
        #expect(run.stderr.contains("no standard fits this submission"))
        #expect(run.stderr.contains("DLTB.tab (MapInfo TAB)"))
        #expect(run.stderr.contains("choose one with --standard (known: "))
        #expect(run.stderr.contains("gtdc@2020"))
    }

    @Test func theClosestPackIsNamedWithItsLayersAndFields() throws {
        // the sample's DLTB renamed: no layer of any pack, but its fields are gtdc@2020's
        let data = try folder()
        defer { try? FileManager.default.removeItem(atPath: data) }
        for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
            try FileManager.default.copyItem(
                atPath: fixture("sample-county/DLTB." + ext), toPath: data + "/地类图斑." + ext)
        }
        let run = try runStdcheck(["check", data])
        #expect(run.status == 2)
        #expect(run.stderr.contains("its layers are 地类图斑"))
        #expect(run.stderr.contains("the closest is gtdc@2020 (0 of 29 layers, "), "\(run.stderr)")
    }

    @Test func anEmptyFolderWithoutAStandardStopsWithExitTwo() throws {
        let empty = try folder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let run = try runStdcheck(["check", empty])
        #expect(run.status == 2)
        #expect(run.stderr.contains("it holds no file"))
    }

    @Test func aQuoteNeverClosedIsAFindingAtItsPlaceAndTheRunIsNotChecked() throws {
        // the quote in the last column swallows the two lines after it into one cell: before, exit 0 CONFORMANT
        let data = try folder(["t.csv": Data("a,b,c\n1,2,\"unclosed\n4,5,6\n7,8,9\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: data) }
        let run = try runStdcheck(["check", data, "--standard", "structure@1", "--format", "json"])
        #expect(run.status == 1)
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        let finding = try #require(
            (json["findings"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "csv-quote-unclosed" })
        let location = finding["location"] as? [String: Any]
        #expect(location?["line"] as? Int == 2)
        #expect(location?["column"] as? Int == 5)
    }

    @Test func aSchemaCheckOfAFolderWithoutXMLIsNotChecked() throws {
        // before: shapefiles and no XML "conformed" to an XML Schema
        let run = try runStdcheck([
            "check", "fixtures/sample-county", "--schema", "fixtures/xml/order.xsd", "--format", "json",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let json = try report(run)
        #expect(json["verdict"] as? String == "not-checked")
        #expect(rules(json).contains("submission-no-data"))
    }

    @Test func anEmptyTableIsUnreadableNotAPass() throws {
        // before: a 0-byte or blank .csv was a table without rows, CONFORMANT
        for content in ["", "\n\r\n  \n"] {
            let data = try folder(["t.csv": Data(content.utf8)])
            defer { try? FileManager.default.removeItem(atPath: data) }
            let run = try runStdcheck(["check", data, "--standard", "structure@1", "--format", "json"])
            #expect(run.status == 1)
            let json = try report(run)
            #expect(json["verdict"] as? String == "not-checked")
            #expect(rules(json).contains("dataset-unreadable"))
        }
    }
}
