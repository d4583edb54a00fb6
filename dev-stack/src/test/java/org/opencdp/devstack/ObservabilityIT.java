package org.opencdp.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.schemas.Topics;
import org.yaml.snakeyaml.Yaml;

/**
 * The services' /q/metrics after traffic that dead-letters records and rejects a value: the cdp_ counters move
 * with the right tags, the hand-built Kafka clients and the Streams applications report their metrics (and a
 * client built for one request leaves none behind), and every metric ops/prometheus/alerts.yml and
 * ops/grafana/opencdp.json query is one a service exposes, so neither file can go stale unnoticed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag(RunningStack.SHARED_TAG)
class ObservabilityIT {

    private static final List<String> SERVICES = List.of("ingest-api", "profile-projector", "workflow-trigger");
    /** Series Prometheus records itself for each scrape target, not exposed by any service. */
    private static final Set<String> RECORDED_BY_PROMETHEUS = Set.of("up");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @RegisterExtension
    static final RunningStack STACK = RunningStack.shared();

    /** One sample of /q/metrics: its labels and value. */
    record Sample(Map<String, String> labels, double value) {
    }

    @Test
    @Order(1)
    void shouldCountDeadLettersByTopicAndReasonAndRejectionsByCause() throws Exception {
        // Given a property decided as an integer by a first write, and the counts so far (the stack is shared)
        final StackClient client = STACK.client();
        final double rejectionsBefore = sum(scrape("profile-projector"), "cdp_attribute_rejections_total", Map.of());
        final double unreadableCommandsBefore = sum(scrape("profile-projector"), "cdp_dead_letters_total",
                Map.of("topic", Topics.CUSTOMER_COMMANDS.name(), "reason", "unreadable"));
        final double unreadableWorkflowsBefore = sum(scrape("workflow-trigger"), "cdp_dead_letters_total",
                Map.of("topic", Topics.WORKFLOWS.name(), "reason", "unreadable"));
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"obs-1\",\"seats\":3}]}").statusCode()).isEqualTo(200);
        client.awaitProfile("obs-1", p -> p.path("attributes").has("seats"));

        // When a write's value cannot be coerced to it, and records no one can read reach customer-commands and
        // workflows (an upstream producer writing garbage)
        assertThat(client.send("POST", client.ingest("/customers"), StackClient.keyAndSecret(),
                "{\"customers\":[{\"id\":\"obs-2\",\"seats\":\"many\"}]}").statusCode()).isEqualTo(200);
        writeGarbage(Topics.CUSTOMER_COMMANDS.name());
        writeGarbage(Topics.WORKFLOWS.name());

        // Then the profile records the rejection, and the projector counts it
        final JsonNode refused = client.awaitProfile("obs-2", p -> p.path("rejections").size() == 1);
        assertThat(refused.at("/rejections/0/property").asText()).isEqualTo("seats");
        await().atMost(StackClient.FOLDED).untilAsserted(() -> assertThat(
                sum(scrape("profile-projector"), "cdp_attribute_rejections_total", Map.of())).isEqualTo(rejectionsBefore + 1));
        assertThat(scrape("profile-projector").get("cdp_attribute_rejections_total"))
                .as("one series per cause, registered at 0")
                .extracting(sample -> sample.labels().get("cause"))
                .containsExactlyInAnyOrder("write", "decided", "type_change", "too_large");
        // and each unreadable record is counted by its service under the topic it was read from, as unreadable
        await().atMost(StackClient.FOLDED).untilAsserted(() -> {
            assertThat(sum(scrape("profile-projector"), "cdp_dead_letters_total",
                    Map.of("topic", Topics.CUSTOMER_COMMANDS.name(), "reason", "unreadable"))).isEqualTo(unreadableCommandsBefore + 1);
            assertThat(sum(scrape("workflow-trigger"), "cdp_dead_letters_total",
                    Map.of("topic", Topics.WORKFLOWS.name(), "reason", "unreadable"))).isEqualTo(unreadableWorkflowsBefore + 1);
        });
        // and no dead letter's tag holds the reason's free text
        assertThat(scrape("profile-projector").get("cdp_dead_letters_total"))
                .allSatisfy(sample -> assertThat(sample.labels().get("reason"))
                        .isIn("unreadable", "invalid", "failed", "misplaced", "too_large", "other"));
    }

    @Test
    @Order(2)
    void shouldReportTheKafkaClientsAndStreamsOfEveryServiceAndLeaveNoMetersOfAClientBuiltForOneRequest()
            throws Exception {
        // Given the services after the traffic above
        // When an admin lists the dead letters (ingest-api builds a consumer for that one request)
        final StackClient client = STACK.client();
        final HttpResponse<String> listed = client.send("GET", client.ingest("/dead-letters"),
                Map.of("Authorization", "Bearer demo-admin"), null);
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);

        // Then ingest-api reports its hand-built producer's metrics under its client id, and none of the
        // request's consumer once it is closed
        final Map<String, List<Sample>> ingest = scrape("ingest-api");
        assertThat(clientIds(ingest, "kafka_producer_record_send_total")).contains("ingest-api");
        assertThat(clientIds(ingest, "kafka_consumer_")).doesNotContain("ingest-api-dead-letters");
        // and each Streams service reports its Kafka Streams state and readiness, and its consumer lag per input
        // partition (Micrometer adds a partition's meters at its next refresh, up to a minute after assignment)
        for (final String streams : List.of("profile-projector", "workflow-trigger")) {
            final Map<String, List<Sample>> metrics = scrape(streams);
            assertThat(metrics).as(streams).containsKeys("kafka_stream_client_state", "kafka_stream_alive_stream_threads");
            assertThat(sum(metrics, "cdp_streams_ready", Map.of())).as(streams).isEqualTo(1.0);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                    assertThat(scrape(streams).get("kafka_consumer_fetch_manager_records_lag")).as(streams)
                            .anySatisfy(lag -> assertThat(lag.labels().get("client_id")).contains("-StreamThread-")));
        }
        // and workflow-trigger has a webhook outcome series of each kind from the start
        assertThat(scrape("workflow-trigger").get("cdp_webhook_deliveries_total"))
                .extracting(sample -> sample.labels().get("outcome"))
                .containsExactlyInAnyOrder("delivered", "failed", "parked");
        // and the HTTP timer has latency buckets, for the p99
        assertThat(ingest).containsKey("http_server_requests_seconds_bucket");
    }

    @Test
    @Order(3)
    void shouldExposeEveryMetricTheAlertRulesAndTheDashboardQuery() throws Exception {
        // Given every metric name the three services expose
        final Set<String> exposed = new TreeSet<>(RECORDED_BY_PROMETHEUS);
        for (final String service : SERVICES) {
            exposed.addAll(scrape(service).keySet());
        }

        // When the expressions of ops/ are read
        final Path ops = StackClient.root().resolve("ops");
        final List<String> expressions = new ArrayList<>(alertExpressions(ops.resolve("prometheus/alerts.yml")));
        final int alerts = expressions.size();
        expressions.addAll(dashboardExpressions(ops.resolve("grafana/opencdp.json")));

        // Then each names only metrics some service exposes
        assertThat(alerts).isGreaterThanOrEqualTo(8);
        assertThat(expressions.size() - alerts).isGreaterThanOrEqualTo(15);
        final Set<String> queried = new LinkedHashSet<>();
        for (final String expression : expressions) {
            final Set<String> names = PromQl.metricNames(expression);
            assertThat(names).as(expression).isNotEmpty();
            queried.addAll(names);
        }
        assertThat(queried).allSatisfy(name -> assertThat(exposed).as("exposed metrics").contains(name));
    }

    private static void writeGarbage(final String topic) {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.stack().endpoints().bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "observability-it".getBytes(StandardCharsets.UTF_8),
                    "not a record anyone can read".getBytes(StandardCharsets.UTF_8))).get();
        } catch (Exception e) {
            throw new AssertionError("Cannot write to " + topic, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions(final Path file) throws IOException {
        final Map<String, Object> rules = new Yaml().load(Files.readString(file));
        final List<String> expressions = new ArrayList<>();
        for (final Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (final Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    private static List<String> dashboardExpressions(final Path file) throws IOException {
        final JsonNode dashboard = StackClient.JSON.readTree(file.toFile());
        final List<String> expressions = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> expressions.add(expr.asText()));
        return expressions;
    }

    /** The samples of a service's /q/metrics, by metric name. */
    private static Map<String, List<Sample>> scrape(final String service) throws Exception {
        final HttpResponse<String> page = STACK.client().send("GET",
                STACK.stack().service(service).url() + "/q/metrics", Map.of(), null);
        assertThat(page.statusCode()).as(service).isEqualTo(200);
        final Map<String, List<Sample>> metrics = new HashMap<>();
        for (final String line : page.body().split("\n")) {
            final Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            final Map<String, String> labels = new HashMap<>();
            if (sample.group(3) != null) {
                final Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            metrics.computeIfAbsent(sample.group(1), name -> new ArrayList<>())
                    .add(new Sample(labels, value(sample.group(4))));
        }
        return metrics;
    }

    /** A sample's value in the exposition format ({@code 1.0}, {@code NaN}, {@code +Inf}). */
    private static double value(final String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The sum of {@code name}'s samples whose labels include {@code labels}. */
    private static double sum(final Map<String, List<Sample>> metrics, final String name, final Map<String, String> labels) {
        return metrics.getOrDefault(name, List.of()).stream()
                .filter(sample -> sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** The client ids of the samples of every metric whose name starts with {@code prefix}. */
    private static Set<String> clientIds(final Map<String, List<Sample>> metrics, final String prefix) {
        final Set<String> ids = new TreeSet<>();
        metrics.forEach((name, samples) -> {
            if (name.startsWith(prefix)) {
                samples.forEach(sample -> ids.add(sample.labels().getOrDefault("client_id", "")));
            }
        });
        return ids;
    }
}
