import RuleEngine
import TestSupport
import Testing

/// The engine on in-memory DLTB layers, against the real gtdc@2020 pack.
struct EngineTests {
    /// gtdc@2020 narrowed to its DLTB layer and the rules that need no other layer.
    static let standard: Standard = {
        do {
            let standard = try RulePackLoader.load("gtdc@2020", rulesDirectory: packageRoot + "/rules")
            // geometry and CRS rules need GEOS and PROJ; FormatsTests and StdCheckTests cover them
            let rules = standard.rules.filter {
                ($0.layer == "DLTB" || ($0.layer == nil && $0.isDerived)) && !$0.check.needsGeometryOperations
                    // the rows number their BSM 1, 2, … for readable places; the 18-character form is
                    // the sample county's and the research-schema county's to show
                    && $0.id != "DLTB.BSM-not-county-layer-sequence"
            }
            return standard.replacing(layers: standard.layers.filter { $0.name == "DLTB" }, rules: rules)
        } catch {
            preconditionFailure("the bundled pack must load: \(error)")
        }
    }()

    /// The standard's own field table, as a conforming DBF would declare it.
    static let conformingFields: [FieldDefinition] = standard.layers[0].fields.map(\.conformingDefinition)

    /// A valid 旱地 parcel; `changes` overrides single values by field name, `blank` empties fields.
    static func row(_ changes: [String: String] = [:], blank: Set<String> = []) -> [String?] {
        let valid: [String: String] = [
            "BSM": "1", "YSDM": "2001010100", "TBBH": "1", "DLBM": "0103", "DLMC": "旱地", "QSXZ": "30",
            "QSDWDM": "1301231010010000000", "QSDWMC": "东王村", "ZLDWDM": "1301231010010000000", "ZLDWMC": "东王村",
            "TBMJ": "1000.00", "KCXS": "0.0000", "KCMJ": "0.00", "TBDLMJ": "1000.00", "GDPDJB": "1", "FRDBS": "0",
            "GDDB": "5", "ZZSXDM": "LS", "ZZSXMC": "种植粮食作物",
            "SJNF": "2019", "MSSM": "00",
        ]
        return conformingFields.map { field in
            if blank.contains(field.name) { return nil }
            if let change = changes[field.name] { return change }
            return valid[field.name]
        }
    }

    func check(_ rows: [[String?]], fields: [FieldDefinition] = conformingFields, name: String = "DLTB")
        -> ConformanceReport
    {
        let layer = InlineLayer(name: name, file: "DLTB.shp", fields: fields, geometryType: "Polygon", rows: rows)
        let submission = Submission(path: "inline", files: [], layers: [layer], findings: [])
        return Engine(standard: Self.standard).check(
            submission, tool: .init(name: "test", version: "0"), failOn: "error")
    }

    func places(_ report: ConformanceReport, rule: String) -> [String] {
        report.findings.filter { $0.rule == rule }.map(\.location.description)
    }

    @Test func conformingRowsGiveNoFindingAndAConformantVerdict() {
        let report = check([Self.row(), Self.row(["BSM": "2", "TBBH": "2"])])
        #expect(report.findings.isEmpty)
        #expect(report.verdict == .conformant)
        #expect(report.rules.first { $0.id == "DLTB.DLBM.code-unknown" }?.checked == 2)
    }

    @Test func blankMandatoryValueIsAFinding() {
        let report = check([Self.row(), Self.row(["BSM": "2"], blank: ["QSXZ"])])
        #expect(places(report, rule: "DLTB.QSXZ.value-missing") == ["DLTB.shp:DLTB#2.QSXZ"])
        #expect(report.verdict == .nonConformant)
    }

    @Test func unknownCodeIsAFindingAndItsNameIsNotBlamedTwice() {
        let report = check([Self.row(["DLBM": "0199"])])
        #expect(places(report, rule: "DLTB.DLBM.code-unknown") == ["DLTB.shp:DLTB#1.DLBM"])
        #expect(places(report, rule: "DLTB.DLMC.name-code-mismatch").isEmpty)
        let finding = report.findings.first { $0.rule == "DLTB.DLBM.code-unknown" }
        #expect(finding?.message.en == "DLBM value '0199' is not in code list DLBM")
        #expect(finding?.message.zh == "DLBM 的值 '0199' 不在代码表 DLBM 中")
        #expect(finding?.key == FeatureKey(field: "BSM", value: "1"))
    }

    @Test func firstLevelClassIsNotAParcelsLandClassButSpecialLandIs() {
        let report = check([
            Self.row(["DLBM": "01", "DLMC": "耕地"]), Self.row(["BSM": "2", "DLBM": "09", "DLMC": "特殊用地"]),
        ])
        #expect(places(report, rule: "DLTB.DLBM.code-unknown") == ["DLTB.shp:DLTB#1.DLBM"])
    }

