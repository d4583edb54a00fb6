package org.opencdp.projector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.opencdp.projector.Commands.event;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.ProjectorHttp.DEMO;
import static org.opencdp.projector.ProjectorHttp.get;
import static org.opencdp.projector.ProjectorHttp.request;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.SegmentMembership;
import org.opencdp.projector.CommittedRecords;
import org.opencdp.projector.ProjectorInfrastructure;
import org.opencdp.projector.WithCommandProducer;
import org.opencdp.schemas.Topics;

/**
 * The segment definition routes of contract section 11 over HTTP, on a real broker and registry: stored on the
 * segment-definitions topic, validated completely, scoped to the caller's workspace.
 */
@QuarkusTest
@QuarkusTestResource(ProjectorInfrastructure.class)
class SegmentDefinitionsIT extends WithCommandProducer {

    private static final Instant T1 = Instant.parse("2024-07-01T09:00:00Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PLAN = "plan_" + RUN;
    private static final String SEATS = "seats_" + RUN;
    private static final String JSON = "application/json";

    @BeforeEach
    void givenACatalogWithAStringAndAnIntegerProperty() {
        producer.send(upsert("seg-" + RUN, "r1", T1, fields(PLAN, "pro", SEATS, 5L)));
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            final List<String> names = get("/properties", DEMO).then().statusCode(200).extract().jsonPath()
                    .getList("properties.name");
            return names.contains(PLAN) && names.contains(SEATS);
        });
    }

    private static String activePros(final String name) {
        return """
                {"name":"%s","match":"all","conditions":[
                  {"attribute":"%s","op":"eq","value":"pro"},
                  {"match":"any","conditions":[
                    {"event":"purchase","op":"gte","count":3,"within":"P30D"},
                    {"attribute":"%s","op":"gte","value":"10"}]}]}""".formatted(name, PLAN, SEATS);
    }

    private static JsonPath create(final String body, final String... headers) {
        return request(headers).contentType(JSON).body(body).post("/segments")
                .then().statusCode(201).extract().jsonPath();
    }

    @Test
    void shouldStoreAValidDefinitionAndShowItAsWritten() {
        // When
        final var created = request(DEMO).contentType(JSON).body(activePros("Active pros " + RUN)).post("/segments")
                .then().statusCode(201).extract();
        // Then
        final JsonPath segment = created.jsonPath();
        final String id = segment.getString("id");
        assertThat(created.header("Location")).endsWith("/segments/" + id);
        assertThat(segment.getString("name")).isEqualTo("Active pros " + RUN);
        assertThat(segment.getString("match")).isEqualTo("all");
        assertThat(segment.getString("status")).isEqualTo("backfilling");
        assertThat(segment.getLong("version")).isEqualTo(1L);
        assertThat(segment.getString("conditions[1].conditions[0].within")).isEqualTo("P30D");
        // And the writer reads its own write, here and in the list
        get("/segments/" + id, DEMO).then().statusCode(200)
                .body("name", equalTo("Active pros " + RUN))
                .body("conditions[0].attribute", equalTo(PLAN))
                .body("conditions[1].conditions[1].value", equalTo("10"))
                .body("updated_at", nullValue());
        assertThat(allIds(DEMO)).contains(id);
        // And once every partition has walked its profiles against it, it is live
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "live".equals(get("/segments/" + id, DEMO).then().statusCode(200).extract().jsonPath().getString("status")));
    }

    @Test
    void shouldRefuseAnInvalidDefinitionNamingEveryProblem() {
        // Given a definition with five problems
        final String body = """
                {"name":"","match":"all","conditions":[
                  {"attribute":"%s","op":"resembles","value":"pro"},
                  {"attribute":"%s","op":"contains","value":"pro"},
                  {"attribute":"no_such_property_%s","op":"eq","value":1},
                  {"event":"purchase","op":"gte","count":3,"within":"P401D"}]}""".formatted(PLAN, SEATS, RUN);
        // When
        final JsonPath refused = request(DEMO).contentType(JSON).body(body).post("/segments")
                .then().statusCode(400).extract().jsonPath();
        // Then
        assertThat(refused.getList("problems.type")).contains("blank", "unknown_operator", "type_cannot_compare",
                "unknown_property", "window_too_long");
        assertThat(refused.getList("problems.path")).contains("name", "conditions.0.op", "conditions.3.within");
        assertThat(refused.getString("request_id")).isNotBlank();
    }

    @Test
    void shouldRefuseACycleBetweenSegments() {
        // Given b in a
        final String a = create("{\"name\":\"a " + RUN + "\",\"match\":\"all\",\"conditions\":[]}", DEMO).getString("id");
        final String b = create("{\"name\":\"b " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"segment\":\"" + a
                + "\",\"op\":\"in\"}]}", DEMO).getString("id");
        // When a is changed to be in b
        final JsonPath refused = request(DEMO).contentType(JSON)
                .body("{\"name\":\"a " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"segment\":\"" + b + "\",\"op\":\"in\"}]}")
                .put("/segments/" + a).then().statusCode(400).extract().jsonPath();
        // Then
        assertThat(refused.getList("problems.type")).contains("cycle");
        // And naming a segment that does not exist is refused too
        final JsonPath unknown = request(DEMO).contentType(JSON)
                .body("{\"name\":\"c " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"segment\":\"nope-" + RUN + "\",\"op\":\"not_in\"}]}")
                .post("/segments").then().statusCode(400).extract().jsonPath();
        assertThat(unknown.getList("problems.type")).containsExactly("unknown_segment");
    }

    @Test
    void shouldReplaceThenDeleteASegment() {
        // Given
        final String id = create(activePros("to replace " + RUN), DEMO).getString("id");
        // When replaced
        final JsonPath replaced = request(DEMO).contentType(JSON)
                .body("{\"name\":\"replaced " + RUN + "\",\"match\":\"any\",\"conditions\":[{\"attribute\":\"" + SEATS
                        + "\",\"op\":\"lt\",\"value\":3}]}")
                .put("/segments/" + id).then().statusCode(200).extract().jsonPath();
        // Then the id and creation stay, the version grows
        assertThat(replaced.getString("id")).isEqualTo(id);
        assertThat(replaced.getLong("version")).isEqualTo(2L);
        assertThat(replaced.getString("updated_at")).isNotNull();
        get("/segments/" + id, DEMO).then().statusCode(200).body("match", equalTo("any"))
                .body("name", equalTo("replaced " + RUN));
        // When deleted
        request(DEMO).delete("/segments/" + id).then().statusCode(204);
        // Then it is gone
        get("/segments/" + id, DEMO).then().statusCode(404);
        request(DEMO).delete("/segments/" + id).then().statusCode(404);
        request(DEMO).contentType(JSON).body(activePros("x")).put("/segments/" + id).then().statusCode(404);
    }

    @Test
    void shouldPageEverySegmentOnceWithCursors() {
        // Given
        final Set<String> created = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            created.add(create(activePros("paged " + i + " " + RUN), DEMO).getString("id"));
        }
        // When read one per page
        final List<String> ids = allIds(DEMO);
        // Then each is listed once, in id order
        assertThat(ids).containsAll(created).doesNotHaveDuplicates().isSorted();
        request(DEMO).get("/segments?limit=0").then().statusCode(400);
        request(DEMO).get("/segments?limit=1001").then().statusCode(400);
        request(DEMO).get("/segments?cursor=%25%25").then().statusCode(400);
    }

    @Test
    void shouldKeepEachWorkspacesSegmentsToItself() {
        // Given
        final String id = create(activePros("private " + RUN), DEMO).getString("id");
        // Then
        get("/segments/" + id, "Authorization", "Bearer " + TestAccess.OTHER_TOKEN).then().statusCode(404);
        assertThat(allIds("Authorization", "Bearer " + TestAccess.OTHER_TOKEN)).doesNotContain(id);
    }

    @Test
    void shouldNeedSegmentsWriteToChangeAndProfilesReadToRead() {
        request().contentType(JSON).body(activePros("x")).post("/segments").then().statusCode(401);
        request("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).contentType(JSON).body(activePros("x"))
                .post("/segments").then().statusCode(403);
        request("Authorization", "Bearer " + TestAccess.OTHER_TOKEN).contentType(JSON).body(activePros("x"))
                .post("/segments").then().statusCode(403);
        request("Authorization", "Bearer " + TestAccess.WRITE_ONLY_TOKEN).get("/segments").then().statusCode(403);
        // segments:write alone defines a segment: the catalog it is checked against is read for it
        create(activePros("scoped " + RUN), "Authorization", "Bearer " + TestAccess.SEGMENTS_ONLY_TOKEN);
    }

    @Test
    void shouldAnswerHostileBodiesWithA4xx() {
        request(DEMO).contentType(JSON).body("{\"name\":").post("/segments").then().statusCode(400);
        request(DEMO).contentType(JSON).body("").post("/segments").then().statusCode(400);
        request(DEMO).contentType(JSON).body("[1,2]").post("/segments").then().statusCode(400)
                .body("problems[0].type", equalTo("not_an_object"));
        request(DEMO).contentType(JSON).body("{\"name\":\"" + "x".repeat(300 * 1024) + "\"}").post("/segments")
                .then().statusCode(413);
        // Nesting far past the limit: one problem, not a stack overflow
        final String deep = "{\"match\":\"all\",\"conditions\":[".repeat(400) + "]}".repeat(400);
        final String body = "{\"name\":\"deep\"," + deep.substring(1);
        final int status = request(DEMO).contentType(JSON).body(body).post("/segments").then().extract().statusCode();
        assertThat(status).isEqualTo(400);
        // Huge numbers and multi-byte text are read within bounds
        final JsonPath huge = request(DEMO).contentType(JSON).body("{\"name\":\"" + "🎯".repeat(201) + "\",\"match\":\"all\",\"conditions\":["
                        + "{\"attribute\":\"" + SEATS + "\",\"op\":\"gt\",\"value\":1e999999999},"
                        + "{\"event\":\"e\\u0000\",\"op\":\"eq\",\"count\":1e30,\"within\":\"P1D\"}]}")
                .post("/segments").then().statusCode(400).extract().jsonPath();
        assertThat(huge.getList("problems.type")).contains("too_long", "control_characters", "count_out_of_range");
    }

    @Test
    void shouldEmitEnteredAndExitedEventsAsTheFoldChangesAMembership() {
        // Given a segment
        final String id = create("{\"name\":\"big " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"gte\",\"value\":10}]}", DEMO).getString("id");
        final String customer = "seg-live-" + RUN;
        // When a write puts a customer in, and the next takes it out
        producer.send(upsert(customer, "live-1", T1, fields(SEATS, 12L)));
        producer.send(upsert(customer, "live-2", T1.plusSeconds(1), fields(SEATS, 2L)));
        // Then enriched-events carries both changes of this segment, in order, with the reason
        final List<String> seen = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            seen.clear();
            CommittedRecords.toEnd(ProjectorInfrastructure.infrastructure(), Topics.ENRICHED_EVENTS).stream()
                    .map(ConsumerRecord::value)
                    .filter(e -> e.getCustomerId().equals(customer) && e.getName().startsWith("segment.")
                            && id.equals(e.getData().get("segment_id")))
                    .forEach(e -> seen.add(e.getName() + " " + e.getData().get("segment_id") + " " + e.getData().get("reason")));
            return seen.size() >= 2;
        });
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).startsWith("segment.entered " + id).contains("12");
        assertThat(seen.get(1)).startsWith("segment.exited " + id).contains("2");
        // And segment-memberships holds the entry, then its tombstone
        final List<SegmentMembership> records = CommittedRecords.toEnd(ProjectorInfrastructure.infrastructure(),
                        Topics.SEGMENT_MEMBERSHIPS).stream()
                .filter(r -> r.key().getCustomerId().equals(customer) && r.key().getSegmentId().equals(id))
                .map(ConsumerRecord::value).toList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).getSegmentId()).isEqualTo(id);
        assertThat(records.get(1)).isNull();
    }

    @Test
    void shouldListACustomersSegmentsAndExplainAMembership() {
        // Given a segment and a customer in it
        final String id = create("{\"name\":\"explained " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"gte\",\"value\":10},{\"attribute\":\"" + PLAN + "\",\"op\":\"ne\",\"value\":\"free\"}]}",
                DEMO).getString("id");
        final String customer = "seg-explain-" + RUN;
        producer.send(upsert(customer, "explain-1", T1, fields(SEATS, 15L)));
        // When its segments are read, Then the segment is listed once the fold has evaluated it
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            final var answer = request(DEMO).get("/customers/" + customer + "/segments");
            return answer.statusCode() == 200 && answer.jsonPath().getList("segments.id").contains(id);
        });
        get("/customers/" + customer + "/segments", DEMO).then().statusCode(200)
                .body("customer_id", equalTo(customer))
                .body("segments.find { it.id == '" + id + "' }.name", equalTo("explained " + RUN));
        // And the explanation names each condition with the value that decided it
        final JsonPath explained = get("/segments/" + id + "/explain/" + customer, DEMO).then().statusCode(200)
                .extract().jsonPath();
        assertThat(explained.getBoolean("member")).isTrue();
        assertThat(explained.getBoolean("matches")).isTrue();
        assertThat(explained.getString("explanation.conditions[0].at")).isEqualTo("conditions.0");
        assertThat(explained.getString("explanation.conditions[0].decided_by")).contains("15");
        assertThat(explained.getBoolean("explanation.conditions[1].matched")).isTrue();
        // And an unknown customer or segment is a 404
        get("/customers/nobody-" + RUN + "/segments", DEMO).then().statusCode(404);
        get("/segments/" + id + "/explain/nobody-" + RUN, DEMO).then().statusCode(404);
        get("/segments/nope-" + RUN + "/explain/" + customer, DEMO).then().statusCode(404);
    }

    @Test
    void shouldPageASegmentsMembersOnceEachWithCursors() {
        // Given a segment and five customers in it, two not
        final String id = create("{\"name\":\"many seats " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"gte\",\"value\":100}]}", DEMO).getString("id");
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            final String customer = "seg-member-" + i + "-" + RUN;
            producer.send(upsert(customer, "member-" + i, T1, fields(SEATS, i < 5 ? 150L : 5L)));
            if (i < 5) {
                expected.add(customer);
            }
        }
        // When its members are read two at a time, Then each member is listed once, and no one else
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> new HashSet<>(members(id, 2)).equals(expected));
        assertThat(members(id, 2)).doesNotHaveDuplicates().hasSize(5);
        // And its size is kept as they enter
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                get("/segments/" + id, DEMO).then().statusCode(200).extract().jsonPath().getLong("size") == 5L);
        request(DEMO).get("/segments/" + id + "/members?limit=0").then().statusCode(400);
        request(DEMO).get("/segments/" + id + "/members?cursor=garbage").then().statusCode(400);
        request(DEMO).get("/segments/nope-" + RUN + "/members").then().statusCode(404);
    }

    @Test
    void shouldExportTheMembersProfilesAsJsonLinesAndPageThem() {
        // Given a segment with three members, and a customer not in it
        final String id = create("{\"name\":\"exported " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"eq\",\"value\":3131}]}", DEMO).getString("id");
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            final String customer = "seg-export-" + i + "-" + RUN;
            producer.send(upsert(customer, "export-" + i, T1, fields(SEATS, i < 3 ? 3131L : 1L)));
            if (i < 3) {
                expected.add(customer);
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> new HashSet<>(members(id, 2)).equals(expected));
        // When it is exported, Then each member's profile is one JSON line, as GET /customers/{id} shows it
        final io.restassured.response.Response export = request(DEMO).get("/segments/" + id + "/export");
        export.then().statusCode(200).contentType("application/x-ndjson");
        final List<String> lines = export.asString().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSize(3);
        final Set<String> exported = new HashSet<>();
        for (final String line : lines) {
            final JsonPath profile = new JsonPath(line);
            exported.add(profile.getString("customer_id"));
            assertThat(profile.getLong("attributes." + SEATS + ".value")).isEqualTo(3131L);
        }
        assertThat(exported).isEqualTo(expected);
        // And the members' pages carry the same profiles with ?include=profiles
        final JsonPath page = get("/segments/" + id + "/members?limit=1000&include=profiles", DEMO).then()
                .statusCode(200).extract().jsonPath();
        assertThat(new HashSet<>(page.<String>getList("customers.customer_id"))).isEqualTo(expected);
        assertThat(page.getString("next_cursor")).isNull();
        // And an unknown segment, or an include that is not one, is refused
        request(DEMO).get("/segments/nope-" + RUN + "/export").then().statusCode(404);
        request(DEMO).get("/segments/" + id + "/members?include=everything").then().statusCode(400);
    }

    @Test
    void shouldPreviewAnUnsavedDefinitionWithoutStoringIt() {
        // Given three customers with a value no one else has, and one without
        final Set<String> expected = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            final String customer = "seg-preview-" + i + "-" + RUN;
            producer.send(upsert(customer, "preview-" + i, T1, fields(SEATS, i < 3 ? 4242L : 4241L)));
            if (i < 3) {
                expected.add(customer);
            }
        }
        final List<String> before = allIds(DEMO);
        final String definition = "{\"name\":\"preview " + RUN + "\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"eq\",\"value\":4242}]}";
        // When the definition is previewed, Then its size and members are the customers that match it, every
        // profile having been read
        final JsonPath[] preview = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            preview[0] = request(DEMO).contentType(JSON).body(definition).post("/segments/preview")
                    .then().statusCode(200).extract().jsonPath();
            return preview[0].getLong("size") == 3L;
        });
        assertThat(new HashSet<>(preview[0].<String>getList("members"))).isEqualTo(expected);
        assertThat(preview[0].getBoolean("complete")).isTrue();
        assertThat(preview[0].getString("next_cursor")).isNull();
        assertThat(preview[0].getLong("scanned")).isGreaterThanOrEqualTo(4L);
        // And nothing was stored
        assertThat(allIds(DEMO)).isEqualTo(before);
        // And events that came before any segment counted their name are counted (every name is), so a preview
        // over them finds the customer who had two
        final String buyer = "seg-preview-buyer-" + RUN;
        final String event = "never_counted_" + RUN;
        final Instant now = Instant.now();
        producer.send(upsert(buyer, "preview-buyer", now.minusSeconds(60), fields(SEATS, 1L)));
        producer.send(event(buyer, "preview-e1", now.minusSeconds(50), event, java.util.Map.of()));
        producer.send(event(buyer, "preview-e2", now.minusSeconds(40), event, java.util.Map.of()));
        final String twice = "{\"name\":\"p\",\"match\":\"all\",\"conditions\":"
                + "[{\"event\":\"" + event + "\",\"op\":\"gte\",\"count\":2,\"within\":\"P7D\"}]}";
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            preview[0] = request(DEMO).contentType(JSON).body(twice).post("/segments/preview")
                    .then().statusCode(200).extract().jsonPath();
            return preview[0].getLong("size") == 1L;
        });
        assertThat(preview[0].<String>getList("members")).containsExactly(buyer);
        assertThat(preview[0].<String>getList("uncounted_events")).isEmpty();
        // And an invalid definition or a cursor no preview gave is a 400; reading needs a credential
        request(DEMO).contentType(JSON).body("{\"name\":\"p\",\"match\":\"all\",\"conditions\":[{\"attribute\":\""
                + SEATS + "\",\"op\":\"like\",\"value\":1}]}").post("/segments/preview").then().statusCode(400)
                .body("problems[0].path", equalTo("conditions.0.op"));
        request(DEMO).contentType(JSON).body(definition).post("/segments/preview?cursor=garbage").then().statusCode(400);
        request().contentType(JSON).body(definition).post("/segments/preview").then().statusCode(401);
    }

    /** Every member of a segment, read {@code limit} at a time. */
    private static List<String> members(final String id, final int limit) {
        final List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            final JsonPath page = get("/segments/" + id + "/members?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), DEMO)
                    .then().statusCode(200).extract().jsonPath();
            all.addAll(page.getList("members"));
            cursor = page.getString("next_cursor");
            assertThat(all.size()).isLessThan(10_000);
        } while (cursor != null);
        return all;
    }

    /** Every segment id the caller's workspace has, read one page at a time. */
    private static List<String> allIds(final String... headers) {
        final List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            final JsonPath page = get("/segments?limit=1" + (cursor == null ? "" : "&cursor=" + cursor), headers)
                    .then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("segments.id"));
            cursor = page.getString("next_cursor");
            assertThat(ids.size()).isLessThan(10_000);
        } while (cursor != null);
        return ids;
    }
}
