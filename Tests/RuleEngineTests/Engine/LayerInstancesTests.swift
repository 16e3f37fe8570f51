import RuleEngine
import TestSupport
import Testing

/// A layer name that occurs in several files: every instance is checked, and rules across layers
/// compare the layers of one file (a boundary TXT) or folder, against the real bpzb@2012 pack.
struct LayerInstancesTests {
    /// bpzb@2012 with its declared rules only (the derived field rules would fire on the sparse rows).
    static let standard: Standard = {
        do {
            let standard = try RulePackLoader.load("bpzb@2012", rulesDirectory: packageRoot + "/rules")
            return standard.replacing(rules: standard.rules.filter { !$0.isDerived })
        } catch {
            preconditionFailure("the bundled pack must load: \(error)")
        }
    }()

    /// The three layers of one coordinate file at `file`: a header declaring `zone`, one point per Y.
    static func coordinateFile(_ file: String, zone: String, ys: [String]) -> [any Layer] {
        func layer(_ name: String, _ rows: [[String: String]]) -> InlineLayer {
            let spec = standard.layers.first { $0.name == name }!
            return InlineLayer(
                name: name, file: file, fields: spec.fields.map(\.conformingDefinition),
                rows: rows.map { row in spec.fields.map { row[$0.name] } })
        }
        return [
            layer("属性描述", [["几度分带": "3", "带号": zone]]),
            layer(
                "界址点",
                ys.enumerated().map { ["地块编号": "1", "点号": "J\($0.offset + 1)", "X坐标": "3537500", "Y坐标": $0.element] }),
        ]
    }

    func check(_ layers: [any Layer]) -> ConformanceReport {
        let submission = Submission(path: "inline", files: [], layers: layers, findings: [])
        return Engine(standard: Self.standard).check(
            submission, tool: .init(name: "test", version: "0"), failOn: "error")
    }

    func places(_ report: ConformanceReport) -> [String] {
        report.findings.map { "\($0.rule) \($0.location)" }
    }

    @Test func theSecondFileIsCheckedAndItsFindingsAreLocatedInIt() {
        let report = check(
            Self.coordinateFile("a/1.txt", zone: "39", ys: ["39460300"])
                + Self.coordinateFile("a/2.txt", zone: "39", ys: ["39460300", "39960300"]))
        #expect(places(report) == ["Y-easting-outside-zone a/2.txt:界址点#2.Y坐标"])
        #expect(report.rules.first { $0.id == "Y-easting-outside-zone" }?.checked == 3)
    }

    @Test func pointsAreJudgedAgainstTheHeaderOfTheirOwnDataset() {
        // zone 39 is declared in dataset a only: a point of dataset b in zone 39 is wrong there
        // (in-memory layers form a dataset per folder; the boundary TXT reader's, one per file)
        let report = check(
            Self.coordinateFile("a/1.txt", zone: "39", ys: ["39460300"])
                + Self.coordinateFile("b/1.txt", zone: "40", ys: ["40460300", "39460300"]))
        #expect(places(report) == ["Y-zone-differs-from-DH b/1.txt:界址点#2.Y坐标"])
        #expect(report.rules.first { $0.id == "Y-zone-differs-from-DH" }?.checked == 3)
    }

    @Test func layersThatOccurOnceBelongTogetherWhateverTheirFolders() {
        let header = Self.coordinateFile("head/1.txt", zone: "39", ys: [])[0]
        let points = Self.coordinateFile("points/1.txt", zone: "39", ys: ["39460300", "38460300"])[1]
        let report = check([header, points])
        #expect(places(report) == ["Y-zone-differs-from-DH points/1.txt:界址点#2.Y坐标"])
    }

    @Test func aRuleThatAppliesToOneInstanceOnlyIsJudgedOnThatOne() {
        // the second header has no 几度分带 and 带号: DH-outside-zone-range cannot apply to it
        let second = InlineLayer(name: "属性描述", file: "b.txt", fields: [], rows: [[]])
        let report = check(Self.coordinateFile("a.txt", zone: "39", ys: []) + [second])
        let result = report.rules.first { $0.id == "DH-outside-zone-range" }
        #expect(result?.status == .passed)
        #expect(result?.checked == 1)
    }
}
