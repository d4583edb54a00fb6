package org.opencdp.trigger.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.trigger.run.TemplateLimits;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WebhookRetry;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.schemas.Topics;
import org.opencdp.trigger.Fixtures;
import org.opencdp.trigger.webhook.DeliveryMonitor;
import org.opencdp.trigger.webhook.RetryPolicy;
import org.opencdp.trigger.webhook.WebhookTargets;

/**
 * The trigger topology in a {@link TopologyTestDriver} whose wall clock the test moves, delivering over real HTTP
 * to a local server: {@code /ok} answers 200, {@code /fail} 500 with a body, {@code /hang} nothing for 10 s;
 * every POST is recorded.
 */
public final class DeliveryTopologyHarness implements AutoCloseable {

    public static final Instant START = Instant.parse("2024-06-01T00:00:00Z");
    public static final Duration INTERVAL = Duration.ofMillis(200);
    public static final Duration RETENTION = Duration.ofHours(1);
    public static final Duration STUCK_AFTER = Duration.ofSeconds(30);

    /** One POST the server received. */
    public record Received(String path, String idempotencyKey, String body) {
    }

    public final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    public final AtomicLong clock = new AtomicLong(START.toEpochMilli());
    public final DeliveryMonitor monitor = new DeliveryMonitor(STUCK_AFTER, clock::get);
    private final TriggerDriver trigger = new TriggerDriver();
    public final RefusingRegistry registry = trigger.registry();
    public final TopologyTestDriver driver;
    public final TestInputTopic<CustomerKey, EnrichedEvent> events;
    public final TestInputTopic<CustomerKey, WebhookRetry> retries;
    public final TestOutputTopic<RunKey, WebhookDelivery> deliveries;
    public final TestOutputTopic<CustomerKey, WorkflowRun> runs;
    private final TestInputTopic<WorkflowKey, WorkflowDefinition> workflows;
    private final List<KeyValue<RunKey, WebhookDelivery>> written = new java.util.ArrayList<>();
    private final HttpServer server;
    private final Vertx vertx;
    private final WebhookSender sender;
    private final Map<String, Integer> statusByPath = new ConcurrentHashMap<>(Map.of("/ok", 200, "/fail", 500));

    public DeliveryTopologyHarness(final Path stateDir, final int maxAttempts) {
        this(stateDir, maxAttempts, DeletedWorkspaces.NONE);
    }

    /** With the workspaces the operator deleted, as the trigger knows them. */
    public DeliveryTopologyHarness(final Path stateDir, final int maxAttempts, final DeletedWorkspaces deleted) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().factory()));
        server.createContext("/", exchange -> {
            final String path = exchange.getRequestURI().getPath();
            if (path.equals("/hang")) {
                received.add(new Received(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"), ""));
                try {
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            received.add(new Received(path, exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            final byte[] answer = "receiver says no".getBytes(StandardCharsets.UTF_8);
            final int status = statusByPath.getOrDefault(path, 404);
            exchange.sendResponseHeaders(status, status == 200 ? -1 : answer.length);
            if (status != 200) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        server.start();
        final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        vertx = Vertx.vertx();
        sender = new WebhookSender(vertx, json, Duration.ofSeconds(2), 200, 64, Fixtures.LOOPBACK_RECEIVERS, WebhookTargets.SYSTEM);
        final WebhookConfig webhook = new WebhookConfig(true,
                new RetryPolicy(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(4)), INTERVAL, 8, RETENTION,
                sender, monitor);
        trigger.start(new TriggerConfig(registry, Duration.ofDays(7), webhook, TemplateLimits.DEFAULT, deleted),
                StreamsTestDriver.properties("workflow-trigger-delivery-test", stateDir), START);
        driver = trigger.driver();
        workflows = trigger.workflows();
        events = trigger.events();
        retries = trigger.input(Topics.WEBHOOK_RETRIES);
        deliveries = trigger.output(Topics.WEBHOOK_DELIVERIES);
        runs = trigger.output(Topics.WORKFLOW_RUNS);
    }

    public String url(final String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** An enabled workflow of workspace demo started by {@code event}, with a webhook to {@code url} (or none). */
    public void define(final String workflowId, final String event, final String url) {
        define(workflowId, event, url, null);
    }

    /** An enabled workflow of {@code workspace} started by {@code event}, with a webhook to {@code url}. */
    public void defineIn(final String workspace, final String workflowId, final String event, final String url) {
        final WorkflowDefinition definition = Fixtures.workflow(workspace, workflowId, event, true);
        definition.setWebhook(new Webhook(url, null));
        workflows.pipeInput(new WorkflowKey(workspace, workflowId), definition, Fixtures.CREATED);
    }

    /** A workflow with a message template, stored as is (as a definition written before templates were checked). */
    public void define(final String workflowId, final String event, final String url, final String template) {
        final WorkflowDefinition definition = Fixtures.workflow("demo", workflowId, event, true);
        definition.setWebhook(url == null ? null : new Webhook(url, null));
        definition.setTemplate(template);
        workflows.pipeInput(new WorkflowKey("demo", workflowId), definition, Fixtures.CREATED);
    }

    /** An event of {@code customer}, at the driver's current wall-clock time. */
    public void pipe(final String eventId, final String name, final String customer) {
        pipe("demo", eventId, name, customer);
    }

    /** An event of {@code customer} of {@code workspace}, at the driver's current wall-clock time. */
    public void pipe(final String workspace, final String eventId, final String name, final String customer) {
        final EnrichedEvent event = Fixtures.event(workspace, eventId, name, Map.of());
        event.setCustomerId(customer);
        events.pipeInput(new CustomerKey(workspace, customer), event, clock.get());
    }

    /** Moves the wall clock (the driver's and readiness's) by {@code by}: due punctuations run. */
    public void advance(final Duration by) {
        clock.addAndGet(by.toMillis());
        driver.advanceWallClockTime(by);
    }

    /** Delivery rounds, a little real time apart (requests complete on the client's threads), until {@code done}. */
    public void roundsUntil(final BooleanSupplier done) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within 20 s of delivery rounds");
            }
            advance(INTERVAL);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public List<Received> postsTo(final String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    public KeyValueStore<String, byte[]> deliveryStore() {
        return driver.getKeyValueStore(DeliveryStores.DELIVERIES);
    }

    public KeyValueStore<String, String> scheduleStore() {
        return driver.getKeyValueStore(DeliveryStores.SCHEDULE);
    }

    /** The delivery of {@code runId} as the store holds it, if any. */
    public WebhookDelivery stored(final String runId) {
        final byte[] bytes = deliveryStore().get(DeliveryStores.deliveryKey("demo", runId));
        return bytes == null ? null
                : Topics.WEBHOOK_DELIVERIES.valueSerde(registry).deserialize(Topics.WEBHOOK_DELIVERIES.name(), bytes);
    }

    /** Every record written to webhook-deliveries so far, in order. */
    public List<KeyValue<RunKey, WebhookDelivery>> written() {
        written.addAll(deliveries.readKeyValuesToList());
        return List.copyOf(written);
    }

    @Override
    public void close() {
        trigger.close();
        sender.close();
        vertx.close();
        server.stop(0);
    }
}
