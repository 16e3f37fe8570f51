import Foundation
import Prometheus

/// The service's Prometheus metrics, on a registry of its own (so several services in one process, as in
/// the tests, do not share counters).
public final class ServiceMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let uploads: Counter
    let uploadBytes: Counter
    let queueLength: Gauge
    let checkDuration: DurationHistogram

    init() {
        uploads = registry.makeCounter(name: "stdcheck_uploads_total", help: "Uploads completed.")
        uploadBytes = registry.makeCounter(name: "stdcheck_upload_bytes_total", help: "Bytes received by uploads.")
        queueLength = registry.makeGauge(name: "stdcheck_queue_length", help: "Submissions queued or checking.")
        checkDuration = registry.makeDurationHistogram(
            name: "stdcheck_check_duration_seconds",
            buckets: [.milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
                .seconds(300), .seconds(1800)],
            help: "How long checks take.")
    }

    func checked(verdict: String) {
        registry.makeCounter(
            name: "stdcheck_checks_total", labels: [("verdict", verdict)], help: "Checks finished, by verdict."
        ).increment()
    }

    func request(status: Int) {
        registry.makeCounter(
            name: "stdcheck_http_requests_total", labels: [("status", String(status))], help: "HTTP requests answered."
        ).increment()
    }
}
