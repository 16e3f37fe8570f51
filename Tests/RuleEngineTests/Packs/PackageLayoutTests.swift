import TestSupport
import Testing

@testable import RuleEngine

/// The package layout rule form, over member lists.
struct PackageLayoutTests {
    let layout = PackageLayoutCheck(
        required: ["*.xml", "data/*.shp"], optional: ["data/*.dbf", "data/*.shx", "README*"],
        forbidden: ["**/*.exe"], naming: "(330106|data|README).*", closed: true)

    @Test func missingForbiddenUnexpectedAndMisnamedMembersAreDefects() {
        let found = layout.defects(in: [
            "p.zip!/330106.xml", "p.zip!/data/x.dbf", "p.zip!/tool.exe", "p.zip!/notes.txt",
        ])
        #expect(
            found.map { "\($0.0.file) \($0.1.values["problem"] ?? "")" } == [
                "p.zip!/data/*.shp missing", "p.zip!/data/x.dbf misnamed", "p.zip!/tool.exe forbidden",
                "p.zip!/notes.txt unexpected",
            ])
    }

    @Test func globsStayWithinAFolderUnlessDoubled() {
        #expect(Glob.matches("*.xml", "a.xml"))
        #expect(!Glob.matches("*.xml", "d/a.xml"))
        #expect(Glob.matches("**/*.xml", "d/e/a.xml"))
        #expect(Glob.matches("**/*.xml", "a.xml"))
        #expect(Glob.matches("data/?.shp", "data/a.shp"))
    }

    @Test func xpathPrefixesAreFoundButAxesAndStringsAreNot() {
        #expect(XPathPrefixes.of("//m:Head/child::m:X[@a='b:c'] and gmd:x") == ["m", "gmd"])
    }
}
