import Foundation
import Logging

/// `stdcheck worker`: a process that only checks. It opens the shared database (applying migrations, as
/// every process does), makes the shared data folder's subfolders, and runs a `JobQueue` until it is
/// cancelled or killed. It requeues nothing at start: the jobs in `checking` belong to other live workers,
/// and a dead worker's job is taken over when its lease runs out.
public enum WorkerProcess {
    public static func run(
        _ configuration: ServiceConfiguration, logger: Logger, onReady: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        for folder in [configuration.data, configuration.uploads, configuration.reports, configuration.work] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let store = try await ServiceStoreFactory.open(configuration.database)
        try await store.migrate()
        let queue = JobQueue(store: store, configuration: configuration, metrics: ServiceMetrics(), logger: logger)
        onReady(queue.workerID(0))
        await queue.run()
    }
}
