package org.opencdp.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's secured mode: SASL_PLAINTEXT with SCRAM-SHA-512, credentials bootstrapped at format time. */
class SecuredEmbeddedKafkaIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldAcknowledgeAClientWithTheCredentialsAndRefuseOneWithout() throws Exception {
        // Given a secured broker with a topic (created through its own SCRAM login)
        try (EmbeddedKafka kafka = EmbeddedKafka.startSecured(dataDir, "opencdp", "scram-secret")) {
            kafka.createTopics(List.of("secured"), 1, Set.of());

            // When a client with the credentials writes, then the write is acknowledged
            final Map<String, Object> authenticated = new HashMap<>(kafka.clientSecurity());
            authenticated.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(authenticated, new StringSerializer(),
                    new StringSerializer())) {
                final RecordMetadata written = producer.send(
                        new ProducerRecord<>("secured", null, 1_600_000_000_000L, "k", "v")).get();
                assertThat(written.offset()).isZero();
            }

            // And a client without credentials (plain TCP to the SASL listener) never gets the write through
            try (KafkaProducer<String, String> anonymous = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000), new StringSerializer(), new StringSerializer())) {
                assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>("secured", "k", "v")).get())
                        .isInstanceOfAny(ExecutionException.class, TimeoutException.class);
            }

            // And one with a wrong password is refused as an authentication failure
            final Map<String, Object> wrong = new HashMap<>(authenticated);
            wrong.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"opencdp\" password=\"wrong\";");
            wrong.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
            try (KafkaProducer<String, String> impostor = new KafkaProducer<>(wrong, new StringSerializer(),
                    new StringSerializer())) {
                assertThatThrownBy(() -> impostor.send(new ProducerRecord<>("secured", "k", "v")).get())
                        .hasStackTraceContaining("Authentication failed");
            }
        }
    }
}
