import Dispatch
import Foundation

/// Records read ahead on a thread of their own, handed over in chunks: decoding the next chunk overlaps
/// checking the last one. At most `depth` chunks wait, so memory stays bounded. When the system refuses the
/// thread, the records are read on the caller's thread as they are asked for (no read-ahead, same result).
final class RecordPipe: @unchecked Sendable {
    private let lock = NSLock()
    private var ready: [[Result<Record, ReadProblem>]] = []
    private let filled = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let chunk: Int
    /// The records, read here only when no reading thread could be started.
    private var inline: (any IteratorProtocol<Result<Record, ReadProblem>>)?

    init(_ records: any Sequence<Result<Record, ReadProblem>>, chunk: Int, depth: Int = 2) {
        free = DispatchSemaphore(value: depth)
        self.chunk = chunk
        let source = UncheckedBox(records)
        let started = EngineThreads.start { [self] in
            var iterator = source.value.makeIterator()
            var batch: [Result<Record, ReadProblem>] = []
            batch.reserveCapacity(chunk)
            while let result = iterator.next() {
                batch.append(result)
                if batch.count >= chunk {
                    put(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { put(batch) }
            // the end: one more signal with nothing behind it
            filled.signal()
        }
        if !started { inline = records.makeIterator() }
    }

    private func put(_ batch: [Result<Record, ReadProblem>]) {
        free.wait()
        lock.withLock { ready.append(batch) }
        filled.signal()
    }

    /// The next chunk in file order; nil after the last.
    func next() -> [Result<Record, ReadProblem>]? {
        if inline != nil { return nextInline() }
        filled.wait()
        let batch: [Result<Record, ReadProblem>]? = lock.withLock { ready.isEmpty ? nil : ready.removeFirst() }
        if batch != nil { free.signal() }
        return batch
    }

    private func nextInline() -> [Result<Record, ReadProblem>]? {
        var batch: [Result<Record, ReadProblem>] = []
        while batch.count < chunk, let result = inline?.next() { batch.append(result) }
        return batch.isEmpty ? nil : batch
    }
}

/// A value the engine hands to one concurrent task at a time (a task never shares it with another).
final class UncheckedBox<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Record checks evaluated together on one thread, with the defects they found in the current chunk.
final class CheckGroup: @unchecked Sendable {
    /// Positions of the checks in the engine's list.
    let indices: [Int]
    var checks: [RunningCheck]
    /// Defects per check (position in `checks`) and record (position in the chunk), in record order.
    var found: [(check: Int, position: Int, defects: [Defect])] = []

    init(indices: [Int], checks: [RunningCheck]) {
        self.indices = indices
        self.checks = checks
    }

    /// Deals the checks round-robin into at most `count` groups (none when there is no check).
    static func split(_ indices: [Int], of running: [RunningCheck], into count: Int) -> [CheckGroup] {
        let groups = min(count, indices.count)
        guard groups > 0 else { return [] }
        return (0..<groups).map { group in
            let mine = stride(from: group, to: indices.count, by: groups).map { indices[$0] }
            return CheckGroup(indices: mine, checks: mine.map { running[$0] })
        }
    }

    /// Every check over each record of the chunk, record by record; `found` then lists the defects check by
    /// check, each check's in record order (the order the flush has always reported them in).
    func inspect(_ records: [Record]) {
        // one copy of each record for all the checks: handing a record from the buffer to each check's
        // `inspect` copied it per call (a retain of every array it holds, per check and record)
        for (position, record) in records.enumerated() {
            for check in checks.indices {
                checks[check].inspect(record)
                if !checks[check].defects.isEmpty {
                    found.append((check, position, checks[check].defects))
                    checks[check].defects.removeAll(keepingCapacity: true)
                }
            }
        }
        // at most one entry per check and record: sorting by both restores check-major order exactly
        found.sort { ($0.check, $0.position) < ($1.check, $1.position) }
    }
}

/// A rule's check with its own defect buffer, so the two are disjoint stored properties.
struct RunningCheck {
    let rule: Rule
    var check: any Check
    var defects: [Defect] = []
    var applies = true

    init(rule: Rule, check: any Check) {
        self.rule = rule
        self.check = check
    }

    var isSchemaLevel: Bool { rule.check.isSchemaLevel }

    mutating func begin(_ schema: LayerSchema, records: Int) {
        applies = check.begin(schema, into: &defects)
        if applies { check.expect(records: records) }
    }
    mutating func inspect(_ record: Record) { check.inspect(record, into: &defects) }
    mutating func end() { if applies { check.end(into: &defects) } }
}
