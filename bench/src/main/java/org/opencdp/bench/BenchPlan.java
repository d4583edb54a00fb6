package org.opencdp.bench;

import java.time.Duration;

/**
 * The sizes and durations of one run, all derived from one scale factor: 1 is the full run (1M customers,
 * 20 s constant-rate phases, about 12 minutes on 2 cores), 0.1 a quick check while developing (about 2).
 *
 * @param customers          customers created by the batched ingest, the profile count of the memory figures
 * @param batchSize          customers per batched request
 * @param batchClients       concurrent clients of the batched ingest
 * @param singleConcurrency  requests in flight while finding the single-customer maximum rate
 * @param connections        keep-alive connections of the single-customer load generator
 * @param warmup             closed-loop single-customer load before anything is measured (JIT, pools)
 * @param maxRateProbe       closed-loop single-customer load that finds the maximum rate
 * @param ratePhase          each constant-rate phase (50 % and 90 % of the maximum)
 * @param endToEndPhase      the constant-rate phase at 50 % that also reads each sampled write back
 * @param foldWindow         the longest the fold rate is followed (the rate, not the whole topic, is the figure)
 */
public record BenchPlan(double scale, int customers, int batchSize, int batchClients, int singleConcurrency,
                        int connections, Duration warmup, Duration maxRateProbe, Duration ratePhase,
                        Duration endToEndPhase, Duration foldWindow) {

    public static final int FULL_CUSTOMERS = 1_000_000;
    public static final int MIN_CUSTOMERS = 10_000;
    public static final int BATCH_SIZE = 1000;

    public static BenchPlan scaled(final double scale) {
        if (!(scale > 0) || scale > 10) {
            throw new IllegalArgumentException("--scale must be in (0, 10], not " + scale);
        }
        final int customers = (int) Math.max(MIN_CUSTOMERS, Math.round(FULL_CUSTOMERS * scale / BATCH_SIZE) * BATCH_SIZE);
        return new BenchPlan(scale, customers, BATCH_SIZE, 4, 32, 64,
                seconds(10 * scale, 3), seconds(15 * scale, 5), seconds(20 * scale, 5), seconds(20 * scale, 5),
                seconds(60 * scale, 15));
    }

    /** Batched requests needed for {@link #customers}. */
    public int batches() {
        return customers / batchSize;
    }

    private static Duration seconds(final double seconds, final int minimum) {
        return Duration.ofMillis(Math.round(Math.max(minimum, seconds) * 1000));
    }
}
