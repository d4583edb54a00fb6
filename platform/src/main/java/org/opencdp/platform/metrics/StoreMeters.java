package org.opencdp.platform.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Kafka Streams' state store metrics (group {@code stream-state-metrics}) out of the registry unless a deployment
 * asks for them ({@code cdp.metrics.store-meters}). Streams registers about 75 for every store of every task,
 * RocksDB's properties and statistics, most of them recorded only at the {@code DEBUG} recording level: 7,708 of
 * the projector's 10,507 series with 1M profiles (run {@code 20261207-203749}), a few MiB of its 128 MiB heap, and
 * the same value many times over where every store shares one block cache. The state updater's metrics (restoration,
 * {@code kafka_stream_state_updater_*}) are not store metrics and stay, as do the task, processor node and thread
 * ones (docs/observability.md).
 */
@ApplicationScoped
public class StoreMeters {

    /** Micrometer's name of the group's meters: {@code kafka.} and the group, dashes as dots. */
    static final String STORE_METER_PREFIX = "kafka.stream.state.";

    @ConfigProperty(name = "cdp.metrics.store-meters")
    boolean storeMeters;

    @Produces
    @Singleton
    MeterFilter kafkaStreamsStoreMeters() {
        return storeMeters ? new MeterFilter() { } : filter();
    }

    /** Denies a store's meters: named in the group, tagged with the store ({@code rocksdb.state.id} and the like). */
    static MeterFilter filter() {
        return MeterFilter.deny(StoreMeters::isStoreMeter);
    }

    static boolean isStoreMeter(final Meter.Id id) {
        return id.getName().startsWith(STORE_METER_PREFIX)
                && id.getTags().stream().anyMatch(tag -> tag.getKey().endsWith("state.id"));
    }
}
