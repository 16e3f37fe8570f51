import Foundation
import Synchronization

/// Wakes idle workers at once when work may have arrived (a `NOTIFY stdcheck_jobs`, an enqueue in this
/// process), and otherwise after a slow poll. A ring between a worker's last look and its wait is not
/// lost: the worker says which ring it last saw, and a later one returns at once.
final class Doorbell: Sendable {
    private struct State {
        var rings = 0
        var waiters: [Int: AsyncStream<Void>.Continuation] = [:]
        var nextWaiter = 0
    }
    private let state = Mutex(State())

    /// How many times it has rung: read before looking for work, passed to `wait`.
    var rings: Int { state.withLock { $0.rings } }

    func ring() {
        let waiters = state.withLock { state in
            state.rings += 1
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiters
        }
        for waiter in waiters {
            waiter.yield()
            waiter.finish()
        }
    }

    /// Returns at the first ring after the `seen`-th, or after `timeout`, or when the task is cancelled.
    func wait(after seen: Int, timeout: Duration) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let registered: Int? = state.withLock { state in
            guard state.rings == seen else { return nil }
            state.nextWaiter += 1
            state.waiters[state.nextWaiter] = continuation
            return state.nextWaiter
        }
        guard let registered else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in stream { break }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        let left = state.withLock { $0.waiters.removeValue(forKey: registered) }
        left?.finish()
    }
}
