package org.opencdp.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.get;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;

/**
 * Upstream producers write straight to customer-commands (contract section 1): what the projector cannot read
 * or accept lands on the dead-letter topic with its reason, and the projector goes on folding.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class DirectProducerIT {

    private static final Instant T1 = Instant.parse("2024-08-01T12:00:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void shouldDeadLetterWhatItCannotAcceptAndKeepFolding() {
        // Given
        final SharedInfrastructure infrastructure = ProjectorInfrastructure.infrastructure();
        final byte[] garbageKey = ("poison-" + RUN).getBytes(StandardCharsets.UTF_8);
        final byte[] mismatchedKey;
        final byte[] longNameKey;
        final String healthy = "direct-" + RUN + "-healthy";
        try (CommandProducer producer = new CommandProducer(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
            mismatchedKey = producer.key(new CustomerKey(Commands.WORKSPACE, "direct-" + RUN + "-key"));
            longNameKey = producer.key(Commands.key("direct-" + RUN + "-long"));
            // When: bytes that are not Avro at all
            producer.sendRaw(garbageKey, "{\"id\":1,\"plan\":\"pro\"}".getBytes(StandardCharsets.UTF_8));
            // a readable command whose key names another customer than the command
            producer.send(new CustomerKey(Commands.WORKSPACE, "direct-" + RUN + "-key"),
                    upsert("direct-" + RUN + "-body", "r1", T1, fields("plan", "pro")));
            // a readable command with a 201-character attribute name
            producer.send(upsert("direct-" + RUN + "-long", "r2", T1, fields("n".repeat(201), "x")));
            // then a valid command for another customer
            producer.send(upsert(healthy, "r3", T1, fields("plan", "team")));
        }

        // Then
        final Map<String, String> reasons = deadLetterReasons(infrastructure, List.of(garbageKey, mismatchedKey, longNameKey));
        assertThat(reasons.get("garbage")).isNotBlank();
        assertThat(reasons.get("mismatched")).contains("customer_id").contains("direct-" + RUN + "-key");
        assertThat(reasons.get("long")).contains("200 characters");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + healthy, DEMO).statusCode() == 200);
        get("/customers/" + healthy, DEMO).then().body("attributes.plan.value", equalTo("team"));
        get("/customers/direct-" + RUN + "-long", DEMO).then().statusCode(404);
        get("/customers/direct-" + RUN + "-body", DEMO).then().statusCode(404);
        get("/customers/direct-" + RUN + "-key", DEMO).then().statusCode(404);
    }

    /** The dead-letter reason of each record (found by its key bytes), read from the start of the topic. */
    private static Map<String, String> deadLetterReasons(final SharedInfrastructure infrastructure, final List<byte[]> keys) {
        return reasons(CommittedRecords.until(infrastructure, Topics.CUSTOMER_COMMANDS_DLQ,
                records -> reasons(records, keys).size() == keys.size()), keys);
    }

    private static Map<String, String> reasons(final List<ConsumerRecord<byte[], byte[]>> records, final List<byte[]> keys) {
        final List<String> names = List.of("garbage", "mismatched", "long");
        final Map<String, String> reasons = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            for (int i = 0; i < keys.size(); i++) {
                final Header reason = record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER);
                if (Arrays.equals(record.key(), keys.get(i)) && reason != null) {
                    reasons.put(names.get(i), new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
