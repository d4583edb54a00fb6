package org.opencdp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import org.HdrHistogram.ConcurrentHistogram;
import org.opencdp.bench.jvm.GcLog;
import org.opencdp.bench.jvm.CollapsedProfile;
import org.opencdp.bench.jvm.MemoryProbe;
import org.opencdp.bench.jvm.Profiler;
import org.opencdp.bench.kafka.CountTopology;
import org.opencdp.bench.kafka.FoldProgress;
import org.opencdp.bench.kafka.KafkaLog;
import org.opencdp.bench.kafka.ProducerPerformanceRun;
import org.opencdp.bench.load.CustomerBodies;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.ResultTable;
import org.opencdp.bench.report.Target;
import org.opencdp.devstack.DevStack;
import org.opencdp.devstack.DevStackSettings;
import org.opencdp.embedded.ChildProcess;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;

/**
 * One benchmark run: starts a private dev stack (own ports, fresh data under bench/target/bench-data), runs
 * the measurements in order, each Kafka baseline on the same broker right after the figure it compares with,
 * stops everything, and leaves the table, the JSON and the profiling artifacts under
 * bench/target/bench-results.
 */
final class BenchRun {

    private static final String COMMANDS = Topics.CUSTOMER_COMMANDS.name();
    private static final String ENRICHED = Topics.ENRICHED_EVENTS.name();
    private static final String PROJECTOR_GROUP = "opencdp-profile-projector";
    private static final String TRIGGER_GROUP = "workflow-trigger";
    private static final String COUNT_GROUP = "bench-count";
    private static final String PERF_TOPIC = "bench-producer-performance";
    private static final List<String> SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");
    /** Heap of the services in the dev stack (DevStack), also given to the baselines' JVMs. */
    private static final String HEAP = "-Xmx256m";
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(8);
    /** Batched requests before measuring: enough for the JIT to compile the batch path (10 left it compiling). */
    private static final int WARMUP_BATCHES = 30;
    /**
     * End-to-end reads per second at most, so that reading does not become the load: at 200/s the reads' polls
     * took more of the projector than the fold did (docs/benchmark.md); 50/s still gives 1,000 samples.
     */
    private static final double E2E_SAMPLES_PER_SECOND = 50;
    private static final double MIB = 1024.0 * 1024.0;

    private final BenchPlan plan;
    private final Path root;
    private final Path results;
    private final Path artifacts;
    private final Path data;
    private final String stamp;
    private ResultTable table = new ResultTable();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> hotMethods = new ArrayList<>();
    private final MemoryProbe memory = new MemoryProbe();
    private final long started = System.nanoTime();
    private Profiler profiler;
    private long kafkaPid;

    BenchRun(final BenchPlan plan, final Path root, final String stamp) {
        this.plan = plan;
        this.root = root;
        this.stamp = stamp;
        this.results = root.resolve("bench/target/bench-results");
        this.artifacts = results.resolve(stamp);
        this.data = root.resolve("bench/target/bench-data");
    }

