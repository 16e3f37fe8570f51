import Foundation
import Service
import TestSupport
import Testing

/// The batch summary built from real reports: `stdcheck check` on three fixture counties (non-conformant,
/// conformant, not checked), plus a failed and a queued row; compared byte for byte with the goldens in
/// fixtures/reports/batch-summary/.
@Suite(.serialized) struct BatchSummaryTests {
    /// The items of the fixed batch, their reports written into `folder`.
    static func items(in folder: String) throws -> [BatchSummary.Item] {
        let checked = [
            ("西湖区", "330106", "sample-county"), ("滨江区", "330108", "clean-county"),
            ("黄岩区", "331003", "ercha-county"),
        ]
        var items: [BatchSummary.Item] = []
        for (index, (id, region, delivery)) in checked.enumerated() {
            let output = folder + "/" + delivery
            let run = try runStdcheck(
                ["check", fixture(delivery), "--standard", "gtdc@2020", "--format", "json,csv", "--output", output],
                timeout: 300)
            #expect(run.status <= 1, "\(run.stderr)")
            var item = BatchSummary.Item(
                id: id, region: region, submission: String(repeating: "\(index)", count: 32), state: "checked",
                report: "/api/submissions/\(String(repeating: "\(index)", count: 32))/report/html")
            item.read(reportFolder: URL(fileURLWithPath: output))
            #expect(item.failureReason == nil)
            items.append(item)
        }
        items.append(
            BatchSummary.Item(
                id: "东城区", region: "110101", submission: String(repeating: "a", count: 32), state: "failed",
                failureReason: "exit 3: the uploaded file is gone"))
        items.append(
            BatchSummary.Item(
                id: "西城区", region: "110102", submission: String(repeating: "b", count: 32), state: "queued"))
        return items
    }

    @Test func summaryOfFixedReportsMatchesTheGoldens() throws {
        let folder = try HostileFiles.folder("summary")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let items = try Self.items(in: folder)
        let summary = BatchSummary(
            batch: String(repeating: "f", count: 32), name: "counties.csv", createdAt: "2026-12-03T08:00:00.000Z",
            items: items)

        // the sums are the items' own figures, level by level
        #expect(summary.totals.items == 5)
        #expect(summary.totals.errors == items.reduce(0) { $0 + $1.errors })
        #expect(summary.totals.warnings == items.reduce(0) { $0 + $1.warnings })
        #expect(summary.totals.parcels == items.reduce(0) { $0 + ($1.parcels ?? 0) })
        #expect(
            (summary.totals.nonConformant, summary.totals.conformant, summary.totals.notChecked) == (1, 1, 1))
        #expect((summary.totals.failed, summary.totals.pending) == (1, 1))
        #expect(summary.totals.verdict == "NON-CONFORMANT")
        #expect(summary.provinces.map(\.code) == ["11", "33"])
        #expect(summary.provinces.map(\.name) == ["北京市", "浙江省"])
        #expect(summary.provinces[1].cities.map(\.code) == ["3301", "3310"])
        #expect(summary.provinces[1].cities[0].counties.map(\.code) == ["330106", "330108"])
        #expect(summary.provinces[0].group.verdict == "PENDING")
        #expect(items[0].verdict == "NON-CONFORMANT" && items[1].verdict == "CONFORMANT")
        #expect(items[2].verdict == "NOT CHECKED")
        #expect((items[0].parcels ?? 0) > 0 && (items[0].area ?? 0) > 0)
        let ruleTotal = summary.totals.topRules.first?.findings ?? 0
        #expect(
            ruleTotal
                == items.flatMap(\.topRules).filter { $0.rule == summary.totals.topRules[0].rule }
                .reduce(0) { $0 + $1.findings })

        let json = summary.json()
        let csv = summary.csv()
        let html = summary.html()
        #expect(csv.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: csv, as: UTF8.self).contains(",\"=\"\"330106\"\"\","))
        // self-contained: no script, style, image or font from elsewhere
        for external in ["<script src", "<link", "<img", "@import", "url("] { #expect(!html.contains(external)) }
        #expect(html.contains("<svg"))
        #expect(html.contains("table class=\"sortable\""))
        // JSON round trip, and the same bytes from a second build of the same reports
        #expect(try JSONDecoder().decode(BatchSummary.self, from: json) == summary)
        let again = BatchSummary(
            batch: summary.batch, name: summary.name, createdAt: summary.createdAt, items: items.reversed())
        #expect(again.json() == json && again.csv() == csv && again.html() == html)

        for (name, text) in [
            ("summary.json", String(decoding: json, as: UTF8.self)),
            ("summary.csv", String(decoding: csv, as: UTF8.self)),
            ("summary.html", html),
        ] {
            if let mismatch = goldenMismatch(text, named: "batch-summary/" + name) { Issue.record("\(mismatch)") }
        }
    }

    @Test func aMissingOrBrokenReportIsSaidNotHidden() throws {
        let folder = try HostileFiles.folder("summary-broken")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var missing = BatchSummary.Item(id: "a", region: "330106", submission: "x", state: "checked")
        missing.read(reportFolder: URL(fileURLWithPath: folder + "/nothing"))
        #expect(missing.failureReason == "the report report.json is missing")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: folder + "/report.json"))
        var broken = BatchSummary.Item(id: "b", region: "330106", submission: "y", state: "checked")
        broken.read(reportFolder: URL(fileURLWithPath: folder))
        #expect(broken.failureReason == "the report report.json cannot be read")
        let summary = BatchSummary(batch: "z", name: "n", createdAt: "t", items: [missing, broken])
        #expect(summary.totals.notChecked == 2)
        #expect(summary.totals.verdict == "NOT CHECKED")
    }
}
