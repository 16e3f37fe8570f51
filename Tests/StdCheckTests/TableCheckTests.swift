import Foundation
import TestSupport
import Testing

/// A pack's `tables:` check delimited text tables with the same field-table rules as layers.
struct TableCheckTests {
    @Test func packTableChecksACSVTableRecordByRecord() throws {
        let run = try runStdcheck([
            "check", "fixtures/csv/tables", "--standard", "tables@1", "--rules-dir", "fixtures/packs", "--format",
            "json",
        ])
        #expect(run.status == 1, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = (report["findings"] as? [[String: Any]] ?? []).map { finding in
            let location = finding["location"] as? [String: Any] ?? [:]
            let place = [location["record"], location["field"], location["line"], location["column"]]
                .map { $0.map { "\($0)" } ?? "-" }.joined(separator: ",")
            return "\(finding["rule"] as? String ?? "")@\(place)"
        }
        // MJ `abc` is a type-error at its line and column (the pack says Float), and — a known double
        // report — also "not a number" for the range rule.
        #expect(
            findings == [
                "QSDW.QSXZ.code-unknown@2,QSXZ,-,-", "QSDW.DM.value-duplicated@3,DM,-,-",
                "QSDW.MJ.out-of-range@3,MJ,-,-", "QSDW.QSXZ.value-missing@3,QSXZ,-,-",
                "QSDW.MJ.out-of-range@4,MJ,-,-", "type-error@4,MJ,5,12",
            ])
        // A delimited text table declares no types or widths: those rules do not apply, and say so.
        let statuses = Dictionary(
            uniqueKeysWithValues: (report["rules"] as? [[String: Any]] ?? []).compactMap { rule in
                (rule["id"] as? String).map { ($0, rule["status"] as? String ?? "") }
            })
        #expect(statuses["QSDW.MJ.field-type-mismatch"] == "not-applicable")
        #expect(statuses["QSDW.DM.field-width-mismatch"] == "not-applicable")
    }

    @Test func csvEncodingOptionDecodesGB18030AndAnUnknownNameIsAUsageError() throws {
        let declared = try runStdcheck([
            "check", "fixtures/csv/gb18030.csv", "--standard", "structure@1", "--encoding", "GB18030",
        ])
        #expect(declared.status == 0, "\(declared.stdout)\(declared.stderr)")
        let unknown = try runStdcheck(["check", "fixtures/csv/gb18030.csv", "--encoding", "klingon"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown encoding 'klingon'"))
    }
}

/// A pack may declare a table's text encoding; `--encoding` overrides it.
struct TableEncodingTests {
    func report(_ arguments: [String]) throws -> [String: Any] {
        let run = try runStdcheck(
            ["check", "fixtures/csv/tables-gbk", "--rules-dir", "fixtures/packs", "--format", "json"] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    @Test func tableDeclaredGB18030InThePackDecodesWithoutEncodingErrors() throws {
        let json = try report(["--standard", "tablesgbk@1"])
        let layer = try #require((json["layers"] as? [[String: Any]])?.first)
        let encoding = try #require(layer["encoding"] as? [String: Any])
        #expect(encoding["source"] as? String == "pack")
        #expect(encoding["used"] as? String == "GB18030")
        let rules = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules == ["CBF.DM.value-duplicated"])
    }

    @Test func encodingOptionOverridesThePack() throws {
        let json = try report(["--standard", "tablesgbk@1", "--encoding", "UTF-8"])
        let rules = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
        #expect(rules.contains("encoding-error"))
    }
}