    /** What went wrong during the run (the figures it could not measure are missing from the table). */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** Runs everything; returns the table (also written as JSON). */
    ResultTable run() throws Exception {
        deleteRecursively(data);
        Files.createDirectories(artifacts);
        profiler = Profiler.unpackInto(artifacts);
        details.put("plan", Map.of("customers", plan.customers(), "batch_size", plan.batchSize(),
                "batch_clients", plan.batchClients(), "single_concurrency", plan.singleConcurrency(),
                "connections", plan.connections(), "warmup_s", plan.warmup().toSeconds(),
                "max_rate_probe_s", plan.maxRateProbe().toSeconds(), "rate_phase_s", plan.ratePhase().toSeconds(),
                "end_to_end_phase_s", plan.endToEndPhase().toSeconds(), "fold_window_s", plan.foldWindow().toSeconds()));
        details.put("machine", Map.of("cpus", Runtime.getRuntime().availableProcessors(),
                "load_average_at_start", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                "java", Runtime.version().toString()));
        final Path apps = copyServices();
        final DevStackSettings settings = DevStackSettings.fromEnvironment(apps, data, Map.of(
                "CDP_KAFKA_PORT", Integer.toString(Ports.free()),
                "CDP_REGISTRY_PORT", Integer.toString(Ports.free()),
                "CDP_INGEST_PORT", Integer.toString(Ports.free()),
                "CDP_PROJECTOR_PORT", Integer.toString(Ports.free()),
                "CDP_TRIGGER_PORT", Integer.toString(Ports.free())));
        final Map<String, List<String>> options = new LinkedHashMap<>();
        SERVICES.forEach(s -> options.put(s, serviceOptions(s)));
        log("starting the stack (data in " + data + ")");
        try (DevStack stack = new DevStack(settings, options)) {
            final Instant startup = Instant.now();
            stack.start();
            kafkaPid = stack.pids().get("kafka");
            details.put("stack_startup_seconds", Duration.between(startup, Instant.now()).toMillis() / 1000.0);
            try (KafkaLog kafka = new KafkaLog(stack.bootstrapServers())) {
                measure(stack, kafka);
            } catch (Exception e) {
                // The figures measured so far are still written, with the failure among the errors.
                errors.add(e.toString());
                log("FAILED: " + e);
                e.printStackTrace();
            }
        } finally {
            log("stack stopped");
        }
        table = table.bySection();
        summarizeGcLogs();
        Files.write(artifacts.resolve("hot-methods.txt"), hotMethods);
        writeJson();
        return table;
    }

    private void measure(final DevStack stack, final KafkaLog kafka) throws Exception {
        final Map<String, Memory> atStart = memory(stack);
        final QuarkusService ingest = stack.service("ingest-api");
        final QuarkusService projector = stack.service("profile-projector");
        final DevStackSettings.DemoWorkspace demo = stack.settings().demo();
        final Map<String, String> writeHeaders = Map.of("key", demo.key(), "secret", demo.secret(),
                "Content-Type", "application/json");
        final AtomicLong nextSingle = new AtomicLong();
        final java.util.function.LongFunction<HttpLoad.Request> single = i -> new HttpLoad.Request(HttpMethod.POST,
                "/customers", writeHeaders,
                Buffer.buffer(CustomerBodies.single(1 + nextSingle.getAndIncrement() % plan.customers())));

        try (HttpLoad ingestLoad = new HttpLoad("127.0.0.1", ingest.port(), plan.connections())) {
            log("warm-up: " + plan.warmup().toSeconds() + " s of single-customer requests, " + WARMUP_BATCHES + " batches");
            ingestLoad.closedLoop(plan.singleConcurrency(), plan.warmup(), -1, single, (i, r) -> { });
            ingestLoad.closedLoop(2, Duration.ofMinutes(5), WARMUP_BATCHES, i -> batch(writeHeaders, i), (i, r) -> { });
            // The warm-up's first writes have the catalog decide the ten properties; folded, they are the
            // steady state the fold rate is about (a first write folds through pending values instead).
            catchUp(kafka, "after the warm-up");
            // The command topic is filled with the projector stopped: ingest-api and ProducerPerformance then
            // run on the same quiet machine, and the projector's restart folds a pre-filled topic (figure 3).
            log("stopping profile-projector while the command topic is filled");
            projector.close();
            batchedIngest(stack, kafka, ingestLoad, writeHeaders);
        }
        foldRate(stack, kafka);
        catchUp(kafka, "after the fold");

        try (HttpLoad ingestLoad = new HttpLoad("127.0.0.1", ingest.port(), plan.connections());
             HttpLoad readLoad = new HttpLoad("127.0.0.1", projector.port(), plan.connections())) {
            final double max = singleCustomer(stack, ingestLoad, single, kafka);
            // The read path (consistency tokens, position probes, wake-ups) runs first here: warm it like the rest.
            endToEnd(stack, ingestLoad, readLoad, writeHeaders, demo.token(), max, kafka, plan.warmup(), false);
            endToEnd(stack, ingestLoad, readLoad, writeHeaders, demo.token(), max, kafka, plan.endToEndPhase(), true);
        }
        catchUp(kafka, "before measuring memory");
        memoryFigures(stack, atStart);
    }

