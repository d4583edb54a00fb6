package org.opencdp.bench.load;

import org.HdrHistogram.AbstractHistogram;

/** Percentiles of a latency histogram recorded in microseconds, in milliseconds. */
public record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {

    public static LatencySummary of(final AbstractHistogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencySummary(micros.getTotalCount(),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(99)),
                ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    private static double ms(final long micros) {
        return micros / 1000.0;
    }
}
