import Formats
import Foundation
import RuleEngine
import TestSupport
import Testing

/// `SubmissionReader.catalogue(of:)`: the names and fields detection needs, read from the members'
/// headers of a listing made once, agree with what opening the submission gives.
struct SubmissionCatalogueTests {
    static let submissions = [
        "fixtures/sample-county", "fixtures/clean-county", "fixtures/research-schema-county", "fixtures/csv/tables",
        "fixtures/boundary-txt/bpzb-valid.txt", "fixtures/vct", "fixtures/package/330106-bp.zip", "fixtures/subfolders",
    ]

    @Test(arguments: submissions)
    func catalogueNamesTheLayersAndFieldsOpeningFinds(_ submission: String) throws {
        let path = fixture(String(submission.dropFirst("fixtures/".count)))
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("missing fixture \(submission)")
            return
        }
        let listing = try SubmissionReader.list(path)
        let catalogue = SubmissionReader.catalogue(of: listing)
        let opened = SubmissionReader.open(listing, hashing: false)
        #expect(catalogue == opened.layers.map { CataloguedLayer($0) })
    }

    @Test func detectionFromTheCatalogueChoosesAsFromTheLayers() throws {
        let candidates = try RulesSearchPath(directories: [packageRoot + "/rules"]).available().map {
            try RulePackLoader.load($0, rulesDirectory: packageRoot + "/rules")
        }
        var outcomes: [String: String] = [:]
        for submission in [
            "sample-county", "research-schema-county", "boundary-txt/bpzb-valid.txt", "package/330106-bp.zip",
            "csv/tables",
        ] {
            let listing = try SubmissionReader.list(fixture(submission))
            let fromCatalogue = StandardDetector.detect(
                catalogue: SubmissionReader.catalogue(of: listing), among: candidates)
            let fromLayers = StandardDetector.detect(
                layers: SubmissionReader.open(listing, hashing: false).layers, among: candidates)
            #expect(describe(fromCatalogue) == describe(fromLayers), "\(submission)")
            outcomes[submission] = describe(fromCatalogue)
        }
        #expect(outcomes["sample-county"]?.hasPrefix("gtdc@2020: layers ") == true)
        #expect(outcomes["boundary-txt/bpzb-valid.txt"]?.hasPrefix("bpzb@2012: layers ") == true)
    }

    func describe(_ outcome: StandardDetector.Outcome) -> String {
        switch outcome {
        case .detected(let standard, let reason): "\(standard.reference): \(reason)"
        case .ambiguous(let references): "ambiguous \(references)"
        case .none: "none"
        }
    }

    /// The catalogue reads the DBF header, not the shapes: a shapefile whose `.shp` is garbage is still
    /// catalogued with its fields.
    @Test func catalogueDoesNotReadTheShapes() throws {
        let folder = NSTemporaryDirectory() + "stdcheck-catalogue-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for part in ["dbf", "cpg"] {
            try FileManager.default.copyItem(
                atPath: fixture("sample-county/DLTB.\(part)"), toPath: folder + "/DLTB.\(part)")
        }
        try Data(repeating: 0xFF, count: 100).write(to: URL(fileURLWithPath: folder + "/DLTB.shp"))
        let catalogue = SubmissionReader.catalogue(of: try SubmissionReader.list(folder))
        let sample = try SubmissionReader.open(fixture("sample-county"), hashing: false)
        let fields = sample.layers.first { $0.name == "DLTB" }?.schema.fields.map(\.name)
        #expect(catalogue.map(\.name) == ["DLTB"])
        #expect(catalogue.first?.fields == fields)
        #expect(fields?.contains("DLBM") == true)
    }
}