    private HttpLoad.Request batch(final Map<String, String> headers, final long index) {
        return new HttpLoad.Request(HttpMethod.POST, "/customers", headers,
                Buffer.buffer(CustomerBodies.batch(1 + index * plan.batchSize(), plan.batchSize())));
    }

    private void batchedIngest(final DevStack stack, final KafkaLog kafka, final HttpLoad load,
                               final Map<String, String> headers) throws Exception {
        log("1. batched ingest: " + plan.customers() + " customers, " + plan.batchSize() + " per request, "
                + plan.batchClients() + " clients");
        profileStart(stack, "ingest-api", "kafka");
        final HttpLoad.Result result = load.closedLoop(plan.batchClients(), Duration.ofMinutes(10), plan.batches(),
                i -> batch(headers, i), (i, r) -> { });
        profileStop(stack, "1-batched-ingest", result.elapsed(), "ingest-api", "kafka");
        final double customersPerSecond = result.perSecond() * plan.batchSize();
        details.put("batched_ingest", Map.of("requests", result.completed(), "failed", result.failures(),
                "seconds", result.elapsed().toMillis() / 1000.0, "request_latency_ms", result.latency()));
        log(String.format("   %.0f customers/s (%d requests, %s)", customersPerSecond, result.completed(), failures(result)));

        final double recordSize = kafka.meanRecordSize(COMMANDS, 5000);
        log(String.format("   ProducerPerformance: %d records of %.0f bytes (the commands' mean size)",
                plan.customers(), recordSize));
        kafka.createTopic(PERF_TOPIC, stack.settings().partitions());
        final ProducerPerformanceRun.Summary perf = ProducerPerformanceRun.run(List.of(HEAP, "-XX:+UseSerialGC"),
                ProducerPerformanceRun.arguments(PERF_TOPIC, plan.customers(), (int) Math.round(recordSize), Map.of(
                        "bootstrap.servers", stack.bootstrapServers(),
                        "acks", "all", "enable.idempotence", "true", "max.in.flight.requests.per.connection", "5",
                        "linger.ms", "5", "batch.size", "262144", "compression.type", "lz4",
                        "buffer.memory", "134217728")),
                artifacts.resolve("producer-performance.log"), Duration.ofMinutes(10));
        details.put("producer_performance", perf);
        details.put("command_mean_record_bytes", recordSize);
        log(String.format("   ProducerPerformance: %.0f records/s", perf.recordsPerSecond()));
        table.add(Figure.compared("1. batched ingest (1,000 × 10 attributes per request)", "customers/s",
                customersPerSecond, perf.recordsPerSecond(), "ProducerPerformance records/s", new Target.RatioAtLeast(0.5)));
    }

