import RuleEngine

/// ISO 19157 data quality in the ISO/TS 19157-2 XML encoding: one `DQ_DataQuality` for the dataset,
/// a report per quality element with a full-inspection count of nonconforming items and a
/// conformance result citing the standard, and an overall conformance result for the standard.
public enum ISO19157ReportWriter: ReportWriter {
    public static let id = "iso19157"
    public static let fileName = "report.iso19157.xml"
    public static let summary =
        "ISO 19157 DQ_DataQuality XML (ISO/TS 19157-2): per quality element, counts and a conformance result."

    public static func render(_ report: ConformanceReport) -> String {
        let standard = "\(report.standard.id)@\(report.standard.version)"
        let specification = """
                  <mdq:specification>
                    <cit:CI_Citation>
                      <cit:title><gco:CharacterString>\(escapeMarkup(report.standard.title.zh)) / \(escapeMarkup(report.standard.title.en))</gco:CharacterString></cit:title>
                      <cit:edition><gco:CharacterString>\(escapeMarkup(standard))</gco:CharacterString></cit:edition>
            \(report.standard.basis.map { "          <cit:otherCitationDetails><gco:CharacterString>\(escapeMarkup($0))</gco:CharacterString></cit:otherCitationDetails>\n" }.joined())        </cit:CI_Citation>
                  </mdq:specification>
            """
        var lines: [String] = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<mdq:DQ_DataQuality xmlns:mdq=\"http://standards.iso.org/iso/19157/-2/mdq/1.0\"",
            "    xmlns:mcc=\"http://standards.iso.org/iso/19115/-3/mcc/1.0\"",
            "    xmlns:cit=\"http://standards.iso.org/iso/19115/-3/cit/2.0\"",
            "    xmlns:gco=\"http://standards.iso.org/iso/19115/-3/gco/1.0\">",
            "  <mdq:scope>",
            "    <mcc:MD_Scope>",
            "      <mcc:level><mcc:MD_ScopeCode codeList=\"https://schemas.isotc211.org/19115/resources/Codelists/cat/codelists.xml#MD_ScopeCode\" codeListValue=\"dataset\">dataset</mcc:MD_ScopeCode></mcc:level>",
            "      <mcc:levelDescription><mcc:MD_ScopeDescription><mcc:dataset><gco:CharacterString>\(escapeMarkup(report.input.path))</gco:CharacterString></mcc:dataset></mcc:MD_ScopeDescription></mcc:levelDescription>",
            "    </mcc:MD_Scope>",
            "  </mdq:scope>",
        ]
        for group in report.summary.byQualityElement {
            guard let element = QualityElement(rawValue: group.name) else { continue }
            let rules = report.rules.filter { $0.qualityElement == element }
            let evaluated = rules.filter { $0.status != .notApplicable && $0.status != .skipped }
            let failing = rules.filter { $0.status == .failed || $0.status == .error }
            let pass = failing.isEmpty
            let explanation =
                "\(rules.count) rules (\(evaluated.count) evaluated), \(group.findings) findings; "
                + (pass ? "no rule failed" : "failed: " + failing.map(\.id).joined(separator: ", "))
            lines += [
                "  <mdq:report>",
                "    <mdq:\(element.isoClass)>",
                "      <mdq:measure>",
                "        <mdq:DQ_MeasureReference>",
                "          <mdq:nameOfMeasure><gco:CharacterString>number of nonconforming items (\(escapeMarkup(element.title.en)) / \(escapeMarkup(element.title.zh)))</gco:CharacterString></mdq:nameOfMeasure>",
                "          <mdq:measureDescription><gco:CharacterString>findings of the rules of \(escapeMarkup(standard)) that name this element: \(escapeMarkup(rules.map(\.id).joined(separator: ", ")))</gco:CharacterString></mdq:measureDescription>",
                "        </mdq:DQ_MeasureReference>",
                "      </mdq:measure>",
                "      <mdq:evaluationMethod>",
                "        <mdq:DQ_FullInspection>",
                "          <mdq:evaluationMethodDescription><gco:CharacterString>every record checked by \(escapeMarkup(report.tool.name)) \(escapeMarkup(report.tool.version))</gco:CharacterString></mdq:evaluationMethodDescription>",
                "        </mdq:DQ_FullInspection>",
                "      </mdq:evaluationMethod>",
                "      <mdq:result>",
                "        <mdq:DQ_QuantitativeResult>",
                "          <mdq:value><gco:Record>\(group.findings)</gco:Record></mdq:value>",
                "        </mdq:DQ_QuantitativeResult>",
                "      </mdq:result>",
                "      <mdq:result>",
                "        <mdq:DQ_ConformanceResult>",
                specification,
                "          <mdq:explanation><gco:CharacterString>\(escapeMarkup(explanation))</gco:CharacterString></mdq:explanation>",
                "          <mdq:pass><gco:Boolean>\(pass)</gco:Boolean></mdq:pass>",
                "        </mdq:DQ_ConformanceResult>",
                "      </mdq:result>",
                "    </mdq:\(element.isoClass)>",
                "  </mdq:report>",
            ]
        }
        lines += [
            "</mdq:DQ_DataQuality>"
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
