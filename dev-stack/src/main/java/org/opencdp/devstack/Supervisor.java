package org.opencdp.devstack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Watches the parts of a running {@link DevStack} (the broker, the registry, each service) and restarts one
 * that exits, with back-off: 1 s after the first exit, doubling up to {@link #MAX_BACK_OFF} while it keeps
 * exiting, back to 1 s once it has stayed up {@link #STABLE}. Each exit and each restart is reported in one
 * line. Without it a killed service stayed dead while {@code ./cdp up} ran on.
 */
final class Supervisor implements AutoCloseable {

    static final Duration FIRST_BACK_OFF = Duration.ofSeconds(1);
    static final Duration MAX_BACK_OFF = Duration.ofSeconds(30);
    static final Duration STABLE = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(500);

    /** One watched part: whether it runs, and how to start it again (returns once it serves, throws if not). */
    record Part(String name, BooleanSupplier alive, Restart restart) {
    }

    @FunctionalInterface
    interface Restart {
        void run() throws Exception;
    }

    /** A part's back-off state. */
    private static final class Watch {
        private Duration backOff = FIRST_BACK_OFF;
        private Instant upSince;
        private Instant restartAt;
    }

    private final List<Part> parts;
    private final Consumer<String> report;
    private final Runnable restarted;
    private final Clock clock;
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final Thread thread;
    // The services' own shutdown hooks kill them when the JVM exits (Ctrl-C): that is no crash to restart.
    private final Thread stopOnExit = new Thread(() -> closed = true, "dev-stack-supervisor-stop");
    private volatile boolean closed;

    /**
     * @param report    where each exit and restart is said (one line each)
     * @param restarted called after each successful restart (the launcher rewrites its list of pids)
     */
    Supervisor(final List<Part> parts, final Consumer<String> report, final Runnable restarted, final Clock clock) {
        this.parts = List.copyOf(parts);
        this.report = report;
        this.restarted = restarted;
        this.clock = clock;
        parts.forEach(p -> {
            final Watch watch = new Watch();
            watch.upSince = clock.instant();
            watches.put(p.name(), watch);
        });
        this.thread = new Thread(this::loop, "dev-stack-supervisor");
        this.thread.setDaemon(true);
    }

    Supervisor start() {
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        thread.start();
        return this;
    }

    private void loop() {
        while (!closed) {
            try {
                check();
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One round: notes parts that exited, restarts those whose back-off has passed. */
    void check() throws InterruptedException {
        for (final Part part : parts) {
            if (closed) {
                return;
            }
            final Watch watch = watches.get(part.name());
            final Instant now = clock.instant();
            if (part.alive().getAsBoolean()) {
                if (watch.upSince != null && Duration.between(watch.upSince, now).compareTo(STABLE) >= 0) {
                    watch.backOff = FIRST_BACK_OFF;
                }
                continue;
            }
            if (watch.restartAt == null) {
                watch.restartAt = now.plus(watch.backOff);
                watch.upSince = null;
                report.accept("cdp: " + part.name() + " exited; restarting it in " + watch.backOff.toSeconds() + " s");
                continue;
            }
            if (now.isBefore(watch.restartAt)) {
                continue;
            }
            restart(part, watch);
        }
    }

    private void restart(final Part part, final Watch watch) throws InterruptedException {
        final Duration doubled = watch.backOff.multipliedBy(2);
        final Duration next = doubled.compareTo(MAX_BACK_OFF) > 0 ? MAX_BACK_OFF : doubled;
        try {
            part.restart().run();
            watch.upSince = clock.instant();
            watch.restartAt = null;
            report.accept("cdp: " + part.name() + " is back");
            restarted.run();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            watch.restartAt = clock.instant().plus(next);
            final String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            report.accept("cdp: " + part.name() + " did not start again (" + why + "); next attempt in "
                    + next.toSeconds() + " s");
        }
        watch.backOff = next;
    }

    /**
     * Stops watching (before the stack is stopped, so the stop is not taken for a crash); waits for a restart under
     * way.
     */
    @Override
    public void close() {
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is exiting: the hook has run or is running, and it only sets closed.
        }
        if (Thread.currentThread() != thread) {
            thread.interrupt();
            try {
                thread.join(Duration.ofMinutes(2).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