    private double singleCustomer(final DevStack stack, final HttpLoad load,
                                  final java.util.function.LongFunction<HttpLoad.Request> single, final KafkaLog kafka)
            throws Exception {
        log("2. single-customer ingest: maximum rate, " + plan.singleConcurrency() + " in flight for "
                + plan.maxRateProbe().toSeconds() + " s");
        profileStart(stack, "ingest-api", "profile-projector", "kafka");
        final HttpLoad.Result max = load.closedLoop(plan.singleConcurrency(), plan.maxRateProbe(), -1, single, (i, r) -> { });
        profileStop(stack, "2-single-customer-max", max.elapsed(), "ingest-api", "profile-projector", "kafka");
        log(String.format("   maximum %.0f req/s (%s)", max.perSecond(), failures(max)));
        table.add(Figure.of("2. single-customer ingest, maximum rate", "req/s", max.perSecond(), new Target.AtLeast(20_000)));
        final Map<String, Object> phases = new LinkedHashMap<>();
        phases.put("max", Map.of("rate", max.perSecond(), "failed", max.failures(), "closed_loop_latency_ms", max.latency()));
        for (final int percent : List.of(50, 90)) {
            catchUp(kafka, "before the " + percent + " % phase");
            final double rate = max.perSecond() * percent / 100.0;
            log(String.format("   %d %%: %.0f req/s for %d s", percent, rate, plan.ratePhase().toSeconds()));
            final HttpLoad.Result result = load.constantRate(rate, plan.ratePhase(), single, (i, r) -> { });
            final LatencySummary latency = result.latency();
            try (java.io.PrintStream hgrm = new java.io.PrintStream(
                    artifacts.resolve("latency-single-" + percent + ".hgrm").toFile(), StandardCharsets.UTF_8)) {
                result.latencyMicros().outputPercentileDistribution(hgrm, 1000.0);
            }
            phases.put(percent + "%", Map.of("rate", rate, "completed", result.completed(), "failed", result.failures(),
                    "latency_ms", latency));
            log(String.format("   p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms (%s)", latency.p50Ms(), latency.p99Ms(),
                    latency.p999Ms(), failures(result)));
            final String at = " at " + percent + " % (" + Math.round(rate) + " req/s)";
            table.add(Figure.of("2. single-customer p50" + at, "ms", latency.p50Ms(), Target.none()));
            table.add(Figure.of("2. single-customer p99" + at, "ms", latency.p99Ms(),
                    percent == 50 ? new Target.AtMost(20) : Target.none()));
            table.add(Figure.of("2. single-customer p99.9" + at, "ms", latency.p999Ms(), Target.none()));
        }
        details.put("single_customer", phases);
        return max.perSecond();
    }

