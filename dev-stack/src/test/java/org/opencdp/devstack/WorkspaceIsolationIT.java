package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Contract section 10, isolation, on the whole stack: two workspaces hold the same customer ids, identifiers,
 * properties, sign-up source ids and workflows; every route of every service (docs/openapi, {@link RouteTable}) is
 * called with the second workspace's credentials and the first workspace's ids. Nothing of the first is read,
 * listed, changed or revealed: its ids answer 404 (never 403), lists and reads show the caller's own data only, and
 * the first workspace is the same afterwards as before. The table of probes must name every route the services
 * declare: a new route fails {@link #shouldProbeEveryRouteOfEveryService} until it is listed here.
 */
@Tag(RunningStack.SHARED_TAG)
class WorkspaceIsolationIT {

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    private static final String OPERATOR = "demo-operator";
    private static final String SHARED = "shared-1";
    private static final String ONLY_A = "only-a";
    private static final String SHARED_PHONE = "+13115550100";
    private static final String SHARED_EMAIL = "shared@example.com";
    private static final String PHONE_A = "+13115550111";
    private static final String EMAIL_A = "only-a@example.com";
    private static final String EVENT = "iso.event";
    private static final String MERGED_PHONE = "+13115550199";

    /** A workspace and the credentials its creation answered. */
    private record Tenant(String id, String token, String admin) {
    }

    /** One route's probe: B's request(s) with A's ids, and what B must (not) see. */
    @FunctionalInterface
    private interface Probe {
        void run() throws Exception;
    }

    private static Tenant a;
    private static Tenant b;
    private static String aWorkflow;
    private static String bWorkflow;
    private static String aSegment;
    private static String bSegment;
    private static String aRun;
    private static String aCredential;
    private static Merge aMerge;
    private static final String A_SOURCE = "a-only-source";
    private static Map<String, String> aBefore;

    private static StackClient client() {
        return STACK.client();
    }

    @BeforeAll
    static void givenTwoWorkspacesWithTheSameIds() throws Exception {
        final String suffix = UUID.randomUUID().toString().substring(0, 8);
        a = tenant("iso-a-" + suffix);
        b = tenant("iso-b-" + suffix);
        for (final Tenant t : List.of(a, b)) {
            final String customers = t == a
                    ? "{\"customers\":[{\"id\":\"" + SHARED + "\",\"plan\":\"" + t.id() + "\",\"orders\":[{\"id\":\"o-1\"}]},"
                    + "{\"id\":\"" + ONLY_A + "\",\"plan\":\"a\",\"orders\":[{\"id\":\"o-a\"}]}]}"
                    : "{\"customers\":[{\"id\":\"" + SHARED + "\",\"plan\":\"" + t.id() + "\"}]}";
            readAfter(t, send(t.token(), "POST", ingest("/customers"), customers, 200), SHARED);
            send(t.token(), "POST", ingest("/v1/attributes/custom"), "{\"properties\":{\"color\":\"" + t.id()
                    + "\"},\"user\":{\"phone\":\"" + SHARED_PHONE + "\",\"email\":\"" + SHARED_EMAIL + "\"}}", 200);
            send(t.token(), "PUT", ingest("/properties/tier"), "{\"type\":\"string\"}", 200);
            send(t.admin(), "POST", ingest("/sign-up-sources"),
                    "{\"name\":\"Web\",\"type\":\"MARKETING\",\"locale\":\"en-US\",\"id\":\"web\"}", 201);
        }
        send(a.token(), "POST", ingest("/v1/attributes/custom"),
                "{\"properties\":{\"color\":\"a-only\"},\"user\":{\"phone\":\"" + PHONE_A + "\",\"email\":\"" + EMAIL_A + "\"}}", 200);
        send(a.token(), "PUT", ingest("/properties/a_only"), "{\"type\":\"string\"}", 200);
        send(a.admin(), "POST", ingest("/sign-up-sources"),
                "{\"name\":\"A only\",\"type\":\"TRANSACTIONAL\",\"locale\":\"de-DE\",\"id\":\"" + A_SOURCE + "\"}", 201);
        aWorkflow = workflow(a);
        bWorkflow = workflow(b);
        aSegment = segment(a);
        bSegment = segment(b);
        send(a.token(), "POST", ingest("/events"), "{\"customer_id\":\"" + SHARED + "\",\"event\":\"" + EVENT
                + "\",\"data\":{}}", 200);
        aRun = await().atMost(StackClient.FOLDED).pollInterval(Duration.ofMillis(300)).until(() -> {
            final JsonNode runs = json(send(a.token(), "GET", trigger("/workflows/" + aWorkflow + "/runs?customer_id="
                    + SHARED), null, 200));
            final JsonNode list = runs.isArray() ? runs : runs.path("runs");
            return list.size() > 0 ? list.get(0).path("run_id").asText(null) : null;
        }, id -> id != null);
        aCredential = json(send(a.admin(), "POST", ingest("/credentials"),
                "{\"name\":\"reader\",\"kind\":\"token\",\"scopes\":[\"profiles:read\"]}", 201)).get("id").asText();
        aMerge = merge(a);
        // The merge's request proposed "age": A's catalog is compared after B's probes, so it must have settled first
        await().atMost(StackClient.FOLDED).pollInterval(Duration.ofMillis(300)).until(() ->
                send(a.token(), "GET", ingest("/properties"), null, 200).body().contains("\"age\""));
        aBefore = snapshotOf(a);
    }

    private static Tenant tenant(final String id) throws Exception {
        final JsonNode created = json(client().send("POST", ingest("/admin/workspaces"), StackClient.bearer(OPERATOR),
                "{\"id\":\"" + id + "\"}"), 201);
        final Tenant tenant = new Tenant(id, created.get("token").asText(), created.get("admin_token").asText());
        // Every service learns the new credentials from the credentials topic
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(client().send("GET", projector("/properties"), StackClient.bearer(tenant.token()), null)
                    .statusCode()).isEqualTo(200);
            assertThat(client().send("GET", trigger("/workflows"), StackClient.bearer(tenant.token()), null)
                    .statusCode()).isEqualTo(200);
        });
        return tenant;
    }

    private static String workflow(final Tenant t) throws Exception {
        return json(send(t.token(), "POST", trigger("/workflows"), "{\"name\":\"Iso\",\"trigger\":{\"event\":\""
                + EVENT + "\"},\"enabled\":true}", 201)).get("id").asText();
    }

    /** A preview of every customer with a plan: A's and B's have one, so a preview B sees A's through would name A's. */
    private static final String EVERY_PLAN = "{\"name\":\"Every plan\",\"match\":\"all\",\"conditions\":"
            + "[{\"attribute\":\"plan\",\"op\":\"exists\"}]}";

    /** A segment of the tenant's plan: SHARED is in it. */
    private static String segment(final Tenant t) throws Exception {
        return json(send(t.token(), "POST", ingest("/segments"), "{\"name\":\"Iso\",\"match\":\"all\",\"conditions\":"
                + "[{\"attribute\":\"plan\",\"op\":\"eq\",\"value\":\"" + t.id() + "\"}]}", 201)).get("id").asText();
    }

    /** A merge of A's: its survivor (the older of the two profiles) and its id. */
    private record Merge(String survivor, String id) {
    }

    /**
     * Customer m-1, then a user by phone, then one request naming both: the two are merged into the older, which
     * the resolver decides (m-1, unless its registration reaches the resolver after the request).
     */
    private static Merge merge(final Tenant t) throws Exception {
        readAfter(t, send(t.token(), "POST", ingest("/customers"), "{\"customers\":[{\"id\":\"m-1\",\"plan\":\"x\"}]}", 200), "m-1");
        send(t.token(), "POST", ingest("/v1/attributes/custom"),
                "{\"properties\":{\"age\":\"30\"},\"user\":{\"phone\":\"" + MERGED_PHONE + "\"}}", 200);
        send(t.token(), "POST", ingest("/v2/user/attributes"),
                "{\"attributes\":{\"plan\":\"y\"},\"identifiers\":{\"phone\":\"" + MERGED_PHONE + "\",\"clientUserId\":\"m-1\"}}", 202);
        return await().atMost(StackClient.FOLDED).pollInterval(Duration.ofMillis(300)).until(() -> {
            final HttpResponse<String> r = client().send("GET", projector("/customers?phone=" + StackClient.encoded(MERGED_PHONE)),
                    StackClient.bearer(t.token()), null);
            if (r.statusCode() != 200) {
                return null;
            }
            final JsonNode profile = StackClient.JSON.readTree(r.body());
            final JsonNode merges = profile.path("merges");
            return merges.size() > 0
                    ? new Merge(profile.path("customer_id").asText(), merges.get(0).path("merge_id").asText()) : null;
        }, found -> found != null);
    }

    private static String encodedSurvivor() {
        return StackClient.encoded(aMerge.survivor());
    }

    private static String ingest(final String path) {
        return client().ingest(path);
    }

    private static String projector(final String path) {
        return client().projector(path);
    }

    private static String trigger(final String path) {
        return client().trigger(path);
    }

    private static HttpResponse<String> send(final String token, final String method, final String url,
                                             final String body, final int expected) throws Exception {
        final HttpResponse<String> response = client().send(method, url, StackClient.bearer(token), body);
        assertThat(response.statusCode()).as(method + " " + url + ": " + response.body()).isEqualTo(expected);
        return response;
    }

    private static HttpResponse<String> call(final String token, final String method, final String url,
                                             final String body) throws Exception {
        return client().send(method, url, StackClient.bearer(token), body);
    }

    private static JsonNode json(final HttpResponse<String> response) throws Exception {
        return StackClient.JSON.readTree(response.body());
    }

    private static JsonNode json(final HttpResponse<String> response, final int status) throws Exception {
        return StackClient.answered(response, status);
    }

    /** The write's profile, read behind its consistency token. */
    private static void readAfter(final Tenant t, final HttpResponse<String> written, final String customer) throws Exception {
        send(t.token(), "GET", ingest("/customers/" + customer + "?after="
                + written.headers().firstValue("X-Consistency-Token").orElseThrow()), null, 200);
    }

    /** What A's own credentials read of A: compared before and after B's calls. */
    private static Map<String, String> snapshotOf(final Tenant t) throws Exception {
        final Map<String, String> seen = new LinkedHashMap<>();
        for (final String customer : List.of(SHARED, ONLY_A, aMerge.survivor())) {
            final JsonNode profile = json(send(t.token(), "GET", projector("/customers/" + customer), null, 200));
            seen.put("profile " + customer, profile.path("attributes").toString() + profile.path("merges").toString());
        }
        seen.put("attentive", call(t.token(), "GET", ingest("/v1/attributes/custom?phone=" + StackClient.encoded(PHONE_A)), null).body());
        seen.put("properties", sorted(json(send(t.token(), "GET", ingest("/properties"), null, 200)), "name"));
        seen.put("sources", sorted(json(send(t.admin(), "GET", ingest("/sign-up-sources"), null, 200)), "id"));
        seen.put("workflows", sorted(json(send(t.token(), "GET", trigger("/workflows"), null, 200)), "id"));
        seen.put("workflow", json(send(t.token(), "GET", trigger("/workflows/" + aWorkflow), null, 200)).toString());
        seen.put("segments", sorted(json(send(t.token(), "GET", projector("/segments"), null, 200)), "id"));
        final JsonNode segment = json(send(t.token(), "GET", projector("/segments/" + aSegment), null, 200));
        seen.put("segment", segment.path("name").asText() + segment.path("conditions") + segment.path("version"));
        seen.put("run", String.valueOf(call(t.token(), "GET", trigger("/runs/" + aRun), null).statusCode()));
        seen.put("credentials", sorted(json(send(t.admin(), "GET", ingest("/credentials"), null, 200)), "id"));
        seen.put("reader works", String.valueOf(call(t.token(), "GET", projector("/customers/" + SHARED), null).statusCode()));
        return seen;
    }

    private static String sorted(final JsonNode list, final String field) {
        final JsonNode items = list.isArray() ? list : list.elements().hasNext() ? firstArray(list) : list;
        final Set<String> values = new TreeSet<>();
        items.forEach(item -> values.add(item.path(field).asText(item.toString())));
        return values.toString();
    }

    private static JsonNode firstArray(final JsonNode object) {
        for (final JsonNode value : object) {
            if (value.isArray()) {
                return value;
            }
        }
        return object;
    }

    /** {@code response} is a 404: the id is unknown to the caller, as if it existed nowhere. */
    private static void notFound(final HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(404);
    }

    /** {@code response} succeeded (2xx) and reveals none of A's data. */
    private static void ownOnly(final HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isBetween(200, 299);
        assertThat(response.body()).doesNotContain(a.id()).doesNotContain(ONLY_A).doesNotContain(aWorkflow)
                .doesNotContain(aRun).doesNotContain(aCredential).doesNotContain(A_SOURCE).doesNotContain("a_only")
                .doesNotContain(PHONE_A).doesNotContain(EMAIL_A).doesNotContain(aSegment);
    }

    /** {@code response} to a write succeeded (2xx): it wrote B's own data (A is compared afterwards). */
    private static void accepted(final HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isBetween(200, 299);
    }

    /** Refused: B is not the operator. */
    private static void notTheOperator(final HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isIn(401, 403);
    }

    /** Every declared route, keyed as {@link RouteTable.Route#toString}, with B's probe. */
    private static Map<String, Probe> probes() {
        final Map<String, Probe> p = new LinkedHashMap<>();
        final String bt = b.token();
        final String ba = b.admin();
        // Reads first: nothing B writes may create what a read checks is unknown.
        p.put("ingest-api GET /customers", () -> {
            notFound(call(bt, "GET", ingest("/customers?email=" + StackClient.encoded(EMAIL_A)), null));
            final HttpResponse<String> shared = call(bt, "GET", ingest("/customers?email=" + StackClient.encoded(SHARED_EMAIL)), null);
            ownOnly(shared);
            assertThat(shared.body()).contains(b.id());
        });
        p.put("profile-projector GET /customers", () -> {
            notFound(call(bt, "GET", projector("/customers?phone=" + StackClient.encoded(PHONE_A)), null));
            ownOnly(call(bt, "GET", projector("/customers?phone=" + StackClient.encoded(SHARED_PHONE)), null));
            // Without an identifier: B's customers, in pages
            final HttpResponse<String> page = call(bt, "GET", projector("/customers?limit=1000"), null);
            ownOnly(page);
            assertThat(page.body()).contains("\"customers\"");
        });
        p.put("ingest-api GET /customers/{customer_id}", () -> {
            notFound(call(bt, "GET", ingest("/customers/" + ONLY_A), null));
            final HttpResponse<String> shared = call(bt, "GET", ingest("/customers/" + SHARED), null);
            ownOnly(shared);
            assertThat(shared.body()).contains(b.id());
        });
        p.put("profile-projector GET /customers/{customer_id}", () -> {
            notFound(call(bt, "GET", projector("/customers/" + ONLY_A), null));
            notFound(call(bt, "GET", projector("/customers/" + encodedSurvivor()), null));
            ownOnly(call(bt, "GET", projector("/customers/" + SHARED), null));
        });
        p.put("ingest-api GET /customers/export", () -> {
            final HttpResponse<String> export = call(bt, "GET", ingest("/customers/export"), null);
            ownOnly(export);
            assertThat(export.body()).contains("\"" + SHARED + "\"").doesNotContain("\"error\"");
        });
        p.put("profile-projector GET /customers/export", () -> {
            final HttpResponse<String> export = call(bt, "GET", projector("/customers/export"), null);
            ownOnly(export);
            assertThat(export.body()).contains("\"" + SHARED + "\"").doesNotContain("\"error\"");
        });
        p.put("ingest-api GET /customers/{customer_id}/history", () -> {
            notFound(call(bt, "GET", ingest("/customers/" + ONLY_A + "/history"), null));
            ownOnly(call(bt, "GET", ingest("/customers/" + SHARED + "/history"), null));
            notFound(call(bt, "GET", ingest("/customers/" + ONLY_A + "?as_of=2100-01-01T00:00:00Z"), null));
        });
        p.put("profile-projector GET /customers/{customer_id}/history", () -> {
            notFound(call(bt, "GET", projector("/customers/" + ONLY_A + "/history"), null));
            final HttpResponse<String> shared = call(bt, "GET", projector("/customers/" + SHARED + "/history"), null);
            ownOnly(shared);
            assertThat(shared.body()).contains("\"entries\"");
            ownOnly(call(bt, "GET", projector("/customers/" + SHARED + "?as_of=2100-01-01T00:00:00Z"), null));
        });
        p.put("ingest-api GET /v1/attributes/custom", () -> {
            notFound(call(bt, "GET", ingest("/v1/attributes/custom?phone=" + StackClient.encoded(PHONE_A)), null));
            ownOnly(call(bt, "GET", ingest("/v1/attributes/custom?phone=" + StackClient.encoded(SHARED_PHONE)), null));
        });
        p.put("ingest-api GET /properties", () -> ownOnly(call(bt, "GET", ingest("/properties"), null)));
        p.put("profile-projector GET /properties", () -> ownOnly(call(bt, "GET", projector("/properties"), null)));
        p.put("ingest-api GET /sign-up-sources", () -> ownOnly(call(ba, "GET", ingest("/sign-up-sources"), null)));
        p.put("ingest-api GET /workflows", () -> ownOnly(call(bt, "GET", ingest("/workflows"), null)));
        p.put("workflow-trigger GET /workflows", () -> ownOnly(call(bt, "GET", trigger("/workflows"), null)));
        p.put("ingest-api GET /workflows/{id}", () -> notFound(call(bt, "GET", ingest("/workflows/" + aWorkflow), null)));
        p.put("workflow-trigger GET /workflows/{id}", () -> notFound(call(bt, "GET", trigger("/workflows/" + aWorkflow), null)));
        p.put("ingest-api GET /workflows/{id}/runs", () -> notFound(call(bt, "GET",
                ingest("/workflows/" + aWorkflow + "/runs?customer_id=" + SHARED), null)));
        p.put("workflow-trigger GET /workflows/{id}/runs", () -> {
            notFound(call(bt, "GET", trigger("/workflows/" + aWorkflow + "/runs?customer_id=" + SHARED), null));
            ownOnly(call(bt, "GET", trigger("/workflows/" + bWorkflow + "/runs?customer_id=" + SHARED), null));
        });
        p.put("ingest-api GET /runs/{run_id}", () -> notFound(call(bt, "GET", ingest("/runs/" + aRun), null)));
        p.put("workflow-trigger GET /runs/{run_id}", () -> notFound(call(bt, "GET", trigger("/runs/" + aRun), null)));
        p.put("ingest-api GET /segments", () -> ownOnly(call(bt, "GET", ingest("/segments"), null)));
        p.put("ingest-api GET /segments/{id}", () -> {
            notFound(call(bt, "GET", ingest("/segments/" + aSegment), null));
            ownOnly(call(bt, "GET", ingest("/segments/" + bSegment), null));
        });
        p.put("ingest-api GET /segments/{id}/members", () -> {
            notFound(call(bt, "GET", ingest("/segments/" + aSegment + "/members"), null));
            ownOnly(call(bt, "GET", ingest("/segments/" + bSegment + "/members"), null));
        });
        p.put("ingest-api GET /segments/{id}/explain/{customer_id}", () -> {
            notFound(call(bt, "GET", ingest("/segments/" + aSegment + "/explain/" + SHARED), null));
            notFound(call(bt, "GET", ingest("/segments/" + bSegment + "/explain/" + ONLY_A), null));
            ownOnly(call(bt, "GET", ingest("/segments/" + bSegment + "/explain/" + SHARED), null));
        });
        p.put("ingest-api GET /segments/{id}/export", () -> {
            notFound(call(bt, "GET", ingest("/segments/" + aSegment + "/export"), null));
            final HttpResponse<String> export = call(bt, "GET", ingest("/segments/" + bSegment + "/export"), null);
            ownOnly(export);
            assertThat(export.body()).doesNotContain("\"error\"");
        });
        p.put("ingest-api POST /segments/preview", () -> {
            final HttpResponse<String> preview = call(bt, "POST", ingest("/segments/preview"), EVERY_PLAN);
            ownOnly(preview);
            assertThat(json(preview, 200).get("members").toString()).contains(SHARED);
        });
        p.put("ingest-api GET /customers/{customer_id}/segments", () -> {
            notFound(call(bt, "GET", ingest("/customers/" + ONLY_A + "/segments"), null));
            ownOnly(call(bt, "GET", ingest("/customers/" + SHARED + "/segments"), null));
        });
        p.put("profile-projector GET /segments", () -> ownOnly(call(bt, "GET", projector("/segments"), null)));
        p.put("profile-projector GET /segments/{id}", () -> {
            notFound(call(bt, "GET", projector("/segments/" + aSegment), null));
            ownOnly(call(bt, "GET", projector("/segments/" + bSegment), null));
        });
        p.put("profile-projector GET /segments/{id}/members", () -> {
            notFound(call(bt, "GET", projector("/segments/" + aSegment + "/members"), null));
            ownOnly(call(bt, "GET", projector("/segments/" + bSegment + "/members"), null));
        });
        p.put("profile-projector GET /segments/{id}/explain/{customer_id}", () -> {
            notFound(call(bt, "GET", projector("/segments/" + aSegment + "/explain/" + SHARED), null));
            notFound(call(bt, "GET", projector("/segments/" + bSegment + "/explain/" + ONLY_A), null));
            ownOnly(call(bt, "GET", projector("/segments/" + bSegment + "/explain/" + SHARED), null));
        });
        p.put("profile-projector GET /segments/{id}/export", () -> {
            notFound(call(bt, "GET", projector("/segments/" + aSegment + "/export"), null));
            final HttpResponse<String> export = call(bt, "GET", projector("/segments/" + bSegment + "/export"), null);
            ownOnly(export);
            assertThat(export.body()).doesNotContain("\"error\"");
        });
        p.put("profile-projector POST /segments/preview", () -> {
            final HttpResponse<String> preview = call(bt, "POST", projector("/segments/preview"), EVERY_PLAN);
            ownOnly(preview);
            assertThat(json(preview, 200).get("members").toString()).contains(SHARED);
        });
        p.put("profile-projector GET /customers/{customer_id}/segments", () -> {
            notFound(call(bt, "GET", projector("/customers/" + ONLY_A + "/segments"), null));
            ownOnly(call(bt, "GET", projector("/customers/" + SHARED + "/segments"), null));
        });
        p.put("ingest-api GET /dead-letters", () -> ownOnly(call(ba, "GET", ingest("/dead-letters"), null)));
        p.put("ingest-api GET /credentials", () -> ownOnly(call(ba, "GET", ingest("/credentials"), null)));
        p.put("workflow-trigger POST /workflows/{id}/dry-run", () -> {
            notFound(call(bt, "POST", trigger("/workflows/" + aWorkflow + "/dry-run?from=2020-01-01T00:00:00Z"), null));
            // B's own dry run over the same event name reads none of A's events
            final JsonNode report = json(call(bt, "POST", trigger("/workflows/" + bWorkflow
                    + "/dry-run?from=2020-01-01T00:00:00Z"), null), 200);
            assertThat(report.get("runs").asLong()).isZero();
        });
        // Undoing A's merge on A's survivor's id, before B's writes give B a customer of that id
        p.put("ingest-api POST /customers/{customer_id}/merges/{merge_id}/undo", () ->
                notFound(call(ba, "POST", ingest("/customers/" + encodedSurvivor() + "/merges/" + aMerge.id() + "/undo"), null)));
        p.put("profile-projector POST /customers/{customer_id}/merges/{merge_id}/undo", () ->
                notFound(call(ba, "POST", projector("/customers/" + encodedSurvivor() + "/merges/" + aMerge.id() + "/undo"), null)));
        // Then writes with A's ids: answered for B's own workspace or 404, never changing A (checked after).
        p.put("ingest-api POST /customers", () -> accepted(call(bt, "POST", ingest("/customers"),
                "{\"customers\":[{\"id\":\"" + SHARED + "\",\"plan\":\"b-write\"},{\"id\":\"" + ONLY_A + "\",\"plan\":\"b\"}]}")));
        p.put("ingest-api DELETE /customers", () -> accepted(call(bt, "DELETE", ingest("/customers"),
                "{\"customers_ids\":[\"" + ONLY_A + "\",\"m-1\"]}")));
        p.put("ingest-api POST /arrays", () -> accepted(call(bt, "POST", ingest("/arrays"),
                "{\"records\":[{\"customer_id\":\"" + SHARED + "\",\"field\":\"orders\",\"data\":[{\"id\":\"o-1\",\"by\":\"b\"}]}]}")));
        p.put("ingest-api DELETE /arrays", () -> accepted(call(bt, "DELETE", ingest("/arrays"),
                "{\"records\":[{\"customer_id\":\"" + SHARED + "\",\"field\":\"orders\",\"ids\":[\"o-1\",\"o-a\"]}]}")));
        p.put("ingest-api POST /events", () -> accepted(call(bt, "POST", ingest("/events"),
                "{\"customer_id\":\"" + SHARED + "\",\"event\":\"" + EVENT + "\",\"data\":{}}")));
        p.put("ingest-api POST /api/v2/customers", () -> accepted(call(bt, "POST", ingest("/api/v2/customers"),
                "{\"subscribers\":[{\"email\":\"" + EMAIL_A + "\",\"first_name\":\"B\"}]}")));
        p.put("ingest-api POST /api/v2/survey", () -> accepted(call(bt, "POST", ingest("/api/v2/survey"),
                "{\"subscribers\":[{\"email\":\"" + SHARED_EMAIL + "\",\"first_name\":\"B\"}]}")));
        p.put("ingest-api POST /v1/attributes/custom", () -> accepted(call(bt, "POST", ingest("/v1/attributes/custom"),
                "{\"properties\":{\"color\":\"b-write\"},\"user\":{\"phone\":\"" + SHARED_PHONE + "\"}}")));
        p.put("ingest-api POST /v2/user/attributes", () -> accepted(call(bt, "POST", ingest("/v2/user/attributes"),
                "{\"attributes\":{\"plan\":\"b-write\"},\"identifiers\":{\"phone\":\"" + SHARED_PHONE + "\",\"clientUserId\":\"m-1\"}}")));
        p.put("ingest-api PUT /properties/{name}", () -> accepted(call(bt, "PUT", ingest("/properties/tier"),
                "{\"type\":\"enum\",\"enum_values\":[\"gold\"]}")));
        p.put("ingest-api DELETE /properties/{name}", () -> assertThat(call(bt, "DELETE", ingest("/properties/a_only"), null)
                .statusCode()).as("as for a name B never had")
                .isEqualTo(call(bt, "DELETE", ingest("/properties/never_" + UUID.randomUUID().toString().substring(0, 8)), null)
                        .statusCode()));
        p.put("ingest-api POST /sign-up-sources", () -> accepted(call(ba, "POST", ingest("/sign-up-sources"),
                "{\"name\":\"B\",\"type\":\"MARKETING\",\"locale\":\"fr-FR\",\"id\":\"b-source\"}")));
        p.put("ingest-api DELETE /sign-up-sources/{id}", () -> notFound(call(ba, "DELETE", ingest("/sign-up-sources/" + A_SOURCE), null)));
        p.put("ingest-api POST /runs/{run_id}/retry", () -> notFound(call(ba, "POST", ingest("/runs/" + aRun + "/retry"), null)));
        p.put("workflow-trigger POST /runs/{run_id}/retry", () -> notFound(call(ba, "POST", trigger("/runs/" + aRun + "/retry"), null)));
        p.put("workflow-trigger POST /workflows", () -> accepted(call(bt, "POST", trigger("/workflows"),
                "{\"name\":\"Iso two\",\"trigger\":{\"event\":\"" + EVENT + "\"},\"enabled\":true}")));
        p.put("workflow-trigger PUT /workflows/{id}", () -> notFound(call(bt, "PUT", trigger("/workflows/" + aWorkflow),
                "{\"name\":\"Taken\",\"trigger\":{\"event\":\"other\"},\"enabled\":false}")));
        p.put("workflow-trigger DELETE /workflows/{id}", () -> notFound(call(bt, "DELETE", trigger("/workflows/" + aWorkflow), null)));
        p.put("ingest-api POST /credentials", () -> {
            final String own = json(call(ba, "POST", ingest("/credentials"),
                    "{\"name\":\"b-reader\",\"kind\":\"token\",\"scopes\":[\"profiles:read\"]}"), 201).get("token").asText();
            // A credential B creates is B's: it reads nothing of A
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    notFound(call(own, "GET", projector("/customers?phone=" + StackClient.encoded(PHONE_A)), null)));
        });
        p.put("ingest-api DELETE /credentials/{id}", () -> notFound(call(ba, "DELETE", ingest("/credentials/" + aCredential), null)));
        // The operator's routes: B's admin is not the operator; A is neither listed, changed nor deleted.
        p.put("ingest-api POST /segments", () -> accepted(call(bt, "POST", ingest("/segments"),
                "{\"name\":\"B's\",\"match\":\"all\",\"conditions\":[]}")));
        p.put("ingest-api PUT /segments/{id}", () -> notFound(call(bt, "PUT", ingest("/segments/" + aSegment),
                "{\"name\":\"taken\",\"match\":\"all\",\"conditions\":[]}")));
        p.put("ingest-api DELETE /segments/{id}", () -> notFound(call(bt, "DELETE", ingest("/segments/" + aSegment), null)));
        p.put("profile-projector POST /segments", () -> accepted(call(bt, "POST", projector("/segments"),
                "{\"name\":\"B's\",\"match\":\"all\",\"conditions\":[]}")));
        p.put("profile-projector PUT /segments/{id}", () -> notFound(call(bt, "PUT", projector("/segments/" + aSegment),
                "{\"name\":\"taken\",\"match\":\"all\",\"conditions\":[]}")));
        p.put("profile-projector DELETE /segments/{id}", () -> notFound(call(bt, "DELETE", projector("/segments/" + aSegment), null)));
        p.put("ingest-api GET /admin/workspaces", () -> notTheOperator(call(ba, "GET", ingest("/admin/workspaces"), null)));
        p.put("ingest-api POST /admin/workspaces", () -> notTheOperator(call(ba, "POST", ingest("/admin/workspaces"),
                "{\"id\":\"" + a.id() + "-x\"}")));
        p.put("ingest-api PATCH /admin/workspaces/{id}", () -> notTheOperator(call(ba, "PATCH",
                ingest("/admin/workspaces/" + a.id()), "{\"time_zone\":\"Asia/Tokyo\"}")));
        p.put("ingest-api DELETE /admin/workspaces/{id}", () -> notTheOperator(call(ba, "DELETE",
                ingest("/admin/workspaces/" + a.id()), null)));
        return p;
    }

    @Test
    void shouldProbeEveryRouteOfEveryService() throws Exception {
        // Given the routes the services declare (docs/openapi); When compared with the probes; Then each has one
        final Set<String> declared = RouteTable.declared().stream().map(RouteTable.Route::toString)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(probes().keySet())).isEqualTo(declared);
    }

    @Test
    void shouldNeitherRevealNorChangeAnotherWorkspacesDataOnAnyRoute() throws Exception {
        // When B calls every route with A's ids
        final Map<String, Probe> probes = probes();
        final List<String> failures = new ArrayList<>();
        for (final Map.Entry<String, Probe> probe : probes.entrySet()) {
            try {
                probe.getValue().run();
            } catch (AssertionError | Exception e) {
                failures.add(probe.getKey() + ": " + e.getMessage());
            }
        }
        // Then each probe held
        assertThat(failures).as("routes that revealed or changed another workspace's data").isEmpty();
        // And A, read with its own credentials once B's writes are folded, is as it was
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(snapshotOf(a)).isEqualTo(aBefore));
        System.out.printf("workspace isolation: %d routes probed (ingest-api %d, profile-projector %d, workflow-trigger %d)%n",
                probes.size(), count(probes, "ingest-api"), count(probes, "profile-projector"),
                count(probes, "workflow-trigger"));
    }

    private static long count(final Map<String, Probe> probes, final String service) {
        return probes.keySet().stream().filter(key -> key.startsWith(service + " ")).count();
    }
}
