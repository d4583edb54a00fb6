package org.opencdp.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountTopologyTest {

    @Test
    void shouldCountRecordsPerKeyWithoutReadingTheirValues(@TempDir final Path state) throws Exception {
        // Given the count topology on a topic
        try (TopologyTestDriver driver = new TopologyTestDriver(CountTopology.build("commands"),
                CountTopology.properties("unused:9092", "count-test", Files.createDirectories(state)))) {
            final TestInputTopic<byte[], byte[]> input = driver.createInputTopic("commands",
                    new ByteArraySerializer(), new ByteArraySerializer(), Instant.parse("2026-01-01T00:00:00Z"),
                    java.time.Duration.ofMillis(1));

            // When two records arrive for one key and one for another, one value not even valid Avro
            input.pipeInput(bytes("a"), bytes("x"));
            input.pipeInput(bytes("b"), new byte[] {(byte) 0xff});
            input.pipeInput(bytes("a"), bytes("y"));

            // Then the store counts them per key
            final KeyValueStore<Bytes, Long> store = driver.getKeyValueStore(CountTopology.STORE);
            assertThat(store.get(Bytes.wrap(bytes("a")))).isEqualTo(2L);
            assertThat(store.get(Bytes.wrap(bytes("b")))).isEqualTo(1L);
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
