package org.opencdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.opencdp.bench.jvm.CollapsedProfile;
import org.opencdp.bench.jvm.MemoryProbe;
import org.opencdp.bench.jvm.Profiler;
import org.opencdp.bench.kafka.KafkaLog;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.report.ResultTable;
import org.opencdp.devstack.DevStack;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topics;

/**
 * What the figures of one benchmark run share: the plan, the running stack and broker, where artifacts go,
 * the table and details they add to, the errors, the profiler and the log.
 */
final class RunContext {

    static final String COMMANDS = Topics.CUSTOMER_COMMANDS.name();
    static final String ENRICHED = Topics.ENRICHED_EVENTS.name();
    static final String PROJECTOR_GROUP = "opencdp-profile-projector";
    static final String TRIGGER_GROUP = "workflow-trigger";
    static final List<String> SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");
    /** Heap of the services in the dev stack (DevStack), also given to the baselines' JVMs. */
    static final String HEAP = "-Xmx256m";
    /**
     * The JVM the services run in here (QuarkusService's heap and GC, and the full JIT of {@code serviceOptions}):
     * what a baseline that stands in for a service gets.
     */
    static final List<String> SERVICE_JVM;
    /** The services' heap and memory options, for a Kafka tool run as the baseline of a figure. */
    static final List<String> BASELINE_JVM;

    static {
        final List<String> baseline = new ArrayList<>(List.of(HEAP));
        baseline.addAll(QuarkusService.MEMORY_OPTIONS);
        BASELINE_JVM = List.copyOf(baseline);
        baseline.add("-XX:TieredStopAtLevel=4");
        SERVICE_JVM = List.copyOf(baseline);
    }
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(8);
    static final double MIB = 1024.0 * 1024.0;

    final BenchPlan plan;
    final Path artifacts;
    final Path data;
    final Map<String, Object> details = new LinkedHashMap<>();
    final List<String> errors = new ArrayList<>();
    final List<String> hotMethods = new ArrayList<>();
    final MemoryProbe memory = new MemoryProbe();
    final long started = System.nanoTime();
    ResultTable table = new ResultTable();
    Profiler profiler;
    DevStack stack;
    KafkaLog kafka;
    long kafkaPid;

    RunContext(final BenchPlan plan, final Path artifacts, final Path data) {
        this.plan = plan;
        this.artifacts = artifacts;
        this.data = data;
    }

    /** Requests of constant-rate phases that ended without any answer (no HTTP status), by phase. */
    final Map<String, Long> unanswered = new LinkedHashMap<>();

    /**
     * Counts the requests of a constant-rate phase that got no answer at all (a timeout or a connection failure,
     * not an HTTP status); any such request fails the phase: it is one of the run's errors, with its causes.
     */
    void noteUnanswered(final String phase, final Map<String, Long> failures) {
        final Map<String, Long> causes = new LinkedHashMap<>();
        failures.forEach((cause, count) -> {
            if (!cause.startsWith("HTTP ")) {
                causes.put(cause, count);
            }
        });
        final long count = causes.values().stream().mapToLong(Long::longValue).sum();
        unanswered.put(phase, count);
        if (count > 0) {
            errors.add("FAILED phase " + phase + ": " + count + " requests without an answer " + causes);
            log("   FAILED: " + count + " requests without an answer " + causes);
        }
    }

    void log(final String message) {
        System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - started) / 1e9, message);
    }

    static String failures(final HttpLoad.Result result) {
        return result.failures().isEmpty() ? "none failed" : result.failed() + " failed: " + result.failures();
    }

    void catchUp(final String when) throws Exception {
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

    private long pid(final String process) {
        return "kafka".equals(process) ? kafkaPid : stack.service(process).pid();
    }

    void profileStart(final String... processes) {
        for (final String process : processes) {
            try {
                profiler.start(pid(process));
            } catch (IOException | InterruptedException e) {
                errors.add("profiler start on " + process + ": " + e.getMessage());
            }
        }
    }

    void profileStop(final String phase, final Duration length, final String... processes) {
        for (final String process : processes) {
            final Path file = artifacts.resolve("profile-" + phase + "-" + process + ".collapsed");
            try {
                profiler.stop(pid(process), file);
                collectHotMethods(phase, process, file, length);
            } catch (IOException | InterruptedException e) {
                errors.add("profiler stop on " + process + ": " + e.getMessage());
            }
        }
    }

    void collectHotMethods(final String phase, final String process, final Path file, final Duration length)
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
}
