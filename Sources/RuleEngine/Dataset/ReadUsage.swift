import Synchronization

/// What the checks of one layer read from its records, noted while they bind to its schema, so the
/// reader decodes only those fields and reads shapes only when some check uses them.
///
/// Binding code notes through `ReadUsage.current`: `LayerSchema.index(of:)` notes every field it
/// resolves, and the expression compiler notes a geometry function. A check that reads a field
/// without resolving it through the schema would see nil, so every field access goes through
/// `index(of:)`.
public final class ReadUsage: Sendable {
    @TaskLocal public static var current: ReadUsage?

    private let state = Mutex<(columns: Set<Int>, shapes: Bool)>(([], false))

    public init() {}

    func note(column: Int) { state.withLock { _ = $0.columns.insert(column) } }
    func noteShapes() { state.withLock { $0.shapes = true } }

    /// The field positions noted.
    public var columns: Set<Int> { state.withLock { $0.columns } }
    /// Whether a check reads the shapes.
    public var shapes: Bool { state.withLock { $0.shapes } }

    /// A mask over `count` fields, true where noted.
    public func mask(count: Int) -> [Bool] {
        let noted = columns
        return (0..<count).map { noted.contains($0) }
    }
}
