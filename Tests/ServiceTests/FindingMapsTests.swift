import Foundation
import Service
import TestSupport
import Testing

/// The submission view's findings with their maps: the report's own SVG (the HTML report's bytes),
/// paged, behind the same visibility as the submission.
@Suite(.serialized) struct FindingMapsTests {
    @Test func findingsArePagedWithTheReportsMapsAndOnlyForThoseWhoSeeTheSubmission() throws {
        let harness = try ServiceHarness.start()
        defer { harness.stop() }
        try harness.user("p1", .producer, unit: "330106")
        try harness.user("p2", .producer, unit: "110101")
        try harness.user("near", .inspector, regions: ["3301"])
        try harness.user("far", .inspector, regions: ["32"])
        let producer = try Client.login(harness, "p1")

        // before a check there is no report to page through
        let pending = try producer.send(
            "POST", "/api/submissions", json: ["upload": try producer.upload(Data("x".utf8), name: "note.txt")])
        let pendingID = try #require(pending.json["id"] as? String)
        let early = try producer.send("GET", "/api/submissions/\(pendingID)/findings").status
        #expect(early == 409 || early == 404, "\(early)")

        let zip = try Deliveries.sampleCounty()
        let created = try producer.submit(zip, name: "sample-county.zip", standard: "gtdc@2020")
        let id = try #require(created["id"] as? String)
        #expect(try producer.waitChecked(id)["state"] as? String == "checked")
        let report = try #require(
            try JSONSerialization.jsonObject(with: producer.send("GET", "/api/submissions/\(id)/report/json").body)
                as? [String: Any])
        let listed = try #require(report["findings"] as? [[String: Any]])
        let html = String(decoding: try producer.send("GET", "/api/submissions/\(id)/report/html").body, as: UTF8.self)

        // page 1 of 5: the report's first five findings in order, with the stylesheet of the maps
        let first = try producer.send("GET", "/api/submissions/\(id)/findings?page=1&size=5")
        #expect(first.status == 200)
        #expect(first.json["total"] as? Int == listed.count)
        #expect(first.json["pages"] as? Int == (listed.count + 4) / 5)
        #expect((first.json["style"] as? String)?.contains(".fmap") == true)
        let page = try #require(first.json["findings"] as? [[String: Any]])
        #expect(page.count == 5)
        for (offset, finding) in page.enumerated() {
            #expect(finding["index"] as? Int == offset + 1)
            #expect(finding["rule"] as? String == listed[offset]["rule"] as? String)
        }

        // every page together: each finding once, and each map is the HTML report's own drawing
        var maps = 0
        var related = 0
        var seen = 0
        var number = 1
        while true {
            let answer = try producer.send("GET", "/api/submissions/\(id)/findings?page=\(number)&size=40")
            #expect(answer.status == 200)
            let findings = try #require(answer.json["findings"] as? [[String: Any]])
            if findings.isEmpty { break }
            for finding in findings {
                seen += 1
                #expect(finding["index"] as? Int == seen)
                guard let map = finding["map"] as? String else { continue }
                maps += 1
                #expect(map.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"fmap\""))
                #expect(html.contains(map), "the map of finding \(seen) is not the report's")
                if map.contains("<path class=\"rel\"") { related += 1 }
            }
            number += 1
        }
        #expect(seen == listed.count)
        #expect(maps > 20, "\(maps) maps")
        // the cross-layer findings draw the features they involve (villages, parcels, targets)
        #expect(related >= 4, "\(related) maps with related features")

        // bad paging is refused; past the last page is empty
        #expect(try producer.send("GET", "/api/submissions/\(id)/findings?size=0").status == 400)
        #expect(try producer.send("GET", "/api/submissions/\(id)/findings?size=101").status == 400)
        #expect(try producer.send("GET", "/api/submissions/\(id)/findings?page=x").status == 400)
        let past = try producer.send("GET", "/api/submissions/\(id)/findings?page=999")
        #expect(past.status == 200)
        #expect((past.json["findings"] as? [Any])?.isEmpty == true)

        // visibility as the submission's: another unit's producer and an inspector elsewhere see nothing
        for (name, expected) in [("p2", 404), ("far", 404), ("near", 200)] {
            let client = try Client.login(harness, name)
            #expect(try client.send("GET", "/api/submissions/\(id)/findings").status == expected, "\(name)")
        }
        #expect(try Client(base: harness.base).send("GET", "/api/submissions/\(id)/findings").status == 401)
    }
}
