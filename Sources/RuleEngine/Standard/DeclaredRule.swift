/// A rule a layer's field table gives, as `RuleDerivation` configured it. The kinds are the
/// `FieldTableCheck` types of `builtInChecks`, one file each under `Checks/Schema/`, `Record/`, `Table/`.
public struct DerivedCheck: Sendable {
    let check: any FieldTableCheck

    public var descriptor: CheckDescriptor { type(of: check).descriptor }

    /// Decided by the layer's schema alone, counted as one check per layer.
    var decidedBySchema: Bool { type(of: check).decidedBySchema }
}

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