    private void endToEnd(final DevStack stack, final HttpLoad writes, final HttpLoad reads,
                          final Map<String, String> writeHeaders, final String token, final double max,
                          final KafkaLog kafka, final Duration length, final boolean measured) throws Exception {
        catchUp(kafka, measured ? "before the end-to-end phase" : "before the end-to-end warm-up");
        final double rate = max / 2;
        final long every = Math.max(1, Math.round(rate / E2E_SAMPLES_PER_SECOND));
        log(String.format("%s: %.0f req/s for %d s, every %d. write read back through the projector",
                measured ? "4. end to end" : "   warm-up of the read path", rate, length.toSeconds(), every));
        final Map<String, String> readHeaders = Map.of("Authorization", "Bearer " + token);
        final ConcurrentHistogram visible = new ConcurrentHistogram(3);
        final AtomicLong sampled = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong unreadable = new AtomicLong();
        final long e2eStart = System.nanoTime();
        if (measured) {
            profileStart(stack, "ingest-api", "profile-projector", "kafka");
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
                    visible.recordValue(Math.max(0, (read.result().arrivedNanos() - reply.arrivedNanos()) / 1000));
                } else {
                    unreadable.incrementAndGet();
                }
                answered.incrementAndGet();
            });
        });
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (answered.get() < sampled.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        final LatencySummary latency = LatencySummary.of(visible);
        if (!measured) {
            log(String.format("   warm-up: visible after p50 %.1f ms, p99 %.1f ms", latency.p50Ms(), latency.p99Ms()));
            return;
        }
        profileStop(stack, "4-end-to-end", Duration.ofNanos(System.nanoTime() - e2eStart), "ingest-api",
                "profile-projector", "kafka");
        details.put("end_to_end", Map.of("rate", rate, "writes", result.completed(), "write_failures", result.failures(),
                "write_latency_ms", result.latency(), "sampled", sampled.get(), "unreadable", unreadable.get(),
                "visible_after_ms", latency));
        log(String.format("   visible after p50 %.1f ms, p99 %.1f ms (%d sampled, %d unreadable)", latency.p50Ms(),
                latency.p99Ms(), sampled.get(), unreadable.get()));
        final String at = " at 50 % (" + Math.round(rate) + " req/s)";
        table.add(Figure.of("4. end to end, 2xx to readable, p50" + at, "ms", latency.p50Ms(), Target.none()));
        table.add(Figure.of("4. end to end, 2xx to readable, p99" + at, "ms", latency.p99Ms(), new Target.AtMost(150)));
    }

    private static String failures(final HttpLoad.Result result) {
        return result.failures().isEmpty() ? "none failed" : result.failed() + " failed: " + result.failures();
    }

    private long id(final long sequence) {
        return 1 + (sequence * 7919) % plan.customers();
    }

    private void memoryFigures(final DevStack stack, final Map<String, Memory> atStart) throws Exception {
        log("5. memory with " + plan.customers() + " profiles");
        final Map<String, Memory> atEnd = memory(stack);
        final Map<String, Object> memoryDetails = new LinkedHashMap<>();
        for (final String service : SERVICES) {
            final Memory start = atStart.get(service);
            final Memory end = atEnd.get(service);
            memoryDetails.put(service, Map.of("start", start, "end", end));
            table.add(Figure.compared("5. " + service + " heap after full GC, " + plan.customers() + " profiles", "MiB",
                    end.heapMib(), start.heapMib(), "same at start", new Target.RatioAtMost(1.5)));
            table.add(Figure.compared("5. " + service + " RSS, " + plan.customers() + " profiles", "MiB",
                    end.rssMib(), start.rssMib(), "same at start", Target.none()));
        }
        memoryDetails.put("kafka_rss_mib", memory.rssBytes(kafkaPid).orElse(0) / MIB);
        details.put("memory", memoryDetails);
    }

    private void foldRate(final DevStack stack, final KafkaLog kafka) throws Exception {
        final long target = kafka.endOffset(COMMANDS);
        log("3. fold rate: profile-projector restarted on " + target + " commands (" + plan.customers()
                + " customers); profiled for the first " + plan.foldWindow().toSeconds() + " s");
        final QuarkusService projector = stack.service("profile-projector");
        projector.start();
        projector.awaitReady(Duration.ofMinutes(2));
        final FoldProgress folded = new FoldProgress(target);
        final long profiled = System.nanoTime();
        profileStart(stack, "profile-projector", "workflow-trigger", "kafka");
        kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), plan.foldWindow(), CATCH_UP_TIMEOUT);
        profileStop(stack, "3-fold", Duration.ofNanos(System.nanoTime() - profiled), "profile-projector",
                "workflow-trigger", "kafka");
        if (!folded.done()) {
            // Wall-clock samples show where the stream thread waits when it is not on the CPU.
            final Path wall = artifacts.resolve("profile-3-fold-wall-profile-projector.collapsed");
            final long walled = System.nanoTime();
            profiler.start(projector.pid(), "wall");
            kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), Duration.ofSeconds(15), CATCH_UP_TIMEOUT);
            profiler.stop(projector.pid(), wall);
            final CollapsedProfile streamThread = CollapsedProfile.parse(Files.readString(wall), "-StreamThread-N");
            hotMethods.add(String.format("== 3-fold / profile-projector stream thread, wall clock (running or waiting): "
                    + "%d samples at 10 ms in %.0f s (stacks: %s)", streamThread.total(),
                    (System.nanoTime() - walled) / 1e9, wall.getFileName()));
            hotMethods.addAll(streamThread.summary(12));
            hotMethods.add("");
        }
        kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), CATCH_UP_TIMEOUT, CATCH_UP_TIMEOUT);
        log(String.format("   projector: %.0f commands/s (%d in %.1f s)", folded.perSecond(), folded.records(),
                folded.seconds()));

        log("   baseline: a bare Kafka Streams count into RocksDB, exactly_once_v2, same topic, for up to "
                + plan.foldWindow().toSeconds() + " s");
        final FoldProgress counted = new FoldProgress(target);
        try (ChildProcess count = ChildProcess.start("count-topology", List.of(HEAP, "-XX:+UseSerialGC",
                        "-Xlog:gc:file=" + artifacts.resolve("gc-count-topology.log") + ":uptime"),
                ChildProcess.thisClasspath(), CountTopology.class.getName(),
                List.of(stack.bootstrapServers(), COUNT_GROUP, data.resolve("count-state").toString(), COMMANDS),
                data, artifacts.resolve("count-topology.log"))) {
            waitForJvm(count);
            profiler.start(count.pid());
            final long started = System.nanoTime();
            kafka.follow(COUNT_GROUP, COMMANDS, counted, Duration.ofMillis(200), plan.foldWindow(), CATCH_UP_TIMEOUT);
            final Path profile = artifacts.resolve("profile-3-fold-count-topology.collapsed");
            profiler.stop(count.pid(), profile);
            collectHotMethods("3-fold", "count-topology", profile, Duration.ofNanos(System.nanoTime() - started));
        }
        log(String.format("   count topology: %.0f records/s (%d in %.1f s)", counted.perSecond(), counted.records(),
                counted.seconds()));
        details.put("fold", Map.of("commands", target,
                "projector", Map.of("records", folded.records(), "seconds", folded.seconds(), "per_second", folded.perSecond()),
                "count_topology", Map.of("records", counted.records(), "seconds", counted.seconds(),
                        "per_second", counted.perSecond())));
        table.add(Figure.compared("3. projector fold rate (exactly_once_v2, " + target + " commands pre-filled)",
                "commands/s", folded.perSecond(), counted.perSecond(), "Streams count records/s",
                new Target.RatioAtLeast(0.5)));
    }

    /** The attach mechanism answers once the JVM is up; a few hundred ms after start on this machine. */
    private static void waitForJvm(final ChildProcess jvm) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                throw new IllegalStateException("The count topology exited; see " + jvm.logFile());
            }
            try {
                if (Files.readString(jvm.logFile()).contains("State transition from REBALANCING to RUNNING")
                        || ProcessHandle.of(jvm.pid()).flatMap(p -> p.info().totalCpuDuration())
                        .map(cpu -> cpu.toMillis() > 3000).orElse(false)) {
                    return;
                }
            } catch (IOException notYet) {
                // The log file appears with the first line.
            }
            Thread.sleep(200);
        }
    }

    private void catchUp(final KafkaLog kafka, final String when) throws Exception {
        final Duration projector = kafka.awaitCaughtUp(PROJECTOR_GROUP, COMMANDS, CATCH_UP_TIMEOUT);
        final Duration trigger = kafka.awaitCaughtUp(TRIGGER_GROUP, ENRICHED, CATCH_UP_TIMEOUT);
        @SuppressWarnings("unchecked")
        final Map<String, Object> waits = (Map<String, Object>) details.computeIfAbsent("catch_up_seconds",
                k -> new LinkedHashMap<String, Object>());
        waits.put(when, Map.of("profile-projector", projector.toMillis() / 1000.0,
                "workflow-trigger", trigger.toMillis() / 1000.0));
        log(String.format("   caught up %s: projector %.1f s, trigger %.1f s", when, projector.toMillis() / 1000.0,
                trigger.toMillis() / 1000.0));
    }

    /** Memory of a service: heap in use after a full GC and resident set size. */
    record Memory(double heapMib, double rssMib) {
    }

    private Map<String, Memory> memory(final DevStack stack) throws Exception {
        final Map<String, Memory> out = new LinkedHashMap<>();
        for (final String name : SERVICES) {
            final QuarkusService service = stack.service(name);
            memory.fullGc(service.pid());
            final OptionalLong heap = memory.heapUsedBytes(service.url());
            final OptionalLong rss = memory.rssBytes(service.pid());
            out.put(name, new Memory(heap.isPresent() ? heap.getAsLong() / MIB : Double.NaN,
                    rss.isPresent() ? rss.getAsLong() / MIB : Double.NaN));
        }
        return out;
    }

    private List<String> serviceOptions(final String name) {
        return List.of(
                // The dev stack favours start-up (C1 only); a deployment runs the full JIT, as measured here.
                "-XX:TieredStopAtLevel=4",
                "-Xlog:gc:file=" + artifacts.resolve("gc-" + name + ".log") + ":uptime",
                "-XX:StartFlightRecording=filename=" + artifacts.resolve(name + ".jfr") + ",settings=default,dumponexit=true");
    }

    private long pid(final DevStack stack, final String process) {
        return "kafka".equals(process) ? kafkaPid : stack.service(process).pid();
    }

    private void profileStart(final DevStack stack, final String... processes) {
        for (final String process : processes) {
            try {
                profiler.start(pid(stack, process));
            } catch (IOException | InterruptedException e) {
                errors.add("profiler start on " + process + ": " + e.getMessage());
            }
        }
    }

    private void profileStop(final DevStack stack, final String phase, final Duration length, final String... processes) {
        for (final String process : processes) {
            final Path file = artifacts.resolve("profile-" + phase + "-" + process + ".collapsed");
            try {
                profiler.stop(pid(stack, process), file);
                collectHotMethods(phase, process, file, length);
            } catch (IOException | InterruptedException e) {
                errors.add("profiler stop on " + process + ": " + e.getMessage());
            }
        }
    }

    private void collectHotMethods(final String phase, final String process, final Path file, final Duration length)
            throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        final CollapsedProfile profile = CollapsedProfile.parse(Files.readString(file));
        hotMethods.add(String.format("== %s / %s: %d samples at 10 ms in %.0f s = %.2f cores busy (stacks: %s)",
                phase, process, profile.total(), length.toMillis() / 1000.0,
                profile.total() * 10.0 / Math.max(1, length.toMillis()), file.getFileName()));
        hotMethods.addAll(profile.summary(12));
        hotMethods.add("");
    }

    private void summarizeGcLogs() throws IOException {
        final Map<String, Object> gc = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(artifacts)) {
            for (final Path file : files.filter(f -> f.getFileName().toString().startsWith("gc-")).sorted().toList()) {
                final GcLog summary = GcLog.parse(Files.readString(file));
                gc.put(file.getFileName().toString(), Map.of("pauses", summary.pauses(),
                        "total_pause_ms", summary.totalPauseMs(), "max_pause_ms", summary.maxPauseMs(),
                        "pause_percent", summary.pausePercent(), "heap_after_last_gc_mib", summary.lastHeapAfterKb() / 1024.0));
                lines.add(String.format("%-36s %5d pauses, %8.0f ms total (%.1f %% of %.0f s), longest %.0f ms, "
                                + "heap after last %.0f MiB", file.getFileName(), summary.pauses(), summary.totalPauseMs(),
                        summary.pausePercent(), summary.uptimeSeconds(), summary.maxPauseMs(), summary.lastHeapAfterKb() / 1024.0));
            }
        }
        details.put("gc", gc);
        Files.write(artifacts.resolve("gc-summary.txt"), lines);
    }

    private void writeJson() throws IOException {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("run", stamp);
        json.put("scale", plan.scale());
        json.put("wall_clock_seconds", (System.nanoTime() - started) / 1e9);
        json.put("figures", table.asData());
        json.put("details", details);
        json.put("errors", errors);
        json.put("artifacts", root.relativize(artifacts).toString());
        final String text = Json.write(json);
        Files.writeString(results.resolve(stamp + ".json"), text);
        Files.writeString(results.resolve("latest.json"), text);
        Files.writeString(artifacts.resolve("table.txt"), table.render());
    }

    private void log(final String message) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    /**
     * The services' built applications, copied under the data directory: a build running meanwhile on this
     * machine (which rewrites target/quarkus-app) cannot change what the running services load.
     */
    private Path copyServices() throws IOException {
        final Path apps = data.resolve("apps");
        for (final String service : SERVICES) {
            final Path from = root.resolve(service).resolve("target/quarkus-app");
            if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(service + " is not built: " + from + " is missing (run ./cdp build)");
            }
            final Path to = apps.resolve(service).resolve("target/quarkus-app");
            try (Stream<Path> paths = Files.walk(from)) {
                for (final Path path : paths.toList()) {
                    final Path target = to.resolve(from.relativize(path).toString());
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(path, target);
                    }
                }
            }
        }
        return apps;
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
