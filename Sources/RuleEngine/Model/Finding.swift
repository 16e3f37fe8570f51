/// A defect stamped with the rule that found it, its severity and its message.
public struct Finding: Hashable, Sendable, Codable, Comparable {
    /// The id of the rule that found it.
    public var rule: String
    public var severity: Severity
    public var message: LocalizedText
    public var location: Location
    /// The layer's key field and its value in the record (e.g. `BSM` = `130100001`), when known.
    public var key: FeatureKey?
    /// The offending value as read, when there is one.
    public var value: String?

    public init(
        rule: String, severity: Severity, message: LocalizedText, location: Location,
        key: FeatureKey? = nil, value: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.message = message
        self.location = location
        self.key = key
        self.value = value
    }

    /// Reading order: by location, then rule id, then message.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.rule != rhs.rule { return lhs.rule < rhs.rule }
        return lhs.message.en < rhs.message.en
    }
}

/// The identifying field of a feature and its value, such as `BSM` = `130100001`.
public struct FeatureKey: Hashable, Sendable, Codable {
    public var field: String
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }
}
