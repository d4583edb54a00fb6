package org.opencdp.bench.jvm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A summary of a unified GC log written with {@code -Xlog:gc:file=…:uptime}: pauses, their total and
 * longest, the share of the process's lifetime spent paused, and the heap after the last collection.
 */
public record GcLog(int pauses, double totalPauseMs, double maxPauseMs, double uptimeSeconds, long lastHeapAfterKb) {

    // [12.345s] GC(7) Pause Young (Allocation Failure) 80M->20M(250M) 3.456ms
    private static final Pattern PAUSE = Pattern.compile(
            "\\[([\\d.]+)s]\\s*GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)[KMG]\\) ([\\d.]+)ms");

    public static GcLog parse(final String log) {
        int pauses = 0;
        double total = 0;
        double max = 0;
        double uptime = 0;
        long lastAfterKb = 0;
        final Matcher m = PAUSE.matcher(log);
        while (m.find()) {
            pauses++;
            final double ms = Double.parseDouble(m.group(7));
            total += ms;
            max = Math.max(max, ms);
            uptime = Double.parseDouble(m.group(1));
            lastAfterKb = kilobytes(Long.parseLong(m.group(4)), m.group(5));
        }
        return new GcLog(pauses, total, max, uptime, lastAfterKb);
    }

    /** Paused time over the time up to the last pause, in percent. */
    public double pausePercent() {
        return uptimeSeconds > 0 ? totalPauseMs / (uptimeSeconds * 10) : 0;
    }

    private static long kilobytes(final long amount, final String unit) {
        return switch (unit) {
            case "K" -> amount;
            case "M" -> amount * 1024;
            default -> amount * 1024 * 1024;
        };
    }
}
