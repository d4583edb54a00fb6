package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.embedded.StreamsTestDriver;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;

/** Every RocksDB store of a process shares one cache and one write-buffer budget, sized by two settings. */
class BoundedRocksDbMemoryTest {

    private static final long CACHE = 64L * 1024 * 1024;
    private static final long WRITE_BUFFERS = 16L * 1024 * 1024;
    private static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path stateDir;

    /** Two persistent stores, one on each of two topics, under the bounded memory settings. */
    private TopologyTestDriver twoStores() {
        final StreamsBuilder builder = new StreamsBuilder();
        for (final String name : new String[] {"a", "b"}) {
            builder.stream(name, Consumed.with(Serdes.String(), Serdes.String()))
                    .toTable(Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as("store-" + name)
                            .withKeySerde(Serdes.String()).withValueSerde(Serdes.String()));
        }
        final Properties props = StreamsTestDriver.properties("bounded-rocksdb-memory-test", stateDir);
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        props.put(BoundedRocksDbMemory.CACHE_BYTES, String.valueOf(CACHE));
        props.put(BoundedRocksDbMemory.WRITE_BUFFER_BYTES, String.valueOf(WRITE_BUFFERS));
        // Writes reach RocksDB at once, not Streams' own record cache.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        return new TopologyTestDriver(builder.build(), props);
    }

    @Test
    void shouldChargeEveryStoresMemtablesToOneCacheOfTheConfiguredSize() {
        // Given two stores opened with the settings
        try (TopologyTestDriver driver = twoStores()) {
            // When 512 KiB of values are written to each
            for (final String name : new String[] {"a", "b"}) {
                final TestInputTopic<String, String> in = driver.createInputTopic(name, new StringSerializer(),
                        new StringSerializer());
                for (int i = 0; i < 512; i++) {
                    in.pipeInput("k" + i, "v".repeat(1024), T1);
                }
            }
            // Then the process has one cache of the configured size, and the memtables are charged to it
            assertThat(BoundedRocksDbMemory.cacheCapacity()).isEqualTo(CACHE);
            assertThat(BoundedRocksDbMemory.cacheUsage()).isPositive();
        }
    }

    @Test
    void shouldTakeMemtableMemoryInBlocksSmallAgainstTheSharedBudget() {
        // Given a store's options as Kafka Streams makes them (a 16 MB write buffer, whose default arena block is 2 MiB)
        try (Options options = new Options().setWriteBufferSize(16L * 1024 * 1024)
                .setTableFormatConfig(new BlockBasedTableConfig())) {
            // When the store opens under the bounded settings
            new BoundedRocksDbMemory().setConfig("store", options, Map.of(BoundedRocksDbMemory.CACHE_BYTES,
                    String.valueOf(CACHE), BoundedRocksDbMemory.WRITE_BUFFER_BYTES, String.valueOf(WRITE_BUFFERS)));
            // Then its memtables take memory 64 KiB at a time: hundreds of blocks fit the budget, not eight
            assertThat(options.arenaBlockSize()).isEqualTo(64 * 1024);
            assertThat(options.writeBufferManager()).isNotNull();
        }
    }

    @Test
    void shouldRefuseWriteBuffersThatDoNotFitInTheCache() {
        // Given write buffers as large as the cache they are charged to
        final Map<String, Object> configs = Map.of(BoundedRocksDbMemory.CACHE_BYTES, "1048576",
                BoundedRocksDbMemory.WRITE_BUFFER_BYTES, "1048576");
        try (Options options = new Options()) {
            // When a store opens, Then it is refused with both settings named
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("store", options, configs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES)
                    .hasMessageContaining(BoundedRocksDbMemory.CACHE_BYTES);
        }
    }

    @Test
    void shouldRefuseAMissingSetting() {
        // Given a configuration without the write-buffer budget
        final Map<String, Object> configs = Map.of(BoundedRocksDbMemory.CACHE_BYTES, "1048576");
        try (Options options = new Options()) {
            // When a store opens, Then it is refused naming the missing key
            assertThatThrownBy(() -> new BoundedRocksDbMemory().setConfig("store", options, configs))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(BoundedRocksDbMemory.WRITE_BUFFER_BYTES);
        }
    }
}
