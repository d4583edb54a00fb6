package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

class RetryingDeserializerTest {

    private final List<Duration> waits = new ArrayList<>();

    @Test
    void shouldWaitOutATransientFailureWithAGrowingBackOffAndThenRead() {
        // Given: a deserializer that fails three times as if the registry were unreachable
        final int[] calls = {0};
        final Deserializer<String> flaky = (topic, data) -> {
            if (++calls[0] <= 3) {
                throw new RetriableException("the schema registry is unreachable") { };
            }
            return new String(data, StandardCharsets.UTF_8);
        };
        final RetryingDeserializer<String> retrying = new RetryingDeserializer<>(flaky, Duration.ofMillis(100),
                Duration.ofMillis(300), waits::add);

        // When
        final String read = retrying.deserialize("workflows", "wf".getBytes(StandardCharsets.UTF_8));

        // Then
        assertThat(read).isEqualTo("wf");
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void shouldPassPoisonOnAtOnce() {
        // Given
        final Deserializer<String> poisoned = (topic, data) -> {
            throw new SerializationException("not Avro");
        };
        final RetryingDeserializer<String> retrying = new RetryingDeserializer<>(poisoned, Duration.ofMillis(100),
                Duration.ofMillis(300), waits::add);

        // When / Then
        assertThatThrownBy(() -> retrying.deserialize("workflows", new byte[] {1}))
                .isInstanceOf(SerializationException.class);
        assertThat(waits).isEmpty();
    }
}
