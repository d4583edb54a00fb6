package org.opencdp.projector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.get;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topics;

/**
 * Issue 12's two projector findings over a real broker and registry: a number whose exponent BigDecimal cannot
 * hold, and a customer of 450 fields of 1,000 "é" (its attribute.changed event would take 1.8 MB). Each used to put
 * the projector in ERROR for good; now each is a dead letter (and a rejection on the profile), the projector stays
 * ready and folds the next command.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class ContainmentIT {

    private static final Instant T1 = Instant.parse("2024-09-01T12:00:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void shouldStayReadyAndKeepFoldingAfterANumberBombAndAProfileTooLarge() {
        // Given
        final SharedInfrastructure infrastructure = ProjectorInfrastructure.infrastructure();
        final String bomb = "contained-" + RUN + "-bomb";
        final String big = "contained-" + RUN + "-big";
        final String healthy = "contained-" + RUN + "-healthy";
        final Map<String, Object> huge = new LinkedHashMap<>();
        for (int i = 0; i < 450; i++) {
            huge.put("f" + i, "é".repeat(1000));
        }
        try (CommandProducer producer = new CommandProducer(infrastructure.bootstrapServers(), infrastructure.registryUrl())) {
            // When: the Attentive write of {"properties":{"bomb":"1e99999999999"}}
            producer.send(Commands.command(bomb, "r-bomb-" + RUN, T1, ApiFamily.ATTENTIVE,
                    new UpsertAttributes(new HashMap<>(Map.of("bomb", "1e99999999999")), new HashMap<>())));
            // a customer, then 450 fields of 1,000 "é" for it
            producer.send(upsert(big, "r-small-" + RUN, T1, fields("plan", "free")));
            producer.send(upsert(big, "r-huge-" + RUN, T1.plusSeconds(1), huge));
            // then a valid command for another customer
            producer.send(upsert(healthy, "r-next-" + RUN, T1.plusSeconds(2), fields("plan", "team")));
        }

        // Then the next command is folded, and the projector is ready
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> get("/customers/" + healthy, DEMO).statusCode() == 200);
        get("/customers/" + healthy, DEMO).then().body("attributes.plan.value", equalTo("team"));
        RestAssured.given().get("/q/health/ready").then().statusCode(200);
        // And the bomb's value is a rejection on its profile (past the shared number bounds), as is the huge write
        // (their customers may sit on partitions folded after the healthy one's, so wait for them too)
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            get("/customers/" + bomb, DEMO).then().statusCode(200)
                    .body("attributes", not(hasKey("bomb")))
                    .body("rejections.request_id", hasItem("r-bomb-" + RUN));
            get("/customers/" + big, DEMO).then().statusCode(200)
                    .body("attributes.plan.value", equalTo("free"))
                    .body("rejections.request_id", hasItem("r-huge-" + RUN))
                    .body("rejections[0].reason", startsWith("too_large: "));
        });
        // And the huge write is a dead letter with its reason
        final Map<String, String> reasons = deadLetterReasons(infrastructure);
        assertThat(reasons.get("r-huge-" + RUN)).startsWith("too_large: ");
    }

    /** The dead-letter reason of each record of this run, by request id, read from the start of the topic. */
    private static Map<String, String> deadLetterReasons(final SharedInfrastructure infrastructure) {
        return reasons(CommittedRecords.until(infrastructure, Topics.CUSTOMER_COMMANDS_DLQ,
                records -> reasons(records).containsKey("r-huge-" + RUN)));
    }

    private static Map<String, String> reasons(final List<ConsumerRecord<byte[], byte[]>> records) {
        final Map<String, String> reasons = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : records) {
            final Header requestId = record.headers().lastHeader(Topics.REQUEST_ID_HEADER);
            final Header reason = record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER);
            if (requestId != null && reason != null) {
                final String id = new String(requestId.value(), StandardCharsets.UTF_8);
                if (id.endsWith(RUN)) {
                    reasons.put(id, new String(reason.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
