package org.opencdp.platform.metrics;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

/**
 * Latency buckets for Quarkus' HTTP server timer ({@code http.server.requests}): without them Prometheus gets a
 * count, a sum and a max, and no percentile can be computed across instances. A fixed set of {@link #BUCKETS}
 * (not Micrometer's ~70 default histogram buckets) keeps the series per route bounded, and places the bounds
 * where this API's answers fall: a single write answers in milliseconds, a query forwarded to another instance in
 * tens, a large batch in up to seconds. {@code histogram_quantile(0.99, ...)} over
 * {@code http_server_requests_seconds_bucket} gives the p99 (docs/observability.md).
 */
@ApplicationScoped
public class LatencyBuckets {

    /** The timer Quarkus records every HTTP request in. */
    public static final String HTTP_SERVER_REQUESTS = "http.server.requests";

    /** The upper bounds of the buckets, in seconds from 1 ms to 10 s. */
    static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    @Produces
    @Singleton
    MeterFilter httpServerLatencyBuckets() {
        return filter();
    }

    /** The filter that gives {@value #HTTP_SERVER_REQUESTS} its buckets and leaves every other meter as it is. */
    static MeterFilter filter() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(final Meter.Id id, final DistributionStatisticConfig config) {
                if (!id.getName().equals(HTTP_SERVER_REQUESTS)) {
                    return config;
                }
                final double[] nanos = new double[BUCKETS.length];
                for (int i = 0; i < BUCKETS.length; i++) {
                    nanos[i] = BUCKETS[i].toNanos();
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
