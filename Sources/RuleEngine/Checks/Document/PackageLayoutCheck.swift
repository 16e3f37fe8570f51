/// `package:`: the members a delivery package must, may and must not hold, and how they are named. The
/// layout and its logic are `PackageLayoutRule` (the member globs are matched with `Glob`).
enum PackageLayoutCheck: BuiltInCheck {
    static let family = CheckFamily.document
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
}
