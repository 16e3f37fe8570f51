import Foundation
import TestSupport
import Testing

@testable import Formats

/// StdCheck's XML verdicts against the corpus oracle (`oracle/xml.tsv`): the upstream expectation
/// where one is stated, else xmllint's. All pairs run in-process, one after another (libxml2 is
/// used under one lock).
@Suite(.enabled(if: corpusSuitesEnabled, "no ../shared/corpus on this machine (CI=true makes its absence a failure)"))
struct XMLOracleAgreementTests {
    /// One row of the oracle.
    struct Pair: Sendable {
        var xml: String
        var xsd: String
        var expected: String
        var source: String
        /// xmllint's verdict, whatever upstream says.
        var xmllint: String
    }

    static func pairs() -> [Pair] {
        guard let corpusRoot,
            let text = try? String(contentsOfFile: corpusRoot + "/oracle/xml.tsv", encoding: .utf8)
        else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count > 5 else { return nil }
            let expected = columns[3] == "unknown" ? columns[5] : columns[3]
            let xmllint = columns[5]
            let source = columns[3] == "unknown" ? "xmllint" : "upstream"
            return Pair(xml: columns[0], xsd: columns[1], expected: expected, source: source, xmllint: xmllint)
        }
    }

    /// Where StdCheck departs from the upstream expectation, with the reason. All but the first are
    /// limits of libxml2 2.9.14's XSD 1.0 implementation, and xmllint gives the same verdict.
    static let justified: [String: String] = [
        "xml/libxml2/test/schemas/item_0.xml":
            "the row names item_1.xsd, which is not in this corpus: StdCheck cannot read it (schema-error)",
        "xml/w3c/sunData/AttrUse/AU_valConstr/AU_valConstr00101m/AU_valConstr00101m1_n.xml":
            "libxml2 does not enforce this attribute use's fixed value constraint",
        "xml/w3c/sunData/ElemDecl/valueConstraint/valueConstraint00701m/valueConstraint00701m1_n.xml":
            "libxml2 does not enforce this element's fixed value constraint",
        "xml/w3c/sunData/ElemDecl/identityConstraintDefs/idConstrDefs00301m/idConstrDefs00301m3_n.xml":
            "libxml2 misses this identity-constraint (key/keyref/unique) violation",
        "xml/w3c/sunData/ElemDecl/identityConstraintDefs/idConstrDefs00302m/idConstrDefs00302m3_n.xml":
            "libxml2 misses this identity-constraint violation",
        "xml/w3c/sunData/ElemDecl/identityConstraintDefs/idConstrDefs00302m/idConstrDefs00302m4_n.xml":
            "libxml2 misses this identity-constraint violation",
        "xml/w3c/sunData/ElemDecl/identityConstraintDefs/idConstrDefs00402m/idConstrDefs00402m1_n.xml":
            "libxml2 misses this identity-constraint violation",
        "xml/w3c/msData/identityConstraint/idZ012.xml": "libxml2 misses this identity-constraint violation",
        "xml/w3c/sunData/CType/attributeUses/attributeUses00101m/attributeUses00101m1_p.xml":
            "the schema uses a relative namespace URI, which libxml2 resolves differently",
        "xml/w3c/sunData/CType/targetNS/targetNS00101m/targetNS00101m1_p.xml":
            "the schema uses a relative namespace URI, which libxml2 resolves differently",
        "xml/w3c/sunData/SType/ST_name/ST_name00401m/ST_name00401m1_p.xml":
            "the schema uses a relative namespace URI, which libxml2 resolves differently",
        "xml/w3c/sunData/Notation/name/name00101m/name00101m1_p.xml":
            "the schema uses a relative namespace URI; libxml2 then rejects the notation declaration",
        "xml/w3c/msData/particles/particlesOb015.xml":
            "multi-document W3C schema: only the first document is given (as to xmllint), so the other's declarations are absent",
        "xml/w3c/msData/particles/particlesOb042.xml":
            "multi-document W3C schema: only the first document is given (as to xmllint)",
        "xml/w3c/msData/particles/particlesOb052.xml":
            "multi-document W3C schema: only the first document is given (as to xmllint)",
        "xml/w3c/msData/particles/particlesZ035_a.xml":
            "libxml2 rejects maxOccurs='100000000000' (beyond its integer range) as a schema error",
        "xml/w3c/msData/datatypes/decimal016.xml": "libxml2 limits xs:decimal to 24 digits; the value has 29",
        "xml/xmlschema/examples/collection/collection3bis.xml":
            "libxml2 (like xmllint) accepts the document; xmlschema's test expects one error",
        "xml/xmlschema/issues/issue_276/dummy.xml":
            "libxml2 rejects the schema (duplicate attribute use 'a2' through an attribute group); xmlschema accepts it",
    ]

    /// StdCheck's verdict in the oracle's vocabulary.
    static func verdict(of pair: Pair, in root: String) -> String {
        let schema = pair.xsd.isEmpty ? nil : root + "/" + pair.xsd
        let result = XMLValidator.check(file: root + "/" + pair.xml, display: pair.xml, schema: schema)
        switch result.verdict {
        case .refused: return "refused"
        default: return result.verdict.rawValue
        }
    }

    /// A not-well-formed document is not valid either: it meets an "invalid" expectation.
    static func agrees(_ verdict: String, _ expected: String) -> Bool {
        verdict == expected || (expected == "invalid" && verdict == "not-well-formed")
    }

    @Test func verdictsAgreeWithTheOracle() throws {
        let root = try #require(corpusRoot)
        let pairs = Self.pairs()
        try #require(!pairs.isEmpty)
        var agreed = 0
        var agreedUpstream = 0
        var upstream = 0
        var unexplained: [String] = []
        var justifiedSeen: [String] = []
        var agreedXmllint = 0
        for pair in pairs {
            let verdict = Self.verdict(of: pair, in: root)
            if verdict == pair.xmllint { agreedXmllint += 1 }
            if pair.source == "upstream" { upstream += 1 }
            if Self.agrees(verdict, pair.expected) {
                agreed += 1
                if pair.source == "upstream" { agreedUpstream += 1 }
            } else if Self.justified[pair.xml] != nil {
                justifiedSeen.append(pair.xml)
            } else {
                unexplained.append(
                    "\(pair.xml) \(pair.xsd): expected \(pair.expected) (\(pair.source)), got \(verdict)")
            }
        }
        print(
            "XML oracle agreement: \(agreed)/\(pairs.count) pairs; \(agreedUpstream)/\(upstream) with an upstream "
                + "expectation; \(agreedXmllint)/\(pairs.count) with xmllint; \(justifiedSeen.count) justified "
                + "differences; \(unexplained.count) unexplained")
        #expect(justifiedSeen.count == Self.justified.count, "a justified difference no longer occurs: remove it")
        #expect(unexplained.isEmpty, "\(unexplained.joined(separator: "\n"))")
    }
}
