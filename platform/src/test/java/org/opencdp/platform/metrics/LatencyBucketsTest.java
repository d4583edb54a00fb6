package org.opencdp.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

    @Test
    void shouldGiveHttpServerRequestsTheFixedLatencyBucketsAndNoOtherTimer() {
        // Given a registry with the filter
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(LatencyBuckets.filter());

        // When an HTTP request of 30 ms and another timer's event are recorded
        final Timer http = Timer.builder(LatencyBuckets.HTTP_SERVER_REQUESTS).tag("uri", "/customers").register(registry);
        http.record(Duration.ofMillis(30));
        final Timer other = Timer.builder("something.else").register(registry);
        other.record(Duration.ofMillis(30));

        // Then the HTTP timer has one bucket per bound (1 ms .. 10 s), the 30 ms request in every bucket from 50 ms
        final CountAtBucket[] buckets = http.takeSnapshot().histogramCounts();
        assertThat(buckets).hasSize(LatencyBuckets.BUCKETS.length);
        assertThat(buckets[0].bucket(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(1.0);
        assertThat(buckets[buckets.length - 1].bucket(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(10.0);
        for (final CountAtBucket bucket : buckets) {
            final double upperMs = bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS);
            assertThat(bucket.count()).as("bucket <= %s ms", upperMs).isEqualTo(upperMs >= 50 ? 1.0 : 0.0);
        }
        // and the other timer has none
        assertThat(other.takeSnapshot().histogramCounts()).isEmpty();
    }
}