    @Test func nameMustBeTheCodeListsNameForTheCode() {
        let report = check([Self.row(["DLMC": "水田"])])
        #expect(places(report, rule: "DLTB.DLMC.name-code-mismatch") == ["DLTB.shp:DLTB#1.DLMC"])
    }

    @Test func codeMustHaveTheDeclaredPattern() {
        let report = check([Self.row(["ZLDWDM": "130123101001000000"])])
        #expect(places(report, rule: "DLTB.ZLDWDM.pattern-mismatch") == ["DLTB.shp:DLTB#1.ZLDWDM"])
    }

    @Test func numbersOutsideTheirIntervalOrNotNumbersAtAllAreFindings() {
        let report = check([
            Self.row(["TBMJ": "0"]), Self.row(["BSM": "2", "TBMJ": "abc"]), Self.row(["BSM": "3", "KCXS": "1"]),
            Self.row(["BSM": "4", "KCXS": "0.9999"]),
        ])
        #expect(places(report, rule: "DLTB.TBMJ.out-of-range") == ["DLTB.shp:DLTB#1.TBMJ", "DLTB.shp:DLTB#2.TBMJ"])
        #expect(places(report, rule: "DLTB.KCXS.out-of-range") == ["DLTB.shp:DLTB#3.KCXS"])
        let messages = report.findings.filter { $0.rule == "DLTB.TBMJ.out-of-range" }.map(\.message.en)
        #expect(messages == ["TBMJ value 0 is outside (0, ∞)", "TBMJ value abc is not a number"])
    }

    @Test func repeatedIdentifierPointsAtTheFirstUse() {
        let report = check([Self.row(), Self.row(["BSM": "2"]), Self.row()])
        #expect(places(report, rule: "DLTB.BSM.value-duplicated") == ["DLTB.shp:DLTB#3.BSM"])
        #expect(
            report.findings.first { $0.rule == "DLTB.BSM.value-duplicated" }?.message.en
                == "BSM value '1' is also used by record 1")
    }

    @Test func absentFieldIsOneFindingAndItsValueRulesAreNotApplicable() {
        let fields = Self.conformingFields.filter { $0.name != "DLBM" }
        let rows = [Self.row()].map { row in
            zip(Self.conformingFields, row).filter { $0.0.name != "DLBM" }.map(\.1)
        }
        let report = check(rows, fields: fields)
        #expect(places(report, rule: "DLTB.DLBM.field-missing") == ["DLTB.shp:DLTB.DLBM"])
        #expect(report.rules.first { $0.id == "DLTB.DLBM.code-unknown" }?.status == .notApplicable)
        #expect(report.rules.first { $0.id == "DLTB.DLMC.name-code-mismatch" }?.status == .notApplicable)
        #expect(report.findings.count == 1)
    }

    @Test func wrongTypeAndWidthAndExtraFieldAreSchemaFindings() {
        var fields = Self.conformingFields
        fields[fields.firstIndex { $0.name == "SJNF" }!] = FieldDefinition(
            name: "SJNF", type: .text, width: 4, decimals: 0)
        fields[fields.firstIndex { $0.name == "DLMC" }!] = FieldDefinition(
            name: "DLMC", type: .text, width: 50, decimals: 0)
        fields.append(FieldDefinition(name: "EXTRA", type: .text, width: 5, decimals: 0))
        let report = check([Self.row() + ["x"]], fields: fields)
        #expect(places(report, rule: "DLTB.SJNF.field-type-mismatch") == ["DLTB.shp:DLTB.SJNF"])
        #expect(places(report, rule: "DLTB.DLMC.field-width-mismatch") == ["DLTB.shp:DLTB.DLMC"])
        #expect(places(report, rule: "DLTB.field-unexpected") == ["DLTB.shp:DLTB.EXTRA"])
        #expect(report.findings.first { $0.rule == "DLTB.field-unexpected" }?.severity == .info)
    }

    @Test func missingLayerIsOneFindingAndAnUnknownLayerIsNoted() {
        let report = check([Self.row()], name: "XZQX")
        #expect(places(report, rule: "DLTB.layer-missing") == [".:DLTB"])
        #expect(places(report, rule: "layer-unknown") == ["DLTB.shp:XZQX"])
        #expect(report.rules.first { $0.id == "DLTB.DLBM.code-unknown" }?.status == .notApplicable)
        // the required layer's rules could not be applied: not a pass, and not a judgement of the data either
        #expect(report.verdict == .notChecked)
        #expect(report.uncheckedFindings.map(\.rule).contains("DLTB.layer-missing"))
        #expect(report.uncheckedFindings.map(\.rule).contains("submission-no-data"))
    }

    @Test func findingsComeOutInReadingOrder() {
        let report = check([
            Self.row(["DLBM": "9999"]), Self.row(["BSM": "2"], blank: ["QSXZ"]), Self.row(["BSM": "3"]),
        ])
        let records = report.findings.compactMap(\.location.record)
        #expect(records == records.sorted())
        #expect(report.findings == report.findings.sorted())
    }
}
