package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.examples.UpstreamProducer;

/**
 * The whole pipeline, as {@code ./cdp up} runs it: a real broker and registry, the three services' built
 * jars as processes, spoken to over HTTP. HTTP → Avro commands → projector → profile over HTTP → event →
 * workflow run on the workflow-runs topic.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DevStackIT {

    private static DevStack stack;
    private static StackClient client;
    private static Map<String, Long> pids;

    @BeforeAll
    static void startStack() throws Exception {
        stack = StackClient.startStack("opencdp-devstack-it", 3);
        client = new StackClient(stack);
        pids = stack.pids();
    }

    @AfterAll
    static void stopStackAndLeaveNoProcess() {
        if (stack == null) {
            return;
        }
        stack.close();
        // Then: every process the stack started is gone.
        pids.forEach((name, pid) -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("%s (pid %d) still running after stop", name, pid).isFalse());
    }

    @Test
    @Order(1)
    void shouldFoldPostedCustomersIntoAProfileAndStartAWorkflowOnTheirEvent() throws Exception {
        // Given a workflow on the event "signup"
        final HttpResponse<String> created = client.send("POST", client.trigger("/workflows"), StackClient.bearer(),
                "{\"name\":\"Welcome\",\"trigger\":{\"event\":\"signup\"},\"enabled\":true}");
        assertThat(created.statusCode()).isEqualTo(201);
        final String workflowId = StackClient.JSON.readTree(created.body()).get("id").asText();

        // When a customer is posted through the Retainly API
        final HttpResponse<String> posted = client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(), """
                {"customers":[{"id":1,"first_name":"Ada","vip":true,"orders":3,
                  "signed_up":"2022-02-25","tags":["a","b"],
                  "cart":[{"id":"p1","name":"apple","qty":2}]}]}""");

        // Then it is acknowledged and its profile becomes readable through the projector, typed
        assertThat(posted.statusCode()).isEqualTo(200);
        assertThat(posted.headers().firstValue("X-Request-Id")).isPresent();
        final JsonNode profile = client.awaitProfile("1", p -> p.path("attributes").has("cart"));
        assertThat(profile.at("/attributes/first_name/type").asText()).isEqualTo("string");
        assertThat(profile.at("/attributes/first_name/value").asText()).isEqualTo("Ada");
        assertThat(profile.at("/attributes/vip/value").asBoolean()).isTrue();
        assertThat(profile.at("/attributes/orders/type").asText()).isEqualTo("integer");
        assertThat(profile.at("/attributes/signed_up/type").asText()).isEqualTo("date");
        assertThat(profile.at("/attributes/signed_up/value").asText()).isEqualTo("2022-02-25T00:00:00Z");
        assertThat(profile.at("/attributes/tags/type").asText()).isEqualTo("collection");
        assertThat(profile.at("/attributes/cart/type").asText()).isEqualTo("array");
        assertThat(profile.at("/last_request_id").asText())
                .isEqualTo(posted.headers().firstValue("X-Request-Id").orElseThrow());

        // When the customer's event arrives
        final HttpResponse<String> event = client.send("POST", client.ingest("/events"), StackClient.keyAndSecret(),
                "{\"customer_id\":1,\"event\":\"signup\",\"data\":{\"coupon\":\"WELCOME10\"}}");
        assertThat(event.statusCode()).isEqualTo(200);

        // Then exactly one run of the workflow is recorded on workflow-runs, with the profile and event data
        final List<WorkflowRun> runs = client.awaitRuns(workflowId, 1);
        assertThat(runs).hasSize(1);
        final WorkflowRun run = runs.get(0);
        assertThat(run.getCustomerId()).isEqualTo("1");
        assertThat(run.getEventName()).isEqualTo("signup");
        assertThat(run.getContext()).containsEntry("coupon", "WELCOME10").containsEntry("first_name", "Ada");
        // and the trigger lists it
        await().atMost(StackClient.FOLDED).untilAsserted(() -> {
            final HttpResponse<String> listed = client.send("GET",
                    client.trigger("/workflows/" + workflowId + "/runs?customer_id=1"), StackClient.bearer(), null);
            assertThat(listed.statusCode()).isEqualTo(200);
            assertThat(listed.body()).contains(run.getRunId());
        });
    }

    @Test
    @Order(2)
    void shouldServeTheSameProfileAfterAProjectorRestartWithoutReapplyingCommands() throws Exception {
        // Given a folded profile
        final String id = "restart-" + UUID.randomUUID();
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"basic\"}]}").statusCode()).isEqualTo(200);
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"pro\"}]}").statusCode()).isEqualTo(200);
        final JsonNode before = client.awaitProfile(id, p -> p.path("revision").asLong() == 2);

        // When the projector is stopped and started again
        final QuarkusService projector = stack.service("profile-projector");
        projector.close();
        projector.start();
        projector.awaitReady(Duration.ofMinutes(2));

        // Then it serves the same profile, with no command applied twice
        final JsonNode after = client.awaitProfile(id, p -> true);
        assertThat(after.get("revision").asLong()).isEqualTo(2);
        assertThat(after.get("attributes")).isEqualTo(before.get("attributes"));
        // and it goes on folding new commands from where it stopped
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"" + id + "\",\"plan\":\"enterprise\"}]}").statusCode()).isEqualTo(200);
        final JsonNode next = client.awaitProfile(id, p -> p.path("revision").asLong() == 3);
        assertThat(next.at("/attributes/plan/value").asText()).isEqualTo("enterprise");
    }

    @Test
    @Order(3)
    void shouldReportAndRestartAServiceThatIsKilled() throws Exception {
        // Given the stack under supervision, as ./cdp up runs it
        final List<String> said = new CopyOnWriteArrayList<>();
        final AtomicInteger restarts = new AtomicInteger();
        stack.supervise(said::add, restarts::incrementAndGet);
        final QuarkusService trigger = stack.service("workflow-trigger");
        final long killed = trigger.pid();

        // When its workflow-trigger process is killed from outside (kill -9)
        ProcessHandle.of(killed).orElseThrow().destroyForcibly();

        // Then the exit is reported, and the service comes back in a new process that serves requests
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(said).contains("cdp: workflow-trigger exited; restarting it in 1 s",
                    "cdp: workflow-trigger is back");
            assertThat(restarts.get()).isEqualTo(1);
        });
        assertThat(trigger.pid()).isNotEqualTo(killed);
        pids.put("workflow-trigger (restarted)", trigger.pid());
        assertThat(client.send("GET", client.trigger("/workflows"), StackClient.bearer(), null).statusCode())
                .isEqualTo(200);
        // and the table ./cdp status reads names its new pid
        assertThat(stack.partsTable()).contains("workflow-trigger " + trigger.port() + " " + trigger.pid() + " ");
    }

    @Test
    @Order(4)
    void shouldFoldTheCommandTheJavaExampleProducerWrites() throws Exception {
        // Given the stack's broker and registry
        final String id = "java-upstream-" + UUID.randomUUID();
        // When the Java example upstream producer writes an upsert for a new customer
        UpstreamProducer.write(stack.endpoints().bootstrapServers(), stack.endpoints().registryUrl(), "demo", id,
                Map.of("plan", "pro"));
        // Then the projector folds it into the customer's profile
        final JsonNode profile = client.awaitProfile(id, p -> true);
        assertThat(profile.at("/attributes/plan/value").asText()).isEqualTo("pro");
    }

    @Test
    @Order(5)
    void shouldFoldTheCommandsThePythonExampleProducerWritesWhereverTheirCustomersLive() throws Exception {
        // Given the stack's broker and registry, and python3 with confluent-kafka and avro (./cdp test installs them)
        // When the Python example upstream producer writes an upsert for each of five new customers (so that they
        // land on several partitions, which a partitioner other than Java's would put elsewhere)
        final List<String> ids = IntStream.range(0, 5).mapToObj(i -> "python-upstream-" + UUID.randomUUID())
                .toList();
        for (final String id : ids) {
            runPythonExample("--bootstrap", stack.endpoints().bootstrapServers(),
                    "--registry", stack.endpoints().registryUrl(),
                    "--workspace", "demo", "--customer", id, "plan=enterprise", "first_name=Ada");
        }
        // Then the projector folds each into its customer's profile, where queries find it
        for (final String id : ids) {
            final JsonNode profile = client.awaitProfile(id, p -> true);
            assertThat(profile.at("/attributes/plan/value").asText()).isEqualTo("enterprise");
            assertThat(profile.at("/attributes/first_name/value").asText()).isEqualTo("Ada");
        }
    }

    /** Runs examples/python/upstream_producer.py and asserts it exits 0. */
    private static void runPythonExample(final String... args) throws Exception {
        // Debian's packages are for the system interpreter, which a python3 first on the PATH (pyenv) may not be.
        final Path system = Path.of("/usr/bin/python3");
        final String interpreter = Files.isExecutable(system) ? system.toString() : "python3";
        final List<String> command = new ArrayList<>(List.of(interpreter,
                StackClient.root().resolve("examples/python/upstream_producer.py").toString()));
        command.addAll(List.of(args));
        final Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
    }

    @Test
    @Order(6)
    void shouldServeSwaggerUiAndTheOpenApiDocumentOnEveryServiceOfThePackagedStack() throws Exception {
        // Given the services run from their packaged jars (the prod profile)
        for (final QuarkusService service : stack.services()) {
            // When Swagger UI and the OpenAPI document are asked for, without credentials
            final HttpResponse<String> ui = client.send("GET", service.url() + "/q/swagger-ui/", Map.of(), null);
            final HttpResponse<String> document = client.send("GET", service.url() + "/q/openapi", Map.of(), null);
            // Then both are served, the document declaring the credentials
            assertThat(ui.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(ui.body()).as(service.name()).contains("swagger-ui");
            assertThat(document.statusCode()).as(service.name()).isEqualTo(200);
            assertThat(document.body()).as(service.name()).contains("securitySchemes", "bearer");
        }
    }

    @Test
    @Order(7)
    void shouldStartAWorkflowWhenACustomerEntersASegmentDefinedThroughIngest() throws Exception {
        // Given a segment of big buyers with a 30-day event window, defined through ingest-api (relayed to the
        // projector), and a workflow on entering it
        final HttpResponse<String> defined = client.send("POST", client.ingest("/segments"), StackClient.bearer(), """
                {"name":"Big buyers","match":"all","conditions":[
                  {"attribute":"orders","op":"gte","value":3},
                  {"event":"purchase","op":"gte","count":2,"within":"P30D"}]}""");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        final String segmentId = StackClient.JSON.readTree(defined.body()).get("id").asText();
        assertThat(client.send("GET", client.ingest("/segments/" + segmentId), StackClient.bearer(), null).body())
                .contains("Big buyers", "P30D");
        final HttpResponse<String> workflow = client.send("POST", client.trigger("/workflows"), StackClient.bearer(),
                "{\"name\":\"Welcome big buyers\",\"trigger\":{\"segment\":\"" + segmentId
                        + "\",\"on\":\"entered\"},\"enabled\":true}");
        assertThat(workflow.statusCode()).as(workflow.body()).isEqualTo(201);
        final String workflowId = StackClient.JSON.readTree(workflow.body()).get("id").asText();

        // When a customer with 5 orders makes two purchases
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"seg-7\",\"orders\":5}]}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 2; i++) {
            assertThat(client.send("POST", client.ingest("/events"), StackClient.keyAndSecret(),
                    "{\"customer_id\":\"seg-7\",\"event\":\"purchase\"}").statusCode()).isEqualTo(200);
        }

        // Then the second purchase puts it in the segment, which starts the workflow exactly once
        final List<WorkflowRun> runs = client.awaitRuns(workflowId, 1);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).getCustomerId()).isEqualTo("seg-7");
        assertThat(runs.get(0).getEventName()).isEqualTo("segment.entered");
        assertThat(runs.get(0).getContext()).containsEntry("segment_id", segmentId).containsEntry("orders", 5L);
    }
}
