package org.opencdp.importer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * What the import shows while it runs: a live bar on a terminal (rows, rows/s, ETA, refused), else a line
 * every few seconds (logs and CI keep readable output).
 */
abstract class Progress implements AutoCloseable {

    protected final AtomicLong done = new AtomicLong();
    protected final AtomicLong refused = new AtomicLong();

    /** {@code rows} more were settled (landed, refused or skipped), {@code rejected} of them refused. */
    void settled(final long rows, final long rejected) {
        done.addAndGet(rows);
        refused.addAndGet(rejected);
        update();
    }

    protected abstract void update();

    @Override
    public abstract void close();

    static Progress create(final boolean terminal, final long estimatedRows, final PrintStream err, final Duration every) {
        return terminal ? new Bar(estimatedRows) : new Lines(estimatedRows, err, every);
    }

    /** Whether standard error is a terminal (Console.isTerminal where the JDK has it, else a console exists). */
    static boolean onTerminal() {
        final java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(final long estimatedRows) {
            bar = new ProgressBarBuilder().setTaskName("import").setInitialMax(estimatedRows)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" rows", 1).showSpeed()
                    .setUpdateIntervalMillis(250).continuousUpdate().build();
        }

        @Override
        protected void update() {
            bar.stepTo(done.get());
            bar.setExtraMessage(" refused " + refused.get());
        }

        @Override
        public void close() {
            update();
            bar.maxHint(done.get());
            bar.close();
        }
    }

    private static final class Lines extends Progress {
        private final long estimatedRows;
        private final PrintStream err;
        private final long started = System.nanoTime();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "import-progress");
            t.setDaemon(true);
            return t;
        });

        Lines(final long estimatedRows, final PrintStream err, final Duration every) {
            this.estimatedRows = estimatedRows;
            this.err = err;
            ticker.scheduleAtFixedRate(this::print, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        protected void update() {
            // printed by the ticker
        }

        private void print() {
            final long rows = done.get();
            final double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
            final double rate = rows / seconds;
            final String eta = rate > 0 && estimatedRows > rows
                    ? ", ETA " + formatted(Duration.ofSeconds((long) ((estimatedRows - rows) / rate))) : "";
            err.printf("import: %,d of ~%,d rows, %,.0f rows/s%s, refused %,d%n", rows, estimatedRows, rate, eta, refused.get());
        }

        @Override
        public void close() {
            ticker.shutdownNow();
        }
    }

    static String formatted(final Duration d) {
        return d.toHours() > 0 ? String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
                : String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
    }
}
