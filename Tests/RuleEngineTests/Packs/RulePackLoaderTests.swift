import RuleEngine
import TestSupport
import Testing

struct RulePackLoaderTests {
    let rules = packageRoot + "/rules"

    @Test func gtdc2020HasTheThirtyDLTBFieldsInTheStandardsOrder() throws {
        let standard = try RulePackLoader.load("gtdc@2020", rulesDirectory: rules)
        #expect(standard.reference == "gtdc@2020")
        let dltb = try #require(standard.layers.first { $0.name == "DLTB" })
        #expect(
            dltb.fields.map(\.name) == [
                "BSM", "YSDM", "TBYBH", "TBBH", "DLBM", "DLMC", "QSXZ", "QSDWDM", "QSDWMC", "ZLDWDM", "ZLDWMC", "TBMJ",
                "KCDLBM", "KCXS", "KCMJ", "TBDLMJ", "GDLX", "GDPDJB", "XZDWKD", "TBXHDM", "TBXHMC", "ZZSXDM", "ZZSXMC",
                "GDDB", "FRDBS", "CZCSXM", "SJNF", "MSSM", "HDMC", "BZ",
            ])
        #expect(dltb.key == "BSM")
        #expect(dltb.geometry == .polygon)
        #expect(standard.codeLists["DLBM"]?.name(of: "0101") == "水田")
        #expect(standard.codeLists["DLBM"]?.name(of: "1104A") == "养殖坑塘")
        #expect(standard.codeLists["CZCSXM"]?.contains("203") == true)
        #expect(standard.digest.count == 64)
    }

    @Test func everyFieldFactBecomesItsOwnRule() throws {
        let standard = try RulePackLoader.load("gtdc@2020", rulesDirectory: rules)
        let ids = Set(standard.rules.map(\.id))
        for id in [
            "DLTB.layer-missing", "DLTB.geometry-type-mismatch", "DLTB.field-unexpected", "DLTB.BSM.value-duplicated",
            "DLTB.DLBM.code-unknown", "DLTB.DLMC.name-code-mismatch", "DLTB.ZLDWDM.pattern-mismatch",
            "DLTB.QSDWDM.pattern-mismatch", "DLTB.TBMJ.out-of-range", "DLTB.KCXS.out-of-range",
            "DLTB.QSXZ.value-missing", "DLTB.TBYBH.field-missing", "shx-missing", "encoding-undeclared",
        ] {
            #expect(ids.contains(id), "missing rule \(id)")
        }
        #expect(ids.count == standard.rules.count, "rule ids must be unique")
    }

    @Test func lowConfidenceWidthsAreWarnings() throws {
        let standard = try RulePackLoader.load("gtdc@2020", rulesDirectory: rules)
        let dltb = try #require(standard.layers.first { $0.name == "DLTB" })
        let lowFields = dltb.fields.filter { $0.confidence == .low }.map(\.name)
        #expect(!lowFields.isEmpty)
        for field in lowFields {
            let rule = try #require(standard.rules.first { $0.id == "DLTB.\(field).field-width-mismatch" })
            #expect(rule.severity == .warning)
        }
        #expect(standard.rules.first { $0.id == "DLTB.DLMC.field-width-mismatch" }?.severity == .error)
    }

    @Test(arguments: [
        (
            "unknownkey@1",
            "fixtures/packs/unknownkey/1/pack.yaml:5:1: error: unknown key 'layrs'; allowed here: basis, check-items, codelists, description, extends, fields, id, layers, members, namespaces, overrides, schema, schemas, tables, title, version, with"
        ),
        (
            "newschema@1",
            "fixtures/packs/newschema/1/pack.yaml:1:9: error: pack schema 2 is newer than this StdCheck understands (newest: 1); upgrade stdcheck"
        ),
        (
            "badvalue@1",
            "fixtures/packs/badvalue/1/layers/T.yaml:8:11: error: 'Text' is not a valid value for 'type'; expected Char, Int, Float, Date, Bool"
        ),
        (
            "badyaml@1",
            "fixtures/packs/badyaml/1/pack.yaml:5:1: error: YAML syntax: did not find expected ',' or ']'"
        ),
        (
            "badexpression@1",
            "fixtures/packs/badexpression/1/rules/t.yaml:9:26: error: unexpected 'matchs' after a complete expression\n    K = '1' and A matchs 'x'\n                  ^"
        ),
        (
            "nocodelist@1",
            "fixtures/packs/nocodelist/1/layers/T.yaml:10:15: error: no code list 'XYZ' in this pack's codelists/"
        ),
        (
            "rulestatus@1",
            "fixtures/packs/rulestatus/1/rules/t.yaml:7:5: error: unknown key 'status'; allowed here: assert, check-item, clause, confidence, element, examples, field, id, layer, limitations, message, metadata, package, rationale, severity, source, title, when, xpath"
        ),
        (
            "baserow@1",
            "fixtures/packs/baserow/1/rules/t.yaml:7:12: error: 'base.T' is not a valid value for 'layer'; expected a layer of the submission (the layers of --base and --with datasets are read only by reference, unique-across and aggregate rules, and as the other layer of a geometry comparison)"
        ),
        (
            "badwith@1",
            "fixtures/packs/badwith/1/pack.yaml:7:5: error: 'badwith@1' is not a valid value for 'standard'; expected another standard than this pack and those on its extends chain, each once (not 'base')"
        ),
    ])
    func brokenPackIsAnErrorAtItsLineAndColumn(reference: String, message: String) throws {
        let error = #expect(throws: RulePackError.self) {
            try RulePackLoader.load(reference, rulesDirectory: packageRoot + "/fixtures/packs")
        }
        let description = try #require(error?.description)
        #expect(description == packageRoot + "/" + message)
    }

    /// `with:` loads the other standard through the same rules directory: its field tables resolve the
    /// rules' `wrongexample.T`, but are not the pack's own layers.
    @Test func withLoadsTheOtherStandardsFieldTables() throws {
        let standard = try RulePackLoader.load("withother@1", rulesDirectory: packageRoot + "/fixtures/packs")
        #expect(standard.with.map(\.reference) == ["wrongexample@1"])
        #expect(standard.with.first?.layers.map(\.name) == ["T"])
        #expect(standard.with.first?.optional == false)
        #expect(standard.layers.map(\.name) == ["T"])
        let rule = try #require(standard.rules.first { $0.id == "T.A-not-in-other" })
        #expect(BaseLayers.others(neededBy: rule) == ["wrongexample"])
        #expect(!BaseLayers.needed(by: rule))
    }

    @Test func membersAreInheritedAfterThePacksOwnEntries() throws {
        let standard = try RulePackLoader.load("bpbp@2012", rulesDirectory: rules)
        #expect(
            standard.members.map { "\($0.path) \($0.reader)" } == [
                "README* none", "*metadata*.xml xml", "*.pdf none", "**/*.txt boundary-txt",
            ])
        #expect(standard.members.last?.declaredAt.file.hasSuffix("bpzb/2012/pack.yaml") == true)
        let reader = { (path: String) in standard.memberDeclaration(for: path)?.reader }
        #expect(reader("330106-bp.zip!/README.txt") == MemberDeclaration.notRead)
        #expect(reader("330106-bp.zip!/notes.txt") == "boundary-txt")
        #expect(reader("sub/330106-bp.txt") == "boundary-txt")
        #expect(reader("330106-bp.zip!/330106-metadata.xml") == "xml")
        #expect(reader("other.xml") == nil)
        // gtdcbg@2021 inherits gtdc@2020's
        #expect(try RulePackLoader.load("gtdcbg@2021", rulesDirectory: rules).members.map(\.path) == ["**/*.shp"])
    }

    @Test func unknownStandardListsTheAvailableOnes() {
        let error = #expect(throws: RulePackError.self) {
            try RulePackLoader.load("gtdc@1999", rulesDirectory: rules)
        }
        #expect(error?.message.contains("no standard 'gtdc@1999'") == true)
        #expect(error?.message.contains("gtdc@2020") == true)
    }
}
