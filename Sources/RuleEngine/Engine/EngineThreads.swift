import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The engine's threads. Dispatch's pool waits for a worker thread the system refuses to create (an
/// address-space limit, a process-wide thread cap), so a check could hang without a word. Here every
/// thread is created by `pthread_create`, whose failure is an answer: the work then runs on the calling
/// thread, slower but complete.
enum EngineThreads {
    /// Stack of each thread the engine starts (GEOS recurses on deep geometry).
    static let stackSize = 8 << 20

    /// The most threads one check uses, the caller's included: `STDCHECK_THREADS` when set (a positive
    /// number; 1 = everything on the calling thread), else every core.
    static let limit: Int = {
        if let text = getenv("STDCHECK_THREADS").map({ String(cString: $0) }), let value = Int(text), value > 0 {
            return value
        }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }()

    /// How many threads could not be created in this process (reported by tests; not an error).
    static let refused = Atomic<Int>(0)

    /// Starts `body` on a new detached thread; false when the system cannot create one (nothing runs).
    /// `finished` is signalled after `body` has run and the thread has let go of it.
    static func start(_ body: @escaping @Sendable () -> Void, finished: DispatchSemaphore? = nil) -> Bool {
        guard limit > 1 else { return false }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, stackSize)
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        let box = Unmanaged.passRetained(ThreadBody(body, finished: finished))
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                guard let context else { return nil }
                let finished = Unmanaged<ThreadBody>.fromOpaque(context).takeRetainedValue().runOnce()
                finished?.signal()
                return nil
            }, box.toOpaque())
        if status != 0 {
            box.release()
            refused.add(1, ordering: .relaxed)
            return false
        }
        return true
    }

    /// `body(0) … body(iterations - 1)`, spread over up to `iterations` threads including the caller's, and
    /// returns when all have run. Threads the system refuses are simply not used.
    static func perform(iterations: Int, _ body: (Int) -> Void) {
        guard iterations > 1 else {
            if iterations == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escaping in
            // the callers hand each index's work disjoint state, as they did with Dispatch's concurrentPerform
            let body = UncheckedBox(escaping)
            let next = Counter()
            let finished = DispatchSemaphore(value: 0)
            let drain: @Sendable () -> Void = {
                while true {
                    let index = next.value.add(1, ordering: .relaxed).oldValue
                    if index >= iterations { return }
                    body.value(index)
                }
            }
            var started = 0
            for _ in 1..<min(iterations, limit) {
                guard start(drain, finished: finished) else { break }
                started += 1
            }
            drain()
            for _ in 0..<started { finished.wait() }
        }
    }
}

/// A closure carried through `pthread_create`'s context pointer; only its own thread touches it.
private final class ThreadBody: @unchecked Sendable {
    private var run: (@Sendable () -> Void)?
    private let finished: DispatchSemaphore?

    init(_ run: @escaping @Sendable () -> Void, finished: DispatchSemaphore?) {
        self.run = run
        self.finished = finished
    }

    /// Runs the closure and drops it (so `perform`'s borrowed closure is free again before `finished` is
    /// signalled); returns the semaphore to signal.
    func runOnce() -> DispatchSemaphore? {
        if let body = run {
            run = nil
            body()
        }
        return finished
    }
}

/// A shared counter (an `Atomic` cannot be captured by a thread's closure itself).
private final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
