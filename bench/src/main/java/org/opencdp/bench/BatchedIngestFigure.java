package org.opencdp.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import org.opencdp.bench.kafka.ProducerPerformanceRun;
import org.opencdp.bench.load.CustomerBodies;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;

/** Figure 1: batched ingest through ingest-api, next to Kafka's ProducerPerformance on the same broker. */
final class BatchedIngestFigure {

    private static final String PERF_TOPIC = "bench-producer-performance";

    private final RunContext run;

    BatchedIngestFigure(final RunContext run) {
        this.run = run;
    }

    /** One batch request: {@code plan.batchSize()} customers from {@code 1 + index * batchSize}. */
    static HttpLoad.Request batch(final BenchPlan plan, final Map<String, String> headers, final long index) {
        return batch(plan.batchSize(), headers, 1 + index * plan.batchSize());
    }

    /** One batch request: {@code batchSize} customers from {@code firstId}. */
    static HttpLoad.Request batch(final int batchSize, final Map<String, String> headers, final long firstId) {
        return new HttpLoad.Request(HttpMethod.POST, "/customers", headers,
                Buffer.buffer(CustomerBodies.batch(firstId, batchSize)));
    }

    void measure(final HttpLoad load, final Map<String, String> headers) throws Exception {
        final BenchPlan plan = run.plan;
        run.log("1. batched ingest: " + plan.customers() + " customers, " + plan.batchSize() + " per request, "
                + plan.batchClients() + " clients");
        run.profileStart("ingest-api", "kafka");
        final HttpLoad.Result result = load.closedLoop(plan.batchClients(), Duration.ofMinutes(10), plan.batches(),
                i -> batch(plan, headers, i), (i, r) -> { });
        run.profileStop("1-batched-ingest", result.elapsed(), "ingest-api", "kafka");
        final double customersPerSecond = result.perSecond() * plan.batchSize();
        run.details.put("batched_ingest", Map.of("requests", result.completed(), "failed", result.failures(),
                "seconds", result.elapsed().toMillis() / 1000.0, "request_latency_ms", result.latency()));
        run.log(String.format("   %.0f customers/s (%d requests, %s)", customersPerSecond, result.completed(),
                RunContext.failures(result)));

        final double recordSize = run.kafka.meanRecordSize(RunContext.COMMANDS, 5000);
        run.log(String.format("   ProducerPerformance: %d records of %.0f bytes (the commands' mean size)",
                plan.customers(), recordSize));
        run.kafka.createTopic(PERF_TOPIC, run.stack.settings().partitions());
        final ProducerPerformanceRun.Summary perf = ProducerPerformanceRun.run(RunContext.BASELINE_JVM,
                ProducerPerformanceRun.arguments(PERF_TOPIC, plan.customers(), (int) Math.round(recordSize), Map.of(
                        "bootstrap.servers", run.stack.endpoints().bootstrapServers(),
                        "acks", "all", "enable.idempotence", "true", "max.in.flight.requests.per.connection", "5",
                        "linger.ms", "5", "batch.size", "262144", "compression.type", "lz4",
                        "buffer.memory", "134217728")),
                run.artifacts.resolve("producer-performance.log"), Duration.ofMinutes(10));
        run.details.put("producer_performance", perf);
        run.details.put("command_mean_record_bytes", recordSize);
        run.log(String.format("   ProducerPerformance: %.0f records/s", perf.recordsPerSecond()));
        run.table.add(Figure.compared("1. batched ingest (1,000 × 10 attributes per request)", "customers/s",
                customersPerSecond, perf.recordsPerSecond(), "ProducerPerformance records/s", new Target.RatioAtLeast(0.5)));
    }
}
