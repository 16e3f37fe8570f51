extension FormatDefect {
    /// The rule every pack carries for this defect.
    public var rule: Rule {
        Rule(
            id: rawValue, title: title, severity: severity, clause: "StdCheck format rule", layer: nil, field: nil,
            check: .format(self), source: "built-in")
    }
}
