package org.opencdp.trigger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.deadletter.DeadLetterHandler;
import org.opencdp.trigger.run.RunIds;
import org.opencdp.trigger.topology.DefinitionStore;
import org.opencdp.trigger.topology.TriggerConfig;
import org.opencdp.trigger.topology.TriggerTopology;

/** The trigger against a real broker and registry, over HTTP and Kafka as its users see it. */
@QuarkusTest
@QuarkusTestResource(InfrastructureResource.class)
class WorkflowTriggerIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final SharedInfrastructure infrastructure = SharedInfrastructure.get();
    private final SchemaRegistry registry = new RestSchemaRegistry(infrastructure.registryUrl());

    @BeforeEach
    void awaitReady() {
        await().atMost(PATIENCE).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void shouldStartOneRunPerEventAndListIt() {
        // Given a workflow triggered by a fresh event name
        final String event = unique("signup");
        final Response created = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Welcome", "trigger", Map.of("event", event),
                        "webhook", Map.of("url", "https://hooks.example.com/welcome")))
                .post("/workflows");
        created.then().statusCode(201)
                .body("name", equalTo("Welcome"))
                .body("trigger.event", equalTo(event))
                .body("webhook.url", equalTo("https://hooks.example.com/welcome"))
                .body("enabled", equalTo(true))
                .body("created_at", notNullValue());
        final String workflowId = created.jsonPath().getString("id");
        as(TestWorkspaces.DEMO_TOKEN).get("/workflows/" + workflowId).then().statusCode(200)
                .body("id", equalTo(workflowId));

        // When an enriched event of customer 42 is produced, then produced again (a re-delivery), then an
        // event of another workflow, which the trigger reaches only after the re-delivery (same partition)
        final String eventId = unique("req") + ":0";
        final EnrichedEvent enriched = Fixtures.event("demo", eventId, event, Map.of("coupon", "WELCOME10"));
        enriched.setCustomerId("42");
        produce(enriched);
        produce(enriched);
        final String later = unique("later");
        final String laterWorkflowId = create(TestWorkspaces.DEMO_TOKEN, later);
        final EnrichedEvent laterEvent = Fixtures.event("demo", unique("req") + ":0", later, Map.of());
        laterEvent.setCustomerId("42");
        produce(laterEvent);

        // Then exactly one run of the workflow is on workflow-runs
        final String runId = RunIds.of(eventId, workflowId);
        await().atMost(PATIENCE).until(() -> runsOf(laterWorkflowId).size() == 1);
        final List<WorkflowRun> runs = runsOf(workflowId);
        assertThat(runs).hasSize(1);
        assertThat(runs.getFirst().getRunId()).isEqualTo(runId);
        assertThat(runs.getFirst().getContext()).containsEntry("coupon", "WELCOME10").containsEntry("plan", "pro");

        // And the runs API lists it for the customer and for the workflow
        await().atMost(PATIENCE).untilAsserted(() ->
                as(TestWorkspaces.DEMO_TOKEN).queryParam("customer_id", "42").get("/workflows/" + workflowId + "/runs")
                        .then().statusCode(200)
                        .body("size()", equalTo(1))
                        .body("[0].run_id", equalTo(runId))
                        .body("[0].workflow_name", equalTo("Welcome"))
                        .body("[0].customer_id", equalTo("42"))
                        .body("[0].event", equalTo(event))
                        .body("[0].event_id", equalTo(eventId))
                        .body("[0].event_timestamp", equalTo(Fixtures.EVENT_TIME.toString()))
                        .body("[0].profile_as_of", equalTo("/customers/42?as_of="
                                + java.net.URLEncoder.encode(Fixtures.EVENT_TIME.toString(), java.nio.charset.StandardCharsets.UTF_8)))
                        .body("[0].context.coupon", equalTo("WELCOME10"))
                        .body("[0].context.age", equalTo(41)));
        as(TestWorkspaces.READER_TOKEN).get("/workflows/" + workflowId + "/runs").then().statusCode(200)
                .body("run_id", equalTo(List.of(runId)));
        as(TestWorkspaces.DEMO_TOKEN).queryParam("customer_id", "43").get("/workflows/" + workflowId + "/runs")
                .then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldReplaceAWorkflowWithPutAndApplyItsFilterAndTemplate() {
        // Given a workflow, replaced with a filter the fixture profile (plan=pro, age=41) meets and a template
        final String event = unique("upgrade");
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, event);
        final Response replaced = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Upgraded", "trigger", Map.of("event", event),
                        "filter", List.of(Map.of("property", "age", "op", "gte", "value", 18)),
                        "template", "Hello {first_name}, your {plan} plan"))
                .put("/workflows/" + workflowId);
        replaced.then().statusCode(200)
                .body("id", equalTo(workflowId))
                .body("name", equalTo("Upgraded"))
                .body("filter[0].op", equalTo("gte"))
                .body("updated_at", notNullValue());
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "X", "trigger", Map.of("event", event)))
                .put("/workflows/no-such-workflow").then().statusCode(404);
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "X", "trigger", Map.of("event", event), "template", "{#if x}"))
                .put("/workflows/" + workflowId).then().statusCode(400);

        // When an event comes
        final EnrichedEvent enriched = Fixtures.event("demo", unique("req") + ":0", event, Map.of("first_name", "Ada"));
        produce(enriched);

        // Then its run carries the rendered message
        await().atMost(PATIENCE).until(() -> runsOf(workflowId).size() == 1);
        assertThat(runsOf(workflowId).getFirst().getMessage()).isEqualTo("Hello Ada, your pro plan");
        // And GET /runs/{run_id} shows the run, to this workspace only
        final String runId = runsOf(workflowId).getFirst().getRunId();
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + runId).then()
                .statusCode(200)
                .body("run_id", equalTo(runId))
                .body("workflow_id", equalTo(workflowId))
                .body("message", equalTo("Hello Ada, your pro plan")));
        as(TestWorkspaces.DEMO_TOKEN).get("/runs/no-such-run").then().statusCode(404);
        as(TestWorkspaces.OTHER_TOKEN).get("/runs/" + runId).then().statusCode(404);

        // When it is disabled with PUT, a later event starts nothing
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "Upgraded", "trigger", Map.of("event", event), "enabled", false))
                .put("/workflows/" + workflowId).then().statusCode(200).body("enabled", equalTo(false));
        produce(Fixtures.event("demo", unique("req") + ":0", event, Map.of()));
        final String marker = unique("marker");
        final String markerWorkflowId = create(TestWorkspaces.DEMO_TOKEN, marker);
        produce(Fixtures.event("demo", unique("req") + ":0", marker, Map.of()));
        await().atMost(PATIENCE).until(() -> runsOf(markerWorkflowId).size() == 1);
        assertThat(runsOf(workflowId)).hasSize(1);
    }

    @Test
    void shouldReportWhatADisabledWorkflowWouldHaveStartedWithoutStartingIt() {
        // Given three past events of a fresh name (two of customer 42, one of 43) and one of another name
        final String event = unique("browse");
        final Instant before = Instant.now().minusSeconds(1);
        final EnrichedEvent first = Fixtures.event("demo", unique("req") + ":0", event, Map.of("page", "/a"));
        first.setCustomerId("42");
        final EnrichedEvent second = Fixtures.event("demo", unique("req") + ":0", event, Map.of("page", "/b"));
        second.setCustomerId("42");
        final EnrichedEvent third = Fixtures.event("demo", unique("req") + ":0", event, Map.of("page", "/c"));
        third.setCustomerId("43");
        produce(first);
        produce(second);
        produce(third);
        produce(Fixtures.event("demo", unique("req") + ":0", unique("other"), Map.of()));
        // And fifty events of that name in another workspace, which the dry run must neither count nor start
        for (int i = 0; i < 50; i++) {
            final EnrichedEvent foreign = Fixtures.event("other-workspace", unique("req") + ":0", event, Map.of("page", "/x"));
            foreign.setCustomerId("42");
            produce(foreign);
        }
        // And a disabled workflow on that event, with a template
        final String workflowId = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Browse", "trigger", Map.of("event", event), "enabled", false,
                        "template", "You looked at {page}"))
                .post("/workflows").then().statusCode(201).extract().jsonPath().getString("id");

        // When
        final Response report = as(TestWorkspaces.DEMO_TOKEN)
                .queryParam("from", before.toString()).queryParam("to", Instant.now().plusSeconds(5).toString())
                .post("/workflows/" + workflowId + "/dry-run");

        // Then it would have started three runs for two customers, with their messages, and started none
        report.then().statusCode(200)
                .body("runs", equalTo(3))
                .body("customers", equalTo(2))
                .body("complete", equalTo(true))
                .body("events_read", org.hamcrest.Matchers.lessThan(50))
                .body("sample.message", org.hamcrest.Matchers.containsInAnyOrder("You looked at /a", "You looked at /b",
                        "You looked at /c"));
        assertThat(runsOf(workflowId)).isEmpty();
        // And a range before the events finds nothing; a bad range is a 400
        as(TestWorkspaces.DEMO_TOKEN).queryParam("from", "2020-01-01T00:00:00Z").queryParam("to", "2020-01-02T00:00:00Z")
                .post("/workflows/" + workflowId + "/dry-run").then().statusCode(200).body("runs", equalTo(0));
        as(TestWorkspaces.DEMO_TOKEN).queryParam("from", "yesterday")
                .post("/workflows/" + workflowId + "/dry-run").then().statusCode(400);
    }

    @Test
    void shouldStartAnAttributeTriggerOnlyOnAChangeOfItsProperty() {
        // Given a workflow on plan changing to pro and one on any change of plan
        final String customer = unique("customer");
        final String toPro = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Upgraded", "trigger", Map.of("attribute", "plan", "to", "pro")))
                .post("/workflows").then().statusCode(201)
                .body("trigger.attribute", equalTo("plan")).body("trigger.to", equalTo("pro"))
                .extract().jsonPath().getString("id");
        final String anyPlan = as(TestWorkspaces.DEMO_TOKEN)
                .body(Map.of("name", "Plan moved", "trigger", Map.of("attribute", "plan")))
                .post("/workflows").then().statusCode(201).extract().jsonPath().getString("id");

        // When the projector reports plan free -> pro, then a write that changed only age (plan rewritten with
        // the value it had is no change, so it is not in the list), then plan pro -> enterprise
        produce(changed(customer, new AttributeChange("plan", new StringValue("free"), new StringValue("pro"), false, false)));
        produce(changed(customer, new AttributeChange("age", new IntegerValue(40L), new IntegerValue(41L), false, false)));
        produce(changed(customer, new AttributeChange("plan", new StringValue("pro"), new StringValue("enterprise"), false, false)));
        final String marker = unique("marker");
        final String markerWorkflowId = create(TestWorkspaces.DEMO_TOKEN, marker);
        produce(eventOf(customer, marker, Map.of()));
        await().atMost(PATIENCE).until(() -> runsOf(markerWorkflowId).size() == 1);

        // Then the "to pro" workflow started once, the "any change" one twice, with the change's request id
        assertThat(runsOf(toPro)).extracting(WorkflowRun::getCustomerId).containsExactly(customer);
        assertThat(runsOf(anyPlan)).extracting(WorkflowRun::getCustomerId).containsExactly(customer, customer);
        assertThat(runsOf(anyPlan)).extracting(WorkflowRun::getEventName).containsOnly("attribute.changed");
    }

    @Test
    void shouldStartWorkflowsOnThePlatformsLifecycleEvents() {
        // Given a workflow on each lifecycle event the projector and the survey route emit
        final List<String> lifecycle = List.of("customer.created", "customer.deleted", "customer.merged",
                "subscription.subscribed", "subscription.already_subscribed", "subscription.unsubscribed",
                "survey.requested");
        final Map<String, String> workflows = new java.util.LinkedHashMap<>();
        lifecycle.forEach(name -> workflows.put(name, create(TestWorkspaces.DEMO_TOKEN, name)));
        final String customer = unique("customer");

        // When each of these events comes for a fresh customer (a merge carries its ids in its data)
        lifecycle.forEach(name -> produce(eventOf(customer, name, name.equals("customer.merged")
                ? Map.of("merge_id", "m-1", "absorbed_id", "c-9") : Map.of("channel", "email"))));
        final String marker = unique("marker");
        final String markerWorkflowId = create(TestWorkspaces.DEMO_TOKEN, marker);
        produce(eventOf(customer, marker, Map.of()));
        await().atMost(PATIENCE).until(() -> runsOf(markerWorkflowId).size() == 1);

        // Then each workflow started exactly one run for that customer, from its own event, with its data
        workflows.forEach((name, workflowId) -> assertThat(runsOf(workflowId))
                .filteredOn(run -> run.getCustomerId().equals(customer))
                .singleElement()
                .satisfies(run -> assertThat(run.getEventName()).isEqualTo(name)));
        assertThat(runsOf(workflows.get("customer.merged")))
                .filteredOn(run -> run.getCustomerId().equals(customer)).singleElement()
                .satisfies(run -> assertThat(run.getContext()).containsEntry("absorbed_id", "c-9")
                        .containsEntry("plan", "pro"));
    }

    @Test
    void shouldKeepAWorkspacesWorkflowsFromAnotherWorkspace() {
        // Given a workflow of the demo workspace
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, unique("purchase"));

        // When / Then the other workspace can neither see nor delete it, nor list its runs
        as(TestWorkspaces.OTHER_TOKEN).get("/workflows/" + workflowId).then().statusCode(404)
                .body("message", equalTo("workflow not found")).body("request_id", notNullValue());
        as(TestWorkspaces.OTHER_TOKEN).get("/workflows/" + workflowId + "/runs").then().statusCode(404);
        as(TestWorkspaces.OTHER_TOKEN).delete("/workflows/" + workflowId).then().statusCode(404);
        assertThat(as(TestWorkspaces.OTHER_TOKEN).get("/workflows").then().statusCode(200)
                .extract().jsonPath().getList("id")).doesNotContain(workflowId);
        assertThat(as(TestWorkspaces.DEMO_TOKEN).get("/workflows").then().statusCode(200)
                .extract().jsonPath().getList("id")).contains(workflowId);
    }

    @Test
    void shouldDeleteAWorkflowSoThatItStartsNoMore() {
        // Given a workflow
        final String event = unique("cancel");
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, event);

        // When it is deleted
        as(TestWorkspaces.DEMO_TOKEN).delete("/workflows/" + workflowId).then().statusCode(204);

        // Then it is gone, a second delete is a 404, and its event starts nothing
        as(TestWorkspaces.DEMO_TOKEN).get("/workflows/" + workflowId).then().statusCode(404);
        as(TestWorkspaces.DEMO_TOKEN).delete("/workflows/" + workflowId).then().statusCode(404);
        assertThat(as(TestWorkspaces.DEMO_TOKEN).get("/workflows").jsonPath().getList("id")).doesNotContain(workflowId);
        final String marker = create(TestWorkspaces.DEMO_TOKEN, event);
        produce(Fixtures.event("demo", unique("req") + ":0", event, Map.of()));
        await().atMost(PATIENCE).until(() -> runsOf(marker).size() == 1);
        assertThat(runsOf(workflowId)).isEmpty();
    }

    @Test
    void shouldRefuseCallersWithoutCredentialsOrScope() {
        final Map<String, Object> body = Map.of("name", "W", "trigger", Map.of("event", "e"));
        given().contentType(ContentType.JSON).body(body).post("/workflows").then().statusCode(401)
                .body("message", equalTo("unauthorized"));
        as("not-a-token").get("/workflows").then().statusCode(401).body("message", equalTo("unauthorized"));
        as(TestWorkspaces.EVENTS_TOKEN).body(body).post("/workflows").then().statusCode(403)
                .body("message", equalTo("forbidden"));
        as(TestWorkspaces.EVENTS_TOKEN).get("/workflows").then().statusCode(403);
        as(TestWorkspaces.READER_TOKEN).body(body).post("/workflows").then().statusCode(403);
        as(TestWorkspaces.READER_TOKEN).get("/workflows").then().statusCode(200);
        given().contentType(ContentType.JSON).header("key", "demo-key").header("secret", "demo-secret").body(body)
                .post("/workflows").then().statusCode(201);
        given().header("key", "demo-key").header("secret", "wrong").get("/workflows").then().statusCode(401);
    }

    @Test
    void shouldAnswer400ForInvalidRequests() {
        as(TestWorkspaces.DEMO_TOKEN).body("{\"name\":").post("/workflows").then().statusCode(400)
                .body("message", notNullValue()).body("request_id", notNullValue());
        as(TestWorkspaces.DEMO_TOKEN).body("").post("/workflows").then().statusCode(400);
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "x".repeat(201), "trigger", Map.of("event", "e")))
                .post("/workflows").then().statusCode(400).body("message", containsString("name"));
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", "e"),
                "webhook", Map.of("url", "ftp://x"))).post("/workflows").then().statusCode(400);
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, unique("limits"));
        as(TestWorkspaces.DEMO_TOKEN).queryParam("limit", "0").get("/workflows/" + workflowId + "/runs")
                .then().statusCode(400);
        as(TestWorkspaces.DEMO_TOKEN).queryParam("limit", "many").get("/workflows/" + workflowId + "/runs")
                .then().statusCode(400);
    }

    @Test
    void shouldRefuseAWebhookThatWouldReachInsideNamingWhy() {
        // Given the tests' operator settings: plain http and loopback only for the local receivers
        // When a workflow's webhook names the cloud metadata address, a private network, or plain http elsewhere
        // Then each is a 400 naming the reason, on create and on replace
        for (final Map.Entry<String, String> refused : Map.of(
                "https://169.254.169.254/latest/meta-data", "a link-local address",
                "https://10.0.0.1/hook", "a private address",
                "https://[::ffff:192.168.0.10]/hook", "a private address",
                "http://hooks.example.com/hook", "must be https",
                "https://user:secret@hooks.example.com/hook", "credentials").entrySet()) {
            as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", "e"),
                            "webhook", Map.of("url", refused.getKey())))
                    .post("/workflows").then().statusCode(400).body("message", containsString(refused.getValue()));
        }
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, unique("inside"));
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", "e"),
                        "webhook", Map.of("url", "https://0.0.0.0:8082/workflows")))
                .put("/workflows/" + workflowId).then().statusCode(400)
                .body("message", containsString("an unspecified address"));
    }

    @Test
    void shouldRefuseATemplateThatCannotRenderSafelyNamingTheConstruct() {
        final String event = unique("templates");
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", event),
                        "template", "{#for x in nosuch}{x}{/for}"))
                .post("/workflows").then().statusCode(400)
                .body("message", containsString("template uses the section {#for}"));
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", event),
                        "template", "Hi {name.or('you')}"))
                .post("/workflows").then().statusCode(400).body("message", containsString("the method or(...)"));
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", event),
                        "template", "{#include header /}"))
                .post("/workflows").then().statusCode(400).body("message", containsString("include"));
        as(TestWorkspaces.DEMO_TOKEN).body(Map.of("name", "W", "trigger", Map.of("event", event),
                        "template", "{#if plan == 'pro'}Hi {first_name}{#else}Hello{/if}"))
                .post("/workflows").then().statusCode(201);
    }

    @Test
    void shouldRecordARunFailedWhenItsStoredTemplateCannotRenderAndStartTheOthers() {
        // Given, produced straight to the workflows topic (no HTTP validation), a workflow with an unsafe template,
        // and a sound workflow on the same event
        final String event = unique("unsafe");
        final WorkflowDefinition unsafe = Fixtures.workflow("demo", unique("wf-unsafe"), event, true);
        unsafe.setTemplate("{#for i in 1000000000}{i}{/for}");
        final Topic.Serdes<WorkflowKey, WorkflowDefinition> serdes = Topics.WORKFLOWS.serdes(registry);
        try (KafkaProducer<WorkflowKey, WorkflowDefinition> producer = new KafkaProducer<>(
                producerProps(), serdes.key().serializer(), serdes.value().serializer())) {
            producer.send(new ProducerRecord<>(Topics.WORKFLOWS.name(),
                    new WorkflowKey("demo", unsafe.getWorkflowId()), unsafe)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        final String soundId = create(TestWorkspaces.DEMO_TOKEN, event);
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN)
                .get("/workflows/" + unsafe.getWorkflowId()).then().statusCode(200));

        // When an event comes, then another
        final String eventId = unique("req") + ":0";
        produce(Fixtures.event("demo", eventId, event, Map.of()));
        produce(Fixtures.event("demo", unique("req") + ":0", event, Map.of()));

        // Then the unsafe workflow's runs are failed with the reason, and the sound one ran for both events
        await().atMost(PATIENCE).until(() -> runsOf(soundId).size() == 2 && runsOf(unsafe.getWorkflowId()).size() == 2);
        final String failedRunId = RunIds.of(eventId, unsafe.getWorkflowId());
        await().atMost(PATIENCE).untilAsserted(() -> as(TestWorkspaces.DEMO_TOKEN).get("/runs/" + failedRunId).then()
                .statusCode(200)
                .body("status", equalTo("failed"))
                .body("failure_reason", containsString("{#for}")));
        assertThat(runsOf(soundId)).extracting(WorkflowRun::getStatus).containsOnly("started");
    }

    @Test
    void shouldSendUnreadableEventsToTheDeadLetterTopicAndGoOn() {
        // Given a workflow, and a record on enriched-events that is not Avro at all
        final String event = unique("poison");
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, event);
        final byte[] pill = ("not avro " + event).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED_EVENTS.name(), pill, pill)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        // When a valid event follows
        produce(Fixtures.event("demo", unique("req") + ":0", event, Map.of()));

        // Then the pill is in enriched-events-dlq with its reason, and the valid event started its run
        await().atMost(PATIENCE).until(() -> deadLetters().stream()
                .anyMatch(r -> Arrays.equals(r.value(), pill)));
        final ConsumerRecord<byte[], byte[]> letter = deadLetters().stream()
                .filter(r -> Arrays.equals(r.value(), pill)).findFirst().orElseThrow();
        assertThat(letter.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER)).isNotNull();
        await().atMost(PATIENCE).until(() -> runsOf(workflowId).size() == 1);
    }

    @Test
    void shouldRereadTheDefinitionsFromTheTopicAfterARestart() throws Exception {
        // Given a workflow written through the API
        final String workflowId = create(TestWorkspaces.DEMO_TOKEN, unique("restart"));

        // When the topology starts afresh, with empty state
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "workflow-trigger-restart-" + UUID.randomUUID());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("workflow-trigger-restart").toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // As the service is configured (unreadable definitions on workflows go to workflows-dlq).
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        try (KafkaStreams restarted = new KafkaStreams(
                TriggerTopology.build(new TriggerConfig(registry, Duration.ofDays(7))), props)) {
            restarted.start();
            await().atMost(PATIENCE).until(() -> restarted.state() == KafkaStreams.State.RUNNING);

            // Then its definitions store holds the workflow
            final ReadOnlyKeyValueStore<String, WorkflowDefinition> store = restarted.store(
                    StoreQueryParameters.fromNameAndType(DefinitionStore.NAME, QueryableStoreTypes.keyValueStore()));
            assertThat(store.get(DefinitionStore.key("demo", workflowId))).isNotNull()
                    .extracting(WorkflowDefinition::getWorkflowId).isEqualTo(workflowId);
        }
    }

    @Test
    void shouldRefuseAWorkflowPastTheWorkspacesLimitWith409UntilOneIsDeleted() {
        // Given a workspace filled to the limit (cdp.trigger.max-workflows-per-workspace, 100 under test)
        final int existing = as(TestWorkspaces.QUOTA_TOKEN).get("/workflows").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
        String last = null;
        for (int i = existing; i < 100; i++) {
            last = create(TestWorkspaces.QUOTA_TOKEN, "quota-" + i);
        }
        assertThat(last).as("the workspace was not filled by an earlier run").isNotNull();

        // When one more is created
        final Response refused = as(TestWorkspaces.QUOTA_TOKEN)
                .body(Map.of("name", "One too many", "trigger", Map.of("event", "signup"))).post("/workflows");

        // Then it is refused with the limit named, and no other workspace is affected
        refused.then().statusCode(409)
                .body("message", equalTo("the workspace has 100 workflows, the most it may have; delete one to create another"))
                .body("request_id", notNullValue());
        assertThat(as(TestWorkspaces.QUOTA_TOKEN).get("/workflows").jsonPath().getList("$")).hasSize(100);
        create(TestWorkspaces.OTHER_TOKEN, unique("other"));

        // When one is deleted, then one more can be created
        as(TestWorkspaces.QUOTA_TOKEN).delete("/workflows/" + last).then().statusCode(204);
        create(TestWorkspaces.QUOTA_TOKEN, "quota-again");
    }

    private static RequestSpecification as(final String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static String create(final String token, final String event) {
        return as(token).body(Map.of("name", "W " + event, "trigger", Map.of("event", event)))
                .post("/workflows").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static EnrichedEvent eventOf(final String customer, final String name, final Map<String, Object> data) {
        final EnrichedEvent event = Fixtures.event("demo", unique("req") + ":0", name, data);
        event.setCustomerId(customer);
        return event;
    }

    /** The projector's "attribute.changed" event for one write of the customer. */
    private static EnrichedEvent changed(final String customer, final AttributeChange change) {
        final EnrichedEvent event = eventOf(customer, "attribute.changed", Map.of());
        event.setChanges(List.of(change));
        return event;
    }

    private static String unique(final String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Properties producerProps() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return props;
    }

    private void produce(final EnrichedEvent event) {
        final Topic.Serdes<CustomerKey, EnrichedEvent> serdes = Topics.ENRICHED_EVENTS.serdes(registry);
        try (KafkaProducer<CustomerKey, EnrichedEvent> producer = new KafkaProducer<>(producerProps(),
                serdes.key().serializer(), serdes.value().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ENRICHED_EVENTS.name(), null,
                    Instant.now().toEpochMilli(), new CustomerKey(event.getWorkspaceId(), event.getCustomerId()),
                    event)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Every committed run of the workflow on workflow-runs, read from the beginning. */
    private List<WorkflowRun> runsOf(final String workflowId) {
        final Topic.Serdes<CustomerKey, WorkflowRun> serdes = Topics.WORKFLOW_RUNS.serdes(registry);
        return readAll(Topics.WORKFLOW_RUNS.name(), serdes.key().deserializer(), serdes.value().deserializer())
                .stream().map(ConsumerRecord::value).filter(run -> run.getWorkflowId().equals(workflowId)).toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLetters() {
        return readAll(Topics.ENRICHED_EVENTS_DLQ, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private <K, V> List<ConsumerRecord<K, V>> readAll(final String topic, final Deserializer<K> keys,
                                                      final Deserializer<V> values) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        final List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(props, keys, values)) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
