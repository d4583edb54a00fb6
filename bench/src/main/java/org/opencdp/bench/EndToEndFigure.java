package org.opencdp.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import org.HdrHistogram.ConcurrentHistogram;
import org.opencdp.bench.load.CustomerBodies;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;

/**
 * Figure 4: end to end, from a write's 2xx to the profile readable through the projector with the write's
 * consistency token, at half the maximum single-customer rate.
 */
final class EndToEndFigure {

    /**
     * End-to-end reads per second at most, so that reading does not become the load: at 200/s the reads' polls
     * took more of the projector than the fold did (docs/benchmark.md); 50/s still gives 1,000 samples.
     */
    private static final double E2E_SAMPLES_PER_SECOND = 50;

    /** How many of the slowest samples are named with the time of their write's 2xx, to match with GC logs. */
    private static final int SLOWEST = 8;

    private final RunContext run;

    /** A sample: how long until readable, and when its write was answered (wall clock). */
    private record Sample(long micros, Instant answered) {
    }

    EndToEndFigure(final RunContext run) {
        this.run = run;
    }

    /** Runs for {@code length}; only a {@code measured} run adds figures (the other warms the read path). */
    void measure(final HttpLoad writes, final HttpLoad reads, final Map<String, String> writeHeaders,
                 final String token, final double max, final Duration length, final boolean measured) throws Exception {
        run.catchUp(measured ? "before the end-to-end phase" : "before the end-to-end warm-up");
        final double rate = max / 2;
        final long every = Math.max(1, Math.round(rate / E2E_SAMPLES_PER_SECOND));
        run.log(String.format("%s: %.0f req/s for %d s, every %d. write read back through the projector",
                measured ? "4. end to end" : "   warm-up of the read path", rate, length.toSeconds(), every));
        final Map<String, String> readHeaders = Map.of("Authorization", "Bearer " + token);
        final ConcurrentHistogram visible = new ConcurrentHistogram(3);
        final AtomicLong sampled = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
        final Map<String, Long> readFailures = new ConcurrentHashMap<>();
        final PriorityQueue<Sample> slowest = new PriorityQueue<>(Comparator.comparingLong(Sample::micros));
        final long e2eStart = System.nanoTime();
        if (measured) {
            run.profileStart("ingest-api", "profile-projector", "kafka");
        }
        final HttpLoad.Result result = writes.constantRate(rate, length, i -> new HttpLoad.Request(
                HttpMethod.POST, "/customers", writeHeaders,
                Buffer.buffer(CustomerBodies.single(id(i)))), (index, reply) -> {
            if (index % every != 0 || reply.consistencyToken() == null) {
                return;
            }
            sampled.incrementAndGet();
            final String uri = "/customers/" + id(index) + "?after="
                    + URLEncoder.encode(reply.consistencyToken(), StandardCharsets.UTF_8);
            reads.send(new HttpLoad.Request(HttpMethod.GET, uri, readHeaders, null)).onComplete(read -> {
                if (read.succeeded() && read.result().status() == 200) {
                    final long micros = Math.max(0, (read.result().arrivedNanos() - reply.arrivedNanos()) / 1000);
                    visible.recordValue(micros);
                    final Instant at = Instant.now().minusNanos(System.nanoTime() - reply.arrivedNanos());
                    synchronized (slowest) {
                        slowest.add(new Sample(micros, at));
                        if (slowest.size() > SLOWEST) {
                            slowest.poll();
                        }
                    }
                } else {
                    unreadable.incrementAndGet();
                    readFailures.merge(read.succeeded() ? "HTTP " + read.result().status()
                            : "read " + read.cause().getClass().getSimpleName() + ": " + read.cause().getMessage(),
                            1L, Long::sum);
                }
                answered.incrementAndGet();
            });
        });
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < sampled.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        final LatencySummary latency = LatencySummary.of(visible);
        final String phase = measured ? "4. end to end" : "4. end-to-end warm-up";
        run.noteUnanswered(phase + " (writes)", result.failures());
        readFailures.merge("read: no answer within 30 s", sampled.get() - answered.get(), Long::sum);
        readFailures.remove("read: no answer within 30 s", 0L);
        run.noteUnanswered(phase + " (reads)", readFailures);
        if (!measured) {
            run.log(String.format("   warm-up: visible after p50 %.1f ms, p99 %.1f ms", latency.p50Ms(), latency.p99Ms()));
            return;
        }
        run.profileStop("4-end-to-end", Duration.ofNanos(System.nanoTime() - e2eStart), "ingest-api",
                "profile-projector", "kafka");
        final List<String> slowestSamples;
        synchronized (slowest) {
            slowestSamples = slowest.stream().sorted(Comparator.comparingLong(Sample::micros).reversed())
                    .map(sample -> String.format("%.1f ms (2xx at %s)", sample.micros() / 1000.0, sample.answered()))
                    .toList();
        }
        run.details.put("end_to_end", Map.of("rate", rate, "writes", result.completed(), "write_failures", result.failures(),
                "write_latency_ms", result.latency(), "sampled", sampled.get(), "unreadable", unreadable.get(),
                "visible_after_ms", latency, "slowest", slowestSamples));
        run.log(String.format("   visible after p50 %.1f ms, p99 %.1f ms (%d sampled, %d unreadable)", latency.p50Ms(),
                latency.p99Ms(), sampled.get(), unreadable.get()));
        run.log("   slowest: " + String.join(", ", slowestSamples));
        final String at = " at 50 % (" + Math.round(rate) + " req/s)";
        run.table.add(Figure.of("4. end to end, 2xx to readable, p50" + at, "ms", latency.p50Ms(), Target.none()));
        run.table.add(Figure.of("4. end to end, 2xx to readable, p99" + at, "ms", latency.p99Ms(), new Target.AtMost(50)));
    }

    private long id(final long sequence) {
        return 1 + (sequence * 7919) % run.plan.customers();
    }
}
