package org.opencdp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ProducerFactoryTest {

    static PublishSettings settings(final Duration timeout, final Duration linger) {
        return new PublishSettings() {
            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration linger() {
                return linger;
            }

            @Override
            public int batchSize() {
                return 262_144;
            }

            @Override
            public String compression() {
                return "lz4";
            }

            @Override
            public int eventLoopBodyBytes() {
                return 16_384;
            }

            @Override
            public long bufferMemory() {
                return 134_217_728L;
            }
        };
    }

    @Test
    void shouldWriteDurablyAndIdempotently() {
        final Map<String, Object> props = ProducerFactory.properties("k:9092", "ingest-api", settings(Duration.ofSeconds(10), Duration.ofMillis(5)));
        assertThat(props).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "k:9092")
                .containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "ingest-api");
    }

    @Test
    void shouldBoundEveryWaitByThePublishTimeout() {
        // Given a 3 s publish timeout and 5 ms linger
        final Map<String, Object> props = ProducerFactory.properties("k:9092", "ingest-api", settings(Duration.ofSeconds(3), Duration.ofMillis(5)));
        // Then send() blocks and records live at most 3 s, and Kafka's delivery >= linger + request rule holds
        assertThat(props).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2995)
                .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5);
        // And Kafka accepts the combination
        assertThat(new ProducerConfig(withSerializers(props))).isNotNull();
    }

    @Test
    void shouldRefuseATimeoutNoLongerThanTheLinger() {
        assertThatThrownBy(() -> ProducerFactory.properties("k:9092", "ingest-api", settings(Duration.ofMillis(5), Duration.ofMillis(5))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, Object> withSerializers(final Map<String, Object> props) {
        final Map<String, Object> all = new java.util.HashMap<>(props);
        all.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        all.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, org.apache.kafka.common.serialization.ByteArraySerializer.class);
        return all;
    }
}
