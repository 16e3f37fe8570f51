import Formats
import Foundation
import RuleEngine
import TestSupport
import Testing

/// Cross-layer and aggregate findings name every feature they involve, checked against the sample
/// county's own files read back here: the parcels a village's total sums, the village a parcel with an
/// unknown ZLDWDM lies in, the village whose name a parcel contradicts, the first use of a repeated BSM.
@Suite struct RelatedFeaturesTests {
    struct Layer {
        var records: [Record]
        var schema: LayerSchema
        func value(_ record: Int, _ field: String) -> String? {
            schema.index(of: field).flatMap { records[record - 1][$0] }
        }
    }

    static func layers() throws -> [String: Layer] {
        let submission = try SubmissionReader.open(fixture("sample-county"), displayPath: "sample-county")
        var layers: [String: Layer] = [:]
        for layer in submission.layers {
            layers[layer.name] = Layer(records: layer.records().compactMap { try? $0.get() }, schema: layer.schema)
        }
        return layers
    }

    /// Even-odd over every ring of the shape.
    static func contains(_ shape: Geometry, _ x: Double, _ y: Double) -> Bool {
        (0..<shape.partCount).filter { shape.part($0, contains: x, y) }.count % 2 == 1
    }

    @Test func crossLayerFindingsNameAndOutlineEveryFeatureInvolved() throws {
        let (directory, run) = try InspectorReportTests.sample("jsonl,geojson,html")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(run.status == 1, "\(run.stderr.suffix(300))")
        let findings = try String(contentsOfFile: directory + "/report.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Finding.self, from: Data($0.utf8)) }
        let layers = try Self.layers()
        let dltb = try #require(layers["DLTB"])
        let cjdcq = try #require(layers["CJDCQ"])

        // a village's DCMJ against its parcels: the parts are the parcels of its ZLDWDM and MSSM, in
        // record order, the first 50 listed and the rest counted; each outline within a pixel of its shape
        let village = try #require(findings.first { $0.rule == "CJDCQ.DCMJ-not-sum-of-DLTB" })
        let record = try #require(village.location.record)
        let group = [cjdcq.value(record, "ZLDWDM"), cjdcq.value(record, "MSSM")]
        let parts = dltb.records.filter { [dltb.value($0.number, "ZLDWDM"), dltb.value($0.number, "MSSM")] == group }
        let related = try #require(village.related)
        #expect(!parts.isEmpty)
        #expect(related.map(\.record) == parts.prefix(RelatedFeature.perFinding).map(\.number))
        #expect(related.count + (village.relatedMore ?? 0) == parts.count)
        #expect(village.relatedMore == (parts.count > RelatedFeature.perFinding ? parts.count - 50 : nil))
        #expect(related.allSatisfy { $0.role == .part && $0.layer == "DLTB" && $0.file == "DLTB.shp" })
        #expect(related.allSatisfy { $0.key?.value == dltb.value($0.record, "BSM") })
        let own = try #require(cjdcq.records[record - 1].geometry?.envelope)
        var extent = own
        for part in related { extent = extent.union(try #require(dltb.records[part.record - 1].geometry?.envelope)) }
        let pixel = max(extent.maxX - extent.minX, extent.maxY - extent.minY) / RelatedFeature.mapPixels
        var vertices = 0
        for part in related {
            guard let outline = part.geometry else { continue }
            let shape = try #require(dltb.records[part.record - 1].geometry)
            for point in outline.points {
                vertices += 1
                let nearest = (0..<shape.vertexCount).map { index in
                    hypot(shape.xy[2 * index] - point[0], shape.xy[2 * index + 1] - point[1])
                }.min()!
                #expect(nearest <= pixel, "part \(part.record): \(nearest) > \(pixel)")
            }
        }
        #expect(vertices > 0 && vertices <= RelatedFeature.verticesPerFinding)
        // the finding itself now has a place: a point inside its own village
        guard case .point(let vx, let vy)? = village.geometry else {
            Issue.record("no point on the village")
            return
        }
        #expect(Self.contains(try #require(cjdcq.records[record - 1].geometry), vx, vy))

        // a ZLDWDM no village has: the village polygon the parcel's point lies in
        let unknown = findings.filter { $0.rule == "DLTB.ZLDWDM-village-unknown" }
        #expect(unknown.count >= 1)
        for finding in unknown {
            guard case .point(let x, let y)? = finding.geometry, let parcel = finding.location.record else {
                Issue.record("no point on \(finding.location)")
                continue
            }
            #expect(Self.contains(try #require(dltb.records[parcel - 1].geometry), x, y))
            let container = try #require(finding.related?.first)
            #expect(finding.related?.count == 1)
            #expect(container.role == .container && container.layer == "CJDCQ")
            #expect(Self.contains(try #require(cjdcq.records[container.record - 1].geometry), x, y))
            #expect(container.key?.value == cjdcq.value(container.record, "BSM"))
            #expect(container.geometry != nil)
        }

        // a village name that differs from the one the village of its code gives: that village
        let named = try #require(findings.first { $0.rule == "DLTB.ZLDWMC-not-village-name" })
        let target = try #require(named.related?.first)
        #expect(target.role == .target && target.layer == "CJDCQ")
        #expect(cjdcq.value(target.record, "ZLDWDM") == dltb.value(named.location.record!, "ZLDWDM"))

        // a BSM used twice across layers: the first use, the record the message names
        let repeated = try #require(findings.first { $0.rule == "BSM-duplicated-across-layers" })
        let first = try #require(repeated.related?.first)
        #expect(first.role == .firstUse)
        #expect(repeated.message.en.hasSuffix("\(first.layer)#\(first.record)"))
        #expect(layers[first.layer]?.value(first.record, "BSM") == repeated.key?.value)

        // the GeoJSON error layer carries them as text (a shapefile field holds no list)
        let points = try String(contentsOfFile: directory + "/report-points.geojson", encoding: .utf8)
        #expect(points.contains("\"related\" : \"CJDCQ#\(container(unknown))"))
        #expect(points.contains(" part; "))

        // the HTML map of the township's total draws its villages as the finding's own (dashed orange),
        // with their BSM on hover and a legend line
        let html = try String(contentsOfFile: directory + "/report.html", encoding: .utf8)
        let article = try #require(InspectorReportTests.article(html, rule: "XZQ.DCMJ-not-sum-of-CJDCQ"))
        #expect(article.contains("<path class=\"rel\""))
        #expect(article.contains("<title>CJDCQ BSM "))
        #expect(article.contains("class=\"flegend\""))
        #expect(article.contains("related features</span> (汇总明细 part)"))
        let parcel = try #require(InspectorReportTests.article(html, rule: "DLTB.ZLDWDM-village-unknown"))
        #expect(parcel.contains("(所在要素 container)</title>"))
    }

    /// `record (BSM=…)` of the first unknown-village finding's container, as the GeoJSON names it.
    func container(_ findings: [Finding]) -> String {
        guard let related = findings.first?.related?.first else { return "?" }
        return "\(related.record)" + (related.key.map { " (\($0.field)=\($0.value))" } ?? "")
    }
}
