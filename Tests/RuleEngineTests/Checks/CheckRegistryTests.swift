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

    /// The rule file's forms besides `assert:`, `geometry:` and `crs:` are the keys of the cross-layer and
    /// document kinds of the list: the loader, `CrossLayerRun` and `DocumentRun` name none of them.
    @Test func theCrossLayerAndDocumentFamiliesAreTheLoadersKinds() {
        let crossLayer = CheckRegistry.crossLayerChecks.map { $0.formKey }
        let document = CheckRegistry.documentChecks.map { $0.formKey }
        #expect(crossLayer == ["aggregate", "change-summary", "reference", "unique-across"])
        #expect(document == ["metadata", "package", "xpath"])
        #expect(builtInChecks.filter { $0.family == .crossLayer }.count == crossLayer.count)
        #expect(builtInChecks.filter { $0.family == .document }.count == document.count)
        let keys = crossLayer + document + ["assert", "geometry", "crs"]
        #expect(Set(keys).count == keys.count, "two forms share a key")
    }

    /// A rule written with no form is refused, naming every form the list gives.
    @Test func aRuleWithoutAFormIsRefusedNamingEveryForm() throws {
        let folder = NSTemporaryDirectory() + "stdcheck-forms-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/rules.yaml"
        try "schema: 1\nrules:\n  - {id: X.none, title: {zh: 无, en: none}, clause: '1', severity: error}\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try RuleFileLoader.rules(file: file, layers: [], codeLists: [:])
        } throws: { error in
            (error as? RulePackError)?.message
                == "missing required key 'assert, aggregate, change-summary, reference, unique-across, geometry, crs, "
                + "metadata, package or xpath'"
        }
    }

    /// The rules a field table gives are the field-table kinds' of the list: 11 kinds, each at its own
    /// place among a field's rules, together with the schema, record and table families.
    @Test func theFieldTableKindsAreTheDerivationsKinds() {
        let kinds = CheckRegistry.fieldTableChecks
        #expect(
            kinds.map { $0.descriptor.id } == [
                "geometry-type-mismatch", "field-unexpected", "field-missing", "field-type-mismatch",
                "field-width-mismatch", "value-missing", "code-unknown", "pattern-mismatch", "out-of-range",
                "value-duplicated", "name-code-mismatch",
            ])
        #expect(Set(kinds.map { $0.derivationOrder }).count == kinds.count, "two kinds share a place")
        // every schema, record and table kind is a field-table kind, but the engine's own two and the
        // row assertion (`assert:`, the loader's form)
        let familyKinds = builtInChecks.filter { [.schema, .record, .table].contains($0.family) }.map {
            $0.descriptor.id
        }
        #expect(
            Set(familyKinds).subtracting(kinds.map { $0.descriptor.id })
                == ["layer-missing", "layer-unknown", "assertion"])
    }
}
