package org.opencdp.platform.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class StoreMetersTest {

    @Test
    void shouldKeepStoreMetersOutAndEveryOtherStreamsMeterIn() {
        // Given a registry with the filter
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(StoreMeters.filter());

        // When Kafka Streams' meters are bound as Micrometer's Kafka binder names them (group and tags, dashes as dots)
        registry.gauge("kafka.stream.state.block.cache.usage",
                Tags.of("thread.id", "t-1", "task.id", "0_1", "rocksdb.state.id", "profile-store"), 1.0);
        registry.gauge("kafka.stream.state.put.rate",
                Tags.of("thread.id", "t-1", "task.id", "0_1", "rocksdb.window.state.id", "applied-commands"), 1.0);
        registry.gauge("kafka.stream.state.updater.restore.ratio", Tags.of("thread.id", "t-1"), 1.0);
        registry.gauge("kafka.stream.task.process.rate", Tags.of("thread.id", "t-1", "task.id", "0_1"), 1.0);
        registry.gauge("kafka.stream.record.cache.hit.ratio.avg",
                Tags.of("thread.id", "t-1", "task.id", "0_1", "record.cache.id", "catalog-store"), 1.0);

        // Then the stores' are not registered, and the state updater's, the task's and the record cache's are
        assertThat(registry.getMeters()).extracting(m -> m.getId().getName()).containsExactlyInAnyOrder(
                "kafka.stream.state.updater.restore.ratio", "kafka.stream.task.process.rate",
                "kafka.stream.record.cache.hit.ratio.avg");
    }
}
