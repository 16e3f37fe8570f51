/// A rule over several layers as a pack configures it (`reference: {…}`, `aggregate: {…}` …). The kinds are
/// the `CrossLayerCheck` types of `builtInChecks`, one file each under `Checks/CrossLayer/`.
public struct CrossLayerRule: Sendable {
    let check: any CrossLayerCheck

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// The difference the rule allows, when a profile may set it; nil for a kind without one.
    public var tolerance: Double? { check.tolerance }

    /// The same rule allowing `tolerance`; nil for a kind without one.
    func with(tolerance: Double) -> CrossLayerRule? { check.with(tolerance: tolerance).map(CrossLayerRule.init) }
}

/// A rule over the documents or the member list of a submission as a pack configures it (`xpath: {…}`,
/// `metadata: {…}`, `package: {…}`). The kinds are the `DocumentCheck` types of `builtInChecks`, one file
/// each under `Checks/Document/`.
public struct DocumentRule: Sendable {
    let check: any DocumentCheck

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// Whether it reads XML documents (an example gives `document:`) rather than the member list.
    public var readsDocuments: Bool { check.reads == .documents }
}
