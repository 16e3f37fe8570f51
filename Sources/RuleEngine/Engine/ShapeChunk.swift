import Synchronization

/// A chunk of records' per-record geometry checks (validity, area, spikes, …), split into slices that any
/// threads may run, each slice with its own `GeometrySession`; `GeometryRun.commit` then records the
/// results in record order. The layer pass runs the slices beside its record checks.
final class ShapeChunk: @unchecked Sendable {
    let items: [GeometryRun.Item]
    let sliceCount: Int
    private let checks: [any PerRecordGeometryCheck]
    private let sessions: SessionPool?
    private let validity: Bool
    private let hasShapes: Bool
    private let epsg: Int?
    /// Per slice: for each record a marker (nil output, with its validity), then its findings.
    private let results: Mutex<[[(GeometryOutput?, Bool)]]>

    init(
        items: [GeometryRun.Item], checks: [any PerRecordGeometryCheck], sessions: SessionPool?,
        validity: Bool, hasShapes: Bool, epsg: Int?, slices: Int
    ) {
        self.items = items
        self.checks = checks
        self.sessions = sessions
        self.validity = validity
        self.hasShapes = hasShapes
        self.epsg = epsg
        sliceCount = min(max(1, slices), max(1, items.count / 256), sessions?.count ?? Int.max)
        results = Mutex(Array(repeating: [], count: sliceCount))
    }

    /// Runs slice `slice` (each slice once, on any thread).
    func run(slice: Int) {
        let session = sessions?.session(slice)
        let lower = items.count * slice / sliceCount
        let upper = items.count * (slice + 1) / sliceCount
        var local: [(GeometryOutput?, Bool)] = []
        for item in items[lower..<upper] {
            let (outputs, valid) = GeometryRun.inspect(
                item, checks: checks, session: session, validity: validity, hasShapes: hasShapes, epsg: epsg)
            local.append((nil, valid))
            for output in outputs { local.append((output, valid)) }
        }
        results.withLock { $0[slice] = local }
    }

    /// Every slice's results, in record order, once all have run.
    func merged() -> [(GeometryOutput?, Bool)] {
        results.withLock { $0 }.flatMap { $0 }
    }
}

/// One geometry session per slice of a chunk, made once for the run: a session made per chunk and slice
/// built its PROJ transformation again each time (a lookup in PROJ's database for every 256 records).
/// Slice `i` of a chunk uses session `i`; the slices of one chunk are distinct and chunks run one after
/// another, so no session is ever used by two threads at once.
final class SessionPool: @unchecked Sendable {
    private let sessions: [any GeometrySession]

    init(operations: any GeometryOperations, count: Int) {
        sessions = (0..<max(1, count)).map { _ in operations.makeSession() }
    }

    var count: Int { sessions.count }

    func session(_ slice: Int) -> any GeometrySession { sessions[slice] }
}
