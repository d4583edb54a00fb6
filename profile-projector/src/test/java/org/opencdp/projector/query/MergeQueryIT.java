package org.opencdp.projector.query;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.IdentifyRequest;
import org.opencdp.avro.IdentityCommand;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.projector.CommittedRecords;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.schemas.Topics;

/**
 * A merge over HTTP against the real broker: the absorbed profile redirects to the survivor, the survivor shows
 * the merge in its history, customer.merged is on enriched-events, and an admin undoes the merge.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class MergeQueryIT extends WithCommandProducer {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String EMAIL = "ann-" + RUN + "@example.com";
    private static final String PHONE = "+4791" + String.format("%08d", Math.abs(RUN.hashCode()) % 100_000_000);

    private static void identify(final String requestId, final Instant at, final List<Identifier> identifiers,
                                 final Map<String, Object> attributes) {
        final CustomerCommand upsert = new CustomerCommand(requestId + ":0", "demo", "", requestId, at,
                "POST /v2/user/attributes", ApiFamily.ATTENTIVE,
                new UpsertAttributes(new HashMap<>(attributes), new HashMap<>()), null, false, null);
        producer.send(new IdentityCommand(requestId + "/0", "demo", requestId, at, "POST /v2/user/attributes",
                new IdentifyRequest(identifiers, List.of(upsert))));
    }

    private static Identifier email() {
        return new Identifier(IdentifierKinds.EMAIL, null, EMAIL);
    }

    private static Identifier phone() {
        return new Identifier(IdentifierKinds.PHONE, null, PHONE);
    }

    private static Response read(final String path, final String token) {
        return given().urlEncodingEnabled(false).redirects().follow(false).header("Authorization", "Bearer " + token)
                .get(path);
    }

    @Test
    void shouldRedirectAuditAnnounceAndUndoAMerge() {
        // Given Ann's email profile and phone profile, then a request naming both
        identify(RUN + "-r1", T1, List.of(email()), Map.of("color", "red"));
        identify(RUN + "-r2", T2, List.of(phone()), Map.of("city", "Oslo"));
        identify(RUN + "-r3", T3, List.of(email(), phone()), Map.of("tier", "gold"));

        // When the merge is folded
        final Response[] survivor = new Response[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            survivor[0] = read("/customers/" + EMAIL, "demo-token");
            return survivor[0].statusCode() == 200 && survivor[0].jsonPath().getList("merges").size() == 1;
        });

        // Then the survivor has everything, and its history names the merge
        assertThat(survivor[0].jsonPath().getString("attributes.color.value")).isEqualTo("red");
        assertThat(survivor[0].jsonPath().getString("attributes.city.value")).isEqualTo("Oslo");
        assertThat(survivor[0].jsonPath().getString("merges[0].absorbed_id")).isEqualTo(PHONE);
        assertThat(survivor[0].jsonPath().getString("merges[0].request_id")).isEqualTo(RUN + "-r3");
        assertThat(survivor[0].jsonPath().getBoolean("merges[0].undoable")).isTrue();
        assertThat(survivor[0].jsonPath().getList("identifiers.value")).containsExactlyInAnyOrder(EMAIL, PHONE);
        final String mergeId = survivor[0].jsonPath().getString("merges[0].merge_id");
        // And the phone profile's own history moved with it, at its own time, marked as the phone profile's
        final JsonPath moved = read("/customers/" + EMAIL + "/history", "demo-token").jsonPath();
        assertThat(moved.getList("entries.findAll { it.merged_from == '" + PHONE + "' }.request_id", String.class))
                .as(moved.prettify()).isNotEmpty().containsOnly(RUN + "-r2");
        assertThat(moved.getList("entries.findAll { it.name == 'city' && it.merged_from != null }.at", String.class))
                .containsExactly(T2.toString());
        // And the absorbed profile redirects to the survivor, the phone finds the survivor
        final Response absorbed = read("/customers/" + PHONE.replace("+", "%2B"), "demo-token");
        assertThat(absorbed.statusCode()).isEqualTo(307);
        assertThat(absorbed.header("Location")).endsWith("/customers/" + EMAIL.replace("@", "%40"));
        assertThat(read("/customers?phone=" + PHONE.replace("+", "%2B"), "demo-token").jsonPath().getString("customer_id"))
                .isEqualTo(EMAIL);
        // And customer.merged is on enriched-events for the survivor
        assertThat(mergedEvents()).anySatisfy(event -> {
            assertThat(event.getCustomerId()).isEqualTo(EMAIL);
            assertThat(event.getData()).containsEntry("absorbed_id", PHONE).containsEntry("merge_id", mergeId);
        });

        // When a token without admin rights tries to undo it, then an admin does
        final String undo = "/customers/" + EMAIL + "/merges/" + mergeId + "/undo";
        assertThat(given().header("Authorization", "Bearer demo-token").post(undo).statusCode()).isEqualTo(403);
        final Response undone = given().header("Authorization", "Bearer demo-admin").post(undo);

        // Then both profiles are what their own commands made them, and the phone is the phone profile's again
        assertThat(undone.statusCode()).as(undone.asString()).isEqualTo(202);
        assertThat(undone.header("X-Consistency-Token")).matches("\\d+:\\d+");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            final Response phoneProfile = read("/customers?phone=" + PHONE.replace("+", "%2B"), "demo-token");
            return phoneProfile.statusCode() == 200 && PHONE.equals(phoneProfile.jsonPath().getString("customer_id"));
        });
        final Response phoneProfile = read("/customers/" + PHONE.replace("+", "%2B"), "demo-token");
        assertThat(phoneProfile.jsonPath().getMap("attributes")).containsOnlyKeys("city");
        // And the phone profile's history left the survivor's; it went back to the phone profile, which keeps it
        // within the retention counted from its newest change: the undoing, stamped now, years after these (the
        // TopologyTestDriver suite shows the steps filed back)
        assertThat(read("/customers/" + EMAIL + "/history", "demo-token").jsonPath().getList("entries.merged_from"))
                .containsOnlyNulls();
        final JsonPath restored = read("/customers/" + PHONE.replace("+", "%2B") + "/history", "demo-token").jsonPath();
        assertThat(restored.getList("entries.source", String.class)).isNotEmpty().containsOnly("merge");
        assertThat(restored.getString("complete_from")).isNotNull();
        final Response emailProfile = read("/customers/" + EMAIL, "demo-token");
        assertThat(emailProfile.jsonPath().getMap("attributes")).containsOnlyKeys("color", "tier");
        assertThat(emailProfile.jsonPath().getBoolean("merges[0].undone")).isTrue();
        // And undoing it again is a conflict
        assertThat(given().header("Authorization", "Bearer demo-admin").post(undo).statusCode()).isEqualTo(409);
    }

    @Test
    void shouldAnswer400ForAPhoneNotInE164AndForBothOrNoIdentifier() {
        assertThat(read("/customers?phone=19148440001", "demo-token").statusCode()).isEqualTo(400);
        assertThat(read("/customers?phone=%2B1---914---844---0001", "demo-token").statusCode()).isEqualTo(400);
        assertThat(read("/customers?phone=%2B19148440001&email=a%40b.c", "demo-token").statusCode()).isEqualTo(400);
        assertThat(read("/customers?email=nobody-" + RUN + "%40example.com", "demo-token").statusCode()).isEqualTo(404);
    }

    /** The customer.merged events of this run on enriched-events. */
    private static List<EnrichedEvent> mergedEvents() {
        return CommittedRecords.toEnd(ProjectorInfrastructure.infrastructure(), Topics.ENRICHED_EVENTS).stream()
                .map(ConsumerRecord::value)
                .filter(event -> "customer.merged".equals(event.getName()) && EMAIL.equals(event.getCustomerId()))
                .toList();
    }
}
