/// How sure the pack's authors are of a fact taken from a standard; low confidence lowers severity.
public enum Confidence: String, Sendable, Codable, CaseIterable {
    case high
    case medium
    case low
}
