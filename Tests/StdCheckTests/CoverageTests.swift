import Foundation
import TestSupport
import Testing

/// `stdcheck rules coverage`: which items of the national check catalogue a pack's rules implement.
struct CoverageTests {
    @Test func gtdcCoverageNamesTheRulesOfEachItemAndTheGaps() throws {
        let run = try runStdcheck(["rules", "coverage", "gtdc@2020"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        func line(_ id: String) -> String { lines.first { $0.hasPrefix("  \(id)\t") } ?? "" }
        // a derived check implements a structural item, a declared rule names its item
        #expect(line("3101").contains("XZQ.layer-missing, CJDCQ.layer-missing, DLTB.layer-missing"))
        #expect(line("5103").contains("DLTB.CZCSXM-204-for-other-class"))
        #expect(line("6101").contains("11 rules"))
        #expect(line("4301").contains("DLTB.parcels-overlap"))
        #expect(line("4301").contains("12 rules"))
        #expect(line("5101").hasSuffix("1 rule: CZCDYD.has-hole"))
        #expect(line("5102").hasSuffix("1 rule: CZCDYD.CZCDM-county-differs-from-BSM"))
        #expect(line("4701").hasSuffix("2 rules: XZQJX.line-sliver, CJDCQJX.line-sliver"))
        #expect(lines.last == "  15 of 15 items covered")
    }

    @Test func aProfileInheritsTheCatalogue() throws {
        let run = try runStdcheck(["rules", "coverage", "gtdcbg@2021"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("gtdcbg@2021\n"))
        #expect(run.stdout.contains("items covered"))
    }

    @Test func aPackWithoutCatalogueIsAnErrorWhenNamed() throws {
        let run = try runStdcheck(["rules", "coverage", "tdtdb@2007"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("tdtdb@2007 declares no check-items"))
    }

    @Test func theRulePageNamesItsCheckItem() throws {
        let page = try String(
            contentsOfFile: packageRoot + "/docs/rules/gtdc/2020/DLTB.parcel-sliver.md", encoding: .utf8)
        #expect(page.contains("* **Check items:** 4601 碎片多边形\n"))
    }
}
