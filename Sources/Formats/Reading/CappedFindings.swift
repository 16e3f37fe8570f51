import RuleEngine

/// Passes a layer's records on, with at most `individualLimit` findings of one defect: past that, a
/// failing record of that defect is not yielded and the defect is stripped from a readable record's
/// problems; each is counted, and after the last record one `findings-capped` finding per such defect
/// says how many there were and in which records. A file of millions of damaged records (zeroed or
/// sparse bytes) so keeps a bounded number of findings, and no damaged record goes unreported.
struct CappedFindings<Base: IteratorProtocol>: Sequence, IteratorProtocol
where Base.Element == Result<Record, ReadProblem> {
    static var individualLimit: Int { 1000 }
    var base: Base
    /// Findings of each defect so far.
    private var counts: [FormatDefect: Int] = [:]
    /// Per defect past the limit: where the first unlisted one is, the last record, how many.
    private var unlisted: [FormatDefect: (location: Location, last: Int, count: Int)] = [:]
    private var summaries: [ReadProblem]?

    init(base: Base) {
        self.base = base
    }

    /// True when a finding of `defect` at `location` is listed; otherwise counts it.
    private mutating func listed(_ defect: FormatDefect, at location: Location) -> Bool {
        let count = counts[defect, default: 0] + 1
        counts[defect] = count
        guard count > Self.individualLimit else { return true }
        var entry = unlisted[defect] ?? (location, location.record ?? 0, 0)
        entry.last = location.record ?? entry.last
        entry.count += 1
        unlisted[defect] = entry
        return false
    }

    mutating func next() -> Result<Record, ReadProblem>? {
        if summaries == nil {
            while let read = base.next() {
                switch read {
                case .failure(let problem):
                    if listed(problem.defect, at: problem.location) { return read }
                case .success(var record):
                    if !record.problems.isEmpty {
                        record.problems = record.problems.filter { listed($0.defect, at: $0.location) }
                    }
                    return .success(record)
                }
            }
            summaries = unlisted.sorted { $0.key.rawValue < $1.key.rawValue }.map { defect, entry in
                let first = entry.location.record.map(String.init) ?? "?"
                return ReadProblem(
                    at: entry.location, "\(entry.count) more \(defect.rawValue) findings", defect: .findingsCapped,
                    [
                        "count": String(entry.count), "rule": defect.rawValue, "limit": String(Self.individualLimit),
                        "records": entry.last > 0 && String(entry.last) != first ? "\(first)–\(entry.last)" : first,
                    ])
            }
        }
        guard let summary = summaries?.first else { return nil }
        summaries?.removeFirst()
        return .failure(summary)
    }
}
