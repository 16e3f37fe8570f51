import Foundation
import TestSupport
import Testing

@testable import RuleEngine

/// `builtInChecks` lists every check kind once, sorted, each with a complete descriptor.
struct CheckRegistryTests {
    let ids = builtInChecks.map { $0.descriptor.id }

    @Test func theListIsSortedByIdAndEveryIdIsUnique() {
        #expect(ids == ids.sorted(), "builtInChecks must be sorted by descriptor id")
        #expect(Set(ids).count == ids.count, "a check id is listed twice")
        let types = builtInChecks.map { ObjectIdentifier($0) }
        #expect(Set(types).count == types.count, "a check kind is listed twice")
    }

    @Test func everyDescriptorIsComplete() {
        for kind in builtInChecks {
            let descriptor = kind.descriptor
            let id = descriptor.id
            #expect(!id.isEmpty && id == id.lowercased() && !id.contains(" "), "\(id): id is not kebab-case")
            #expect(!descriptor.summary.zh.isEmpty && !descriptor.summary.en.isEmpty, "\(id): summary")
            #expect(!descriptor.message.zh.isEmpty && !descriptor.message.en.isEmpty, "\(id): message")
            // the report's element is the descriptor's
            #expect(QualityElement.of(check: id) == descriptor.element, "\(id): element")
            for parameter in descriptor.parameters {
                #expect(
                    !parameter.key.isEmpty && !parameter.type.isEmpty && !parameter.summary.isEmpty,
                    "\(id): parameter \(parameter.key) is not documented")
            }
            #expect(
                Set(descriptor.parameters.map(\.key)).count == descriptor.parameters.count,
                "\(id): a parameter is listed twice")
        }
    }

    /// Every rule of every bundled pack is of a listed kind (the format rules are the readers').
    @Test func everyRuleOfTheBundledPacksIsOfAListedKind() throws {
        let known = Set(ids)
        var seen = Set<String>()
        for (reference, result) in bundledPacks {
            let standard = try result.get()
            for rule in standard.rules {
                if case .format = rule.check { continue }
                #expect(known.contains(rule.descriptor.id), "\(reference): \(rule.id) is of no listed kind")
                seen.insert(rule.descriptor.id)
            }
        }
        #expect(!seen.isEmpty)
    }

    /// The `geometry:` and `crs:` parsers take their kinds from the list: 24 geometry kinds, and 5 CRS
    /// kinds judged in stages 0, 1, 2 … in order.
    @Test func theGeometryAndCRSFamiliesAreTheParsersKinds() {
        #expect(CheckRegistry.geometryChecks.count == 24)
        #expect(builtInChecks.filter { $0.family == .geometry }.count == 24)
        #expect(CheckRegistry.crsChecks.map { $0.stage } == [0, 1, 2, 3, 4])
        #expect(
            CheckRegistry.crsChecks.map { $0.descriptor.id } == [
                "crs-projected", "crs-accepted", "crs-axis-order", "crs-zone-consistent", "crs-area-of-use",
            ])
    }
}
