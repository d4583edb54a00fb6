package org.opencdp.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** No broker: creating a client does not connect, and its metrics exist from its creation. */
class MeteredClientsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaClients clients = new KafkaClients(Map.of("bootstrap.servers", "localhost:1"), registry);

    @Test
    void shouldReportEachClientsMetricsUnderItsClientIdUntilItIsClosed() {
        // Given a producer, a consumer and an admin built by the factory
        final Producer<byte[], byte[]> producer = clients.producer(clients.producerConfig("test-writer"),
                new ByteArraySerializer(), new ByteArraySerializer());
        final Consumer<byte[], byte[]> consumer = clients.consumer("test-reader", new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        final Admin admin = clients.admin("test-admin");

        // Then each one's Kafka metrics are in the registry, tagged with its client id
        assertThat(clientIds("kafka.producer.")).containsExactly("test-writer");
        assertThat(clientIds("kafka.consumer.")).containsExactly("test-reader");
        assertThat(clientIds("kafka.admin.client.")).containsExactly("test-admin");

        // When they are closed
        producer.close(Duration.ZERO);
        consumer.close(Duration.ZERO);
        admin.close(Duration.ZERO);

        // Then no meter of theirs is left
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldLeaveNoMeterBehindClientsBuiltAndClosedOnePerRequest() {
        // Given one consumer already open (a follower's)
        try (Consumer<byte[], byte[]> follower = clients.consumer("test-follower", new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            final int followerMeters = registry.getMeters().size();

            // When fifty requests each build a consumer and an admin, and close them (with close(), the default)
            for (int request = 0; request < 50; request++) {
                try (Consumer<byte[], byte[]> perRequest = clients.consumer("test-per-request",
                        new ByteArrayDeserializer(), new ByteArrayDeserializer());
                     Admin admin = clients.admin("test-per-request-admin")) {
                    assertThat(perRequest.metrics()).isNotEmpty();
                    assertThat(admin.metrics()).isNotEmpty();
                }
            }

            // Then the registry holds the follower's meters and no others
            assertThat(registry.getMeters()).hasSize(followerMeters);
            assertThat(clientIds("kafka.")).containsExactly("test-follower");
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    private java.util.Set<String> clientIds(final String prefix) {
        return registry.getMeters().stream().map(Meter::getId).filter(id -> id.getName().startsWith(prefix))
                .map(id -> id.getTag("client.id")).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
