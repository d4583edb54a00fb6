package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.embedded.SharedInfrastructure;

/**
 * Contract section 10 on the whole stack with two instances of each service: a workspace and a credential created
 * with the operator and admin tokens work on every instance of every service (each learns them from the credentials
 * topic), a revoked credential is refused by all six within 5 s (the time is printed), and another workspace's token
 * cannot see the demo workspace's customer.
 */
@Tag(RunningStack.SHARED_TAG)
// Last on the shared stack: its second instances leave a rebalance behind them.
@Order(1)
class CredentialRevocationIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    private static final Duration REFUSED_WITHIN = Duration.ofSeconds(5);
    private static final String OPERATOR = "demo-operator";
    private static final List<QuarkusService> REPLICAS = new ArrayList<>();

    /** Every instance, by a name for messages, with the route each is tried on. */
    private static final Map<String, Route> INSTANCES = new LinkedHashMap<>();

    private record Route(String method, String url, String body) {
    }

    @BeforeAll
    static void startSecondInstances() throws Exception {
        final DevStack stack = STACK.stack();
        final QuarkusService ingest = stack.ingestReplica(SharedInfrastructure.freePort());
        final QuarkusService projector = stack.replica("profile-projector", SharedInfrastructure.freePort(), List.of());
        final QuarkusService trigger = stack.replica("workflow-trigger", SharedInfrastructure.freePort(), List.of());
        REPLICAS.addAll(List.of(ingest, projector, trigger));
        for (final QuarkusService replica : REPLICAS) {
            replica.start();
        }
        for (final QuarkusService replica : REPLICAS) {
            replica.awaitReady(Duration.ofMinutes(2));
        }
        final String customers = "{\"customers\":[{\"id\":\"rev-1\",\"plan\":\"pro\"}]}";
        for (final QuarkusService ingestApi : List.of(stack.service("ingest-api"), ingest)) {
            INSTANCES.put("ingest-api:" + ingestApi.port(), new Route("POST", ingestApi.url() + "/customers", customers));
        }
        for (final QuarkusService projectorInstance : List.of(stack.service("profile-projector"), projector)) {
            INSTANCES.put("profile-projector:" + projectorInstance.port(),
                    new Route("GET", projectorInstance.url() + "/customers/rev-1", null));
        }
        for (final QuarkusService triggerInstance : List.of(stack.service("workflow-trigger"), trigger)) {
            INSTANCES.put("workflow-trigger:" + triggerInstance.port(),
                    new Route("GET", triggerInstance.url() + "/workflows", null));
        }
    }

    @AfterAll
    static void stopSecondInstances() {
        REPLICAS.forEach(QuarkusService::close);
    }

    private static StackClient client() {
        return STACK.client();
    }

    private static int statusOn(final Route route, final String token) throws Exception {
        return client().send(route.method(), route.url(), StackClient.bearer(token), route.body()).statusCode();
    }

    @Test
    void shouldRefuseARevokedCredentialOnEveryInstanceOfEveryServiceWithin5Seconds() throws Exception {
        // Given a workspace the operator created, and a token its admin created for writes, reads and workflows
        final String workspace = "rev-" + UUID.randomUUID().toString().substring(0, 8);
        final JsonNode created = StackClient.answered(client().send("POST", client().ingest("/admin/workspaces"), StackClient.bearer(OPERATOR),
                "{\"id\":\"" + workspace + "\"}"), 201);
        final JsonNode credential = StackClient.answered(client().send("POST", client().ingest("/credentials"),
                StackClient.bearer(created.get("admin_token").asText()), "{\"name\":\"etl\",\"kind\":\"token\",\"scopes\":"
                        + "[\"customers:write\",\"profiles:read\",\"workflows:write\"]}"), 201);
        final String token = credential.get("token").asText();
        // And it works on every instance of every service (the customer it writes is read back on both projectors)
        await().atMost(StackClient.FOLDED).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (final Map.Entry<String, Route> instance : INSTANCES.entrySet()) {
                assertThat(statusOn(instance.getValue(), token)).as(instance.getKey()).isEqualTo(200);
            }
        });
        // When its admin revokes it
        final long revoking = System.nanoTime();
        assertThat(client().send("DELETE", client().ingest("/credentials/" + credential.get("id").asText()),
                StackClient.bearer(created.get("admin_token").asText()), null).statusCode()).isEqualTo(204);
        // Then every instance refuses it (ingest-api's Retainly route 403, the others 401) within 5 s
        final Map<String, Long> refusedAfterMs = new LinkedHashMap<>();
        await().atMost(REFUSED_WITHIN.plusSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (final Map.Entry<String, Route> instance : INSTANCES.entrySet()) {
                if (!refusedAfterMs.containsKey(instance.getKey())) {
                    final int status = statusOn(instance.getValue(), token);
                    if (status == 401 || status == 403) {
                        refusedAfterMs.put(instance.getKey(), (System.nanoTime() - revoking) / 1_000_000);
                    }
                }
            }
            return refusedAfterMs.size() == INSTANCES.size();
        });
        final long slowest = refusedAfterMs.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.printf("Revoked credential refused on all %d instances after %d ms (each: %s)%n",
                INSTANCES.size(), slowest, refusedAfterMs);
        assertThat(Duration.ofMillis(slowest)).isLessThanOrEqualTo(REFUSED_WITHIN);
    }

    @Test
    void shouldNotLetAnotherWorkspacesTokenReadTheDemoWorkspacesCustomer() throws Exception {
        // Given a customer of the demo workspace, folded
        final String customer = "iso-" + UUID.randomUUID();
        assertThat(client().send("POST", client().ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + customer + "\",\"plan\":\"pro\"}]}").statusCode()).isEqualTo(200);
        client().awaitProfile(customer, profile -> true);
        // And a second workspace's token, which may read profiles
        final String other = StackClient.answered(client().send("POST", client().ingest("/admin/workspaces"), StackClient.bearer(OPERATOR),
                "{\"id\":\"other-" + UUID.randomUUID().toString().substring(0, 8) + "\"}"), 201).get("token").asText();
        // When it reads that customer on each projector and through ingest-api
        // Then each answers 404, as for a customer that does not exist
        for (final Map.Entry<String, Route> instance : INSTANCES.entrySet()) {
            if (instance.getKey().startsWith("profile-projector")) {
                final String url = instance.getValue().url().replace("/customers/rev-1", "/customers/" + customer);
                assertThat(client().send("GET", url, StackClient.bearer(other), null).statusCode()).as(instance.getKey())
                        .isEqualTo(404);
            }
        }
        assertThat(client().send("GET", client().ingest("/customers/" + customer), StackClient.bearer(other), null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void shouldEraseADeletedWorkspacesProfilesAndRefuseItsCredentialsEverywhere() throws Exception {
        // Given a workspace with a customer, folded, and the demo workspace with the same customer id
        final String workspace = "gone-" + UUID.randomUUID().toString().substring(0, 8);
        final String customer = "same-" + UUID.randomUUID();
        final JsonNode created = StackClient.answered(client().send("POST", client().ingest("/admin/workspaces"),
                StackClient.bearer(OPERATOR), "{\"id\":\"" + workspace + "\"}"), 201);
        final String token = created.get("token").asText();
        final String body = "{\"customers\":[{\"id\":\"" + customer + "\",\"plan\":\"pro\"}]}";
        final var written = client().send("POST", client().ingest("/customers"), StackClient.bearer(token), body);
        assertThat(written.statusCode()).isEqualTo(200);
        assertThat(client().send("GET", client().ingest("/customers/" + customer + "?after="
                + written.headers().firstValue("X-Consistency-Token").orElseThrow()), StackClient.bearer(token), null)
                .statusCode()).isEqualTo(200);
        assertThat(client().send("POST", client().ingest("/customers"), StackClient.keyAndSecret(), body).statusCode())
                .isEqualTo(200);
        client().awaitProfile(customer, profile -> true);

        // When the operator deletes the workspace
        assertThat(client().send("DELETE", client().ingest("/admin/workspaces/" + workspace), StackClient.bearer(OPERATOR),
                null).statusCode()).isEqualTo(204);

        // Then its token is refused on every instance of every service
        await().atMost(REFUSED_WITHIN.plusSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (final Map.Entry<String, Route> instance : INSTANCES.entrySet()) {
                assertThat(statusOn(instance.getValue(), token)).as(instance.getKey()).isIn(401, 403);
            }
        });
        // And its profile is erased: the last record of the customer on profiles is a tombstone
        await().atMost(StackClient.FOLDED).untilAsserted(() -> {
            final List<byte[]> records = client().recordsFor(org.opencdp.schemas.Topics.PROFILES.name(),
                    new org.opencdp.avro.CustomerKey(workspace, customer));
            assertThat(records).isNotEmpty();
            assertThat(records.get(records.size() - 1)).as("the last record, a tombstone").isNull();
        });
        // And the demo workspace's customer of the same id is untouched
        assertThat(client().send("GET", client().ingest("/customers/" + customer), StackClient.bearer(), null).statusCode())
                .isEqualTo(200);
        // And the operator no longer lists the workspace
        assertThat(client().send("GET", client().ingest("/admin/workspaces"), StackClient.bearer(OPERATOR), null).body())
                .doesNotContain("\"" + workspace + "\"");
    }
}
