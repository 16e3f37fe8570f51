import RuleEngine
import TestSupport
import Testing

/// The report model: fingerprints, map points, quality elements, the per-rule cap, waivers and baselines.
struct ReportModelTests {
    func check(_ rows: [[String?]], cap: Int = 0) -> ConformanceReport {
        let layer = InlineLayer(
            name: "DLTB", file: "DLTB.shp", fields: EngineTests.conformingFields, geometryType: "Polygon", rows: rows)
        let submission = Submission(path: "inline", files: [], layers: [layer], findings: [])
        return Engine(standard: EngineTests.standard).check(
            submission, tool: .init(name: "test", version: "0"), failOn: "error", maxFindingsPerRule: cap)
    }

    @Test func fingerprintWithAKeyIgnoresTheRecordNumber() {
        let key = FeatureKey(field: "BSM", value: "7")
        let first = Finding.fingerprint(
            rule: "r", location: Location(file: "DLTB.shp", layer: "DLTB", record: 3, field: "QSXZ"), key: key,
            value: nil)
        let moved = Finding.fingerprint(
            rule: "r", location: Location(file: "DLTB.shp", layer: "DLTB", record: 9, field: "QSXZ"), key: key,
            value: nil)
        let otherField = Finding.fingerprint(
            rule: "r", location: Location(file: "DLTB.shp", layer: "DLTB", record: 3, field: "DLBM"), key: key,
            value: nil)
        #expect(first == moved)
        #expect(first != otherField)
        #expect(first.count == 64)
    }

    @Test func fingerprintWithoutAKeyUsesLayerAndRecord() {
        let a = Finding.fingerprint(
            rule: "r", location: Location(file: "T.dbf", layer: "T", record: 3), key: nil, value: "x")
        let b = Finding.fingerprint(
            rule: "r", location: Location(file: "T.dbf", layer: "T", record: 4), key: nil, value: "x")
        #expect(a != b)
    }

