/// Identity and documentation of a built-in check: its id, what it finds, its message template, the
/// ISO 19157 element its findings belong to and the parameters a rule gives it.
public struct CheckDescriptor: Hashable, Sendable {
    /// Kebab-case id naming the defect (`code-unknown`).
    public var id: String
    public var summary: LocalizedText
    /// The message, with `{placeholders}` filled from the defect's values.
    public var message: LocalizedText
    /// The ISO 19157 element of its findings (a rule's `element:` may override it). Every built-in check
    /// names its own; a reader's defect (`FormatDefect`), which names none, is `format-consistency`.
    public var element: QualityElement
    /// What a rule configures, in the order the rule pages show them.
    public var parameters: [CheckParameter]

    public init(
        id: String, summary: LocalizedText, message: LocalizedText, element: QualityElement? = nil,
        parameters: [CheckParameter] = []
    ) {
        self.id = id
        self.summary = summary
        self.message = message
        self.element = element ?? .formatConsistency
        self.parameters = parameters
    }
}

/// One parameter of a check: the key a rule sets (or the field-table entry it comes from), its type,
/// what it means and its default.
public struct CheckParameter: Hashable, Sendable {
    public var key: String
    /// `number`, `string`, `field`, `layer`, `[field]`, `{field: field}`, `[string]`, `boolean`, or a choice `a | b`.
    public var type: String
    public var summary: String
    /// The value when the rule does not give it; nil when it is required.
    public var defaultValue: String?

    public init(_ key: String, _ type: String, _ summary: String, default defaultValue: String? = nil) {
        self.key = key
        self.type = type
        self.summary = summary
        self.defaultValue = defaultValue
    }
}
