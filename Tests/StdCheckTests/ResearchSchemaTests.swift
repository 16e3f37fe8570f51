import Foundation
import TestSupport
import Testing

/// The packs against the standards as they really are: a county with the tables of the real 三调
/// geodatabase the research found (fixtures/research-schema-county, made by
/// scripts/make-research-schema-county.py) must pass gtdc@2020 and gtdcbg@2021 without an error.
struct ResearchSchemaTests {
    let county = "fixtures/research-schema-county"

    /// The fixture really has the research's widths: BSM varchar(18) in every layer, XZQDM varchar(9), …
    @Test func theCountyHasTheRealGeodatabaseWidths() throws {
        try #require(FileManager.default.fileExists(atPath: fixture("research-schema-county/DLTB.dbf")))
        let run = try runStdcheck(["inspect", county, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let layers = try #require(report["layers"] as? [[String: Any]])
        var widths: [String: String] = [:]
        for layer in layers {
            for field in layer["fields"] as? [[String: Any]] ?? [] {
                widths["\(layer["name"] as? String ?? "").\(field["name"] as? String ?? "")"] =
                    "\(field["type"] as? String ?? "")\(field["width"] as? Int ?? 0)"
            }
        }
        for (field, declared) in [
            "DLTB.BSM": "C18", "XZQ.BSM": "C18", "CJDCQ.BSM": "C18", "XZQ.XZQDM": "C9", "DLTB.ZLDWDM": "C19",
            "CJDCQ.ZLDWDM": "C19", "DLTB.TBYBH": "C18", "DLTB.TBXHDM": "C6", "DLTB.ZZSXDM": "C6", "DLTB.ZZSXMC": "C20",
            "DLTB.TBXHMC": "C20", "DLTB.QSDWMC": "C255", "XZQ.XZQMC": "C100", "DLTB.XZDWKD": "N5",
            "XZQJX.BSM": "C18", "XZQJX.JXLX": "C6", "XZQJX.JXXZ": "C6", "XZQJX.JXSM": "C100", "CZCDYD.CZCDM": "C19",
        ] {
            #expect(widths[field] == declared, "\(field): \(widths[field] ?? "absent")")
        }
    }

    @Test(arguments: ["gtdc@2020", "gtdcbg@2021"])
    func aCleanCountyWithTheRealTablesHasNoError(standard: String) throws {
        try #require(FileManager.default.fileExists(atPath: fixture("research-schema-county/XZQ.shp")))
        let run = try runStdcheck(["check", county, "--standard", standard, "--format", "json"])
        #expect(run.status == 0, "\(run.stdout.prefix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let errors = findings.filter { $0["severity"] as? String == "error" }.compactMap { $0["rule"] as? String }
        #expect(errors.isEmpty, "\(errors)")
        // the rules that the old, recalled pack got wrong did run on it
        let rules = try #require(report["rules"] as? [[String: Any]])
        let passed = Set(rules.filter { $0["status"] as? String == "passed" }.compactMap { $0["id"] as? String })
        for id in [
            "XZQ.BSM.field-type-mismatch", "XZQ.XZQDM.pattern-mismatch", "XZQ.DCMJ-not-sum-of-CJDCQ",
            "XZQ.DCMJ-not-sum-of-DLTB", "CJDCQ.DCMJ-not-sum-of-DLTB", "DLTB.ZZSXMC.name-code-mismatch",
            "DLTB.TBXHDM.code-unknown", "DLTB.CZCSXM-204-for-other-class", "DLTB.TBXHDM-FQ-for-other-class",
            "DLTB.ZZSXDM-restoration-code-for-other-class", "DLTB.QSDWDM-other-village-not-enclave",
            "DLTB.XZDWKD-set-for-non-linear-class", "XZQJX.YSDM.pattern-mismatch", "CZCDYD.CZCLX.code-unknown",
            "CZCDYD.CZCDM.pattern-mismatch", "CZCDYD.CZCDM-county-differs-from-BSM", "XZQJX.lines-overlap",
            "XZQJX.not-on-XZQ-boundary", "XZQJX.line-sliver", "CJDCQJX.lines-overlap", "CJDCQJX.not-on-CJDCQ-boundary",
            "CJDCQJX.dangle", "CJDCQJX.line-sliver", "CJDCQ.geometry-multipart", "CZCDYD.geometry-multipart",
        ] {
            #expect(passed.contains(id), "\(id) did not pass")
        }
    }

    /// The whole 三调 database is declared, but only XZQ, CJDCQ and DLTB must be delivered: a missing
    /// optional layer is no finding, a missing mandatory one is an error.
    @Test func optionalLayersMayBeAbsentAndAMandatoryOneMayNot() throws {
        try #require(FileManager.default.fileExists(atPath: fixture("research-schema-county/CJDCQ.shp")))
        let folder = NSTemporaryDirectory() + "stdcheck-layers-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for file in try FileManager.default.contentsOfDirectory(atPath: fixture("research-schema-county"))
        where !file.hasPrefix("CJDCQ.") && !file.hasPrefix("XZQJX.") && !file.hasPrefix("CZCDYD.") {
            try FileManager.default.copyItem(
                atPath: fixture("research-schema-county/" + file), toPath: folder + "/" + file)
        }
        let run = try runStdcheck(["check", folder, "--standard", "gtdc@2020", "--format", "json"])
        #expect(run.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let missing = (report["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
            .filter { $0.hasSuffix(".layer-missing") }
        #expect(missing == ["CJDCQ.layer-missing"])
        let rules = try #require(report["rules"] as? [[String: Any]])
        let ids = Set(rules.compactMap { $0["id"] as? String })
        for layer in ["XZQJX", "CJDCQJX", "CZCDYD", "YJJBNTTB", "LSYD", "PZWJSTD", "KFYQ", "GDDB"] {
            #expect(ids.contains("\(layer).BSM.field-missing"), "\(layer) is not declared")
            #expect(!ids.contains("\(layer).layer-missing"), "\(layer) is mandatory")
        }
    }
}