    @Test func fingerprintOfAnErrorGeometryWithAnyCoordinateNeverTraps() {
        // NaN, infinities and coordinates whose millimetres overflow Int64 (beyond ±9.2e15) used to trap
        let location = Location(file: "DLTB.shp", layer: "DLTB", record: 1)
        let prints = [Double.nan, .infinity, -.infinity, 9.3e15, -1e300, 1234.5678].map { x in
            Finding.fingerprint(
                rule: "r", location: location, key: nil, value: nil, errorGeometry: .point(x: x, y: 0))
        }
        #expect(Set(prints).count == prints.count)
        #expect(prints.allSatisfy { $0.count == 64 })
        // a finite coordinate in range is still rounded to millimetres
        #expect(
            Finding.fingerprint(
                rule: "r", location: location, key: nil, value: nil, errorGeometry: .point(x: 1234.56781, y: 0))
                == prints.last)
    }

    @Test func representativePointOfAUShapedPolygonIsInsideIt() {
        // A U: the bounding box's centre (5, 5) is in the notch, outside the polygon.
        let ring: [Double] = [0, 0, 0, 10, 3, 10, 3, 3, 7, 3, 7, 10, 10, 10, 10, 0, 0, 0]
        let geometry = Geometry(shapeType: 5, partStarts: [0], xy: ring)
        let point = ErrorGeometry.representativePoint(of: geometry)
        guard case .point(let x, let y) = point else {
            Issue.record("no point")
            return
        }
        #expect(y == 5)
        #expect(x == 1.5 || x == 8.5)
    }

    @Test func representativePointAvoidsAHole() {
        let outer: [Double] = [0, 0, 0, 10, 10, 10, 10, 0, 0, 0]
        let hole: [Double] = [2, 2, 8, 2, 8, 8, 2, 8, 2, 2]
        let geometry = Geometry(shapeType: 5, partStarts: [0, 5], xy: outer + hole)
        guard case .point(let x, let y) = ErrorGeometry.representativePoint(of: geometry) else {
            Issue.record("no point")
            return
        }
        #expect(y == 5)
        #expect(x < 2 || x > 8)
    }

    @Test(arguments: [
        ("code-unknown", QualityElement.domainConsistency), ("field-missing", .conceptualConsistency),
        ("value-missing", .completenessOmission), ("layer-unknown", .completenessCommission),
        ("shx-missing", .formatConsistency), ("field-width-mismatch", .formatConsistency),
        ("a-check-added-later", .conceptualConsistency), ("waiver-expired", .usability),
    ])
    func everyCheckNamesItsQualityElement(check: String, element: QualityElement) {
        #expect(QualityElement.of(check: check) == element)
    }

    @Test func everyFormatDefectIsFormatConsistency() {
        for defect in FormatDefect.allCases {
            #expect(QualityElement.of(check: defect.rawValue) == .formatConsistency, "\(defect.rawValue)")
        }
    }

    @Test func summaryGroupsRulesByQualityElementAndLayer() {
        let report = check([EngineTests.row(["DLBM": "0199"])])
        let domain = report.summary.byQualityElement.first { $0.name == "domain-consistency" }
        #expect(domain?.findings == 1)
        #expect(domain?.status == .failed)
        #expect(report.summary.byLayer.map(\.name) == ["DLTB", "_files"])
    }

    @Test func capKeepsTheFirstFindingsOfEachRuleAndSaysSo() {
        let rows = (1...4).map { EngineTests.row(["BSM": "\($0)", "TBBH": "\($0)"], blank: ["QSXZ"]) }
        let report = check(rows, cap: 2)
        let rule = "DLTB.QSXZ.value-missing"
        #expect(report.findings.filter { $0.rule == rule }.count == 4)
        #expect(report.sample.filter { $0.rule == rule }.map { $0.location.record } == [1, 2])
        #expect(report.rules.first { $0.id == rule }?.truncated == true)
        #expect(report.rules.first { $0.id == rule }?.failed == 4)
        let uncapped = check(rows, cap: 0)
        #expect(uncapped.rules.first { $0.id == rule }?.truncated == false)
        #expect(uncapped.sample.count == uncapped.findings.count)
    }

    @Test func waiverInForceExemptsItsFindingFromTheGateAndAnExpiredOneDoesNot() {
        let waiver = Waiver(
            rule: "DLTB.QSXZ.value-missing", target: .key(field: "BSM", value: "1"), reason: "r",
            expires: "2026-06-30", location: Location(file: "w.yaml", line: 2, column: 5))
        var report = check([EngineTests.row(blank: ["QSXZ"])])
        var expired = report
        report.apply([waiver], file: "w.yaml", today: "2026-06-30")
        #expect(report.gate.passed)
        #expect(report.summary.waived == 1)
        expired.apply([waiver], file: "w.yaml", today: "2026-07-01")
        #expect(!expired.gate.passed)
        #expect(expired.findings.map(\.rule).contains("waiver-expired"))
        #expect(expired.findings.first { $0.rule == "waiver-expired" }?.location.description == "w.yaml:2:5")
    }

    @Test func baselineFailsOnlyNewFindingsAndCountsFixedOnes() {
        let before = check([EngineTests.row(blank: ["QSXZ"]), EngineTests.row(["BSM": "2", "TBBH": "2"])])
        var after = check([EngineTests.row(), EngineTests.row(["BSM": "2", "TBBH": "2"], blank: ["QSXZ"])])
        after.compare(with: Baseline(path: "before.json", fingerprints: Set(before.findings.map(\.fingerprint))))
        #expect(after.baseline == .init(new: 1, unchanged: 0, fixed: 1))
        #expect(!after.gate.passed)
        var same = before
        same.compare(with: Baseline(path: "before.json", fingerprints: Set(before.findings.map(\.fingerprint))))
        #expect(same.baseline == .init(new: 0, unchanged: 1, fixed: 0))
        #expect(same.gate.passed)
    }
}
