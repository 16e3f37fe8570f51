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
        uploads = registry.makeCounter(descriptor: Self.name("uploads", "total", "Uploads completed."))
        uploadBytes = registry.makeCounter(descriptor: Self.name("upload_bytes", "total", "Bytes received by uploads."))
        queueLength = registry.makeGauge(descriptor: Self.name("queue", "length", "Submissions queued or checking."))
        checkDuration = registry.makeDurationHistogram(
            descriptor: Self.name("check_duration", "seconds", "How long checks take."),
            buckets: [
                .milliseconds(100), .milliseconds(500), .seconds(1), .seconds(5), .seconds(15), .seconds(60),
                .seconds(300), .seconds(1800),
            ])
    }

    /// `stdcheck_<name>_<unit>`.
    static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "stdcheck", metricName: name, unitName: unit, helpText: help)
    }

    func checked(verdict: String) {
        registry.makeCounter(
            descriptor: Self.name("checks", "total", "Checks finished, by verdict."), labels: [("verdict", verdict)]
        ).increment()
    }

    func request(status: Int) {
        registry.makeCounter(
            descriptor: Self.name("http_requests", "total", "HTTP requests answered."),
            labels: [("status", String(status))]
        ).increment()
    }
}
