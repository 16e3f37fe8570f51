import Foundation
import Yams

/// `package:`: the members a delivery package must, may and must not hold, and how they are named (the
/// member globs are matched with `Glob`).
struct PackageLayoutCheck: DocumentCheck, Hashable {
    static let formKey = "package"
    static let descriptor = CheckDescriptor(
        id: "package-layout",
        summary: LocalizedText(
            zh: "成果包的必需、可选、禁止成员及命名规则",
            en: "A delivery package's required, optional and forbidden members, and how members are named."),
        message: LocalizedText(zh: "成员 {value}：{problem}（{pattern}）", en: "member {value} is {problem} ({pattern})"),
        element: .conceptualConsistency,
        parameters: [
            CheckParameter("required", "[glob]", "globs each of which some member must match", default: "none"),
            CheckParameter("optional", "[glob]", "globs of members that may be there", default: "none"),
            CheckParameter("forbidden", "[glob]", "globs no member may match", default: "none"),
            CheckParameter("naming", "regex", "what every member's file name must match", default: "any"),
            CheckParameter("closed", "boolean", "whether a member matching no glob is reported", default: "false"),
        ])

    /// Globs each of which at least one member must match.
    var required: [String]
    /// Globs of members that may be there; when `required` or `optional` is given, any other member is reported.
    var optional: [String]
    /// Globs no member may match.
    var forbidden: [String]
    /// A regular expression every member's file name (without folders) must match.
    var naming: String?
    /// Whether members matching neither `required` nor `optional` are reported.
    var closed: Bool

    init(required: [String], optional: [String], forbidden: [String], naming: String?, closed: Bool) {
        self.required = required
        self.optional = optional
        self.forbidden = forbidden
        self.naming = naming
        self.closed = closed
    }

    /// `package:`: the members a delivery must, may and must not hold, and how they are named.
    static func parse<Form: RuleForm>(_ package: inout YAMLMapping, rule map: inout YAMLMapping, _ form: Form)
        throws(RulePackError) -> Self
    {
        let required = try package.strings("required") ?? []
        let optional = try package.strings("optional") ?? []
        let forbidden = try package.strings("forbidden") ?? []
        let naming = try package.pattern("naming")
        let closed = try package.bool("closed") ?? false
        try package.finish()
        return PackageLayoutCheck(
            required: required, optional: optional, forbidden: forbidden, naming: naming, closed: closed)
    }

    var reads: DocumentReading { .members }

    /// Every member is judged (an empty package once).
    func evaluate(_ input: DocumentRunInput) -> DocumentOutcome? {
        var outcome = DocumentOutcome(checked: max(input.files.count, 1))
        for (location, defect) in defects(in: input.files) {
            var stamped = defect
            stamped.values["value"] = defect.value
            outcome.findings.append((stamped, location, nil))
        }
        return outcome
    }

    var configuration: [String] {
        var text = "```\n"
        if !required.isEmpty { text += "required:  \(required.joined(separator: ", "))\n" }
        if !optional.isEmpty { text += "optional:  \(optional.joined(separator: ", "))\n" }
        if !forbidden.isEmpty { text += "forbidden: \(forbidden.joined(separator: ", "))\n" }
        if let naming { text += "naming:    \(naming)\n" }
        if closed { text += "closed:    other members are reported\n" }
        return [text + "```"]
    }

    /// The member path without its archive prefix (`a.zip!/x/y.xml` → `x/y.xml`).
    static func inner(_ path: String) -> String {
        path.range(of: "!/").map { String(path[$0.upperBound...]) } ?? path
    }

    /// The defects of a package holding `files` (relative member paths).
    func defects(in files: [String]) -> [(Location, Defect)] {
        var found: [(Location, Defect)] = []
        let archive = files.first?.range(of: "!/").map { String(files[0][..<$0.lowerBound]) }
        let members = files.map(Self.inner)
        for pattern in required where !members.contains(where: { Glob.matches(pattern, $0) }) {
            let place = archive.map { "\($0)!/\(pattern)" } ?? pattern
            found.append(
                (Location(file: place), Defect(value: pattern, ["pattern": pattern, "problem": "missing"])))
        }
        let matcher = naming.flatMap { try? LinearPattern($0) }
        for (file, member) in zip(files, members) {
            if let pattern = forbidden.first(where: { Glob.matches($0, member) }) {
                found.append(
                    (Location(file: file), Defect(value: member, ["pattern": pattern, "problem": "forbidden"])))
                continue
            }
            if closed, !(required + optional).contains(where: { Glob.matches($0, member) }) {
                found.append(
                    (Location(file: file), Defect(value: member, ["pattern": "", "problem": "unexpected"])))
                continue
            }
            if let matcher, let naming {
                let name = URL(fileURLWithPath: member).lastPathComponent
                if !matcher.matches(name) {
                    found.append(
                        (Location(file: file), Defect(value: name, ["pattern": naming, "problem": "misnamed"])))
                }
            }
        }
        return found
    }
}
