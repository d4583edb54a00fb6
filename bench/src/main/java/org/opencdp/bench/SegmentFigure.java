package org.opencdp.bench;

import static org.opencdp.bench.RunContext.CATCH_UP_TIMEOUT;
import static org.opencdp.bench.RunContext.COMMANDS;
import static org.opencdp.bench.RunContext.PROJECTOR_GROUP;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import org.HdrHistogram.ConcurrentHistogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.bench.jvm.CollapsedProfile;
import org.opencdp.bench.kafka.FoldProgress;
import org.opencdp.bench.load.CustomerBodies;
import org.opencdp.bench.load.HttpLoad;
import org.opencdp.bench.load.LatencySummary;
import org.opencdp.bench.report.Figure;
import org.opencdp.bench.report.Target;
import org.opencdp.embedded.QuarkusService;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.RestSchemaRegistry;

/**
 * Figure 8, segments (issue 15): the fold rate with 20 segments against the fold rate with none on the same kind of
 * commands in the same run; the backfill of one new segment over every profile; the size and the first page of
 * members of that segment (half of the customers); and how soon a write's membership change is visible, on
 * {@code enriched-events} and through the projector, at half the maximum single-customer rate.
 */
final class SegmentFigure {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Half of the customers: age is 18 + id % 60, so id % 60 ≥ 30. */
    private static final String HALF = "{\"name\":\"bench half\",\"match\":\"all\",\"conditions\":[{\"attribute\":\"age\",\"op\":\"gte\",\"value\":48}]}";
    /** Nobody's score reaches it (at most 99.6) until a sampled write of figure 8.4 sets it. */
    private static final String FLIP = "{\"name\":\"bench flip\",\"match\":\"all\",\"conditions\":[{\"attribute\":\"score\",\"op\":\"gte\",\"value\":5000}]}";
    /** Eighteen more, of every kind of condition, over the bench's ten attributes and two event names. */
    private static final List<String> OTHERS = List.of(
            cond("pros", "all", "{\"attribute\":\"plan\",\"op\":\"eq\",\"value\":\"pro\"}"),
            cond("big vips", "all", "{\"attribute\":\"plan\",\"op\":\"eq\",\"value\":\"enterprise\"},{\"attribute\":\"vip\",\"op\":\"eq\",\"value\":true}"),
            cond("two cities", "all", "{\"attribute\":\"city\",\"op\":\"in\",\"value\":[\"Lisbon\",\"Berlin\"]}"),
            cond("young", "all", "{\"attribute\":\"age\",\"op\":\"lt\",\"value\":25}"),
            cond("tagged", "all", "{\"attribute\":\"tags\",\"op\":\"contains\",\"value\":\"t1\"}"),
            cond("old sign-ups", "all", "{\"attribute\":\"signed_up\",\"op\":\"before_last\",\"duration\":\"P30D\"}"),
            cond("buyers", "all", "{\"event\":\"purchase\",\"op\":\"gte\",\"count\":1,\"within\":\"P30D\"}"),
            cond("viewers", "all", "{\"event\":\"page_view\",\"op\":\"gte\",\"count\":3,\"within\":\"P7D\"}"),
            cond("mid score", "all", "{\"attribute\":\"score\",\"op\":\"gte\",\"value\":30},{\"attribute\":\"score\",\"op\":\"lt\",\"value\":60}"),
            cond("old or vip", "any", "{\"attribute\":\"age\",\"op\":\"gte\",\"value\":70},{\"attribute\":\"vip\",\"op\":\"eq\",\"value\":true}"),
            cond("with email", "all", "{\"attribute\":\"email\",\"op\":\"exists\"}"),
            cond("one name", "all", "{\"attribute\":\"first_name\",\"op\":\"eq\",\"value\":\"Name1\"}"),
            cond("not surname 5", "all", "{\"attribute\":\"last_name\",\"op\":\"ne\",\"value\":\"Surname5\"}"),
            cond("older in Osaka", "all", "{\"attribute\":\"city\",\"op\":\"eq\",\"value\":\"Osaka\"},{\"attribute\":\"age\",\"op\":\"gte\",\"value\":30}"),
            cond("teams", "all", "{\"attribute\":\"plan\",\"op\":\"in\",\"value\":[\"team\",\"enterprise\"]}"),
            cond("low score", "all", "{\"attribute\":\"score\",\"op\":\"lte\",\"value\":10}"),
            cond("nested", "all", "{\"attribute\":\"vip\",\"op\":\"eq\",\"value\":false},{\"match\":\"any\",\"conditions\":"
                    + "[{\"attribute\":\"plan\",\"op\":\"eq\",\"value\":\"free\"},{\"attribute\":\"age\",\"op\":\"lt\",\"value\":30}]}"),
            cond("big spenders", "any", "{\"event\":\"purchase\",\"op\":\"gte\",\"count\":5,\"within\":\"P90D\"},"
                    + "{\"attribute\":\"score\",\"op\":\"gte\",\"value\":95}"));
    /** Membership reads per second at most while writes run: reading must not become the load (as figure 4). */
    private static final double SAMPLES_PER_SECOND = 50;

    private final RunContext run;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<String> defined = new ArrayList<>();

    SegmentFigure(final RunContext run) {
        this.run = run;
    }

    private static String cond(final String name, final String match, final String conditions) {
        return "{\"name\":\"bench " + name + "\",\"match\":\"" + match + "\",\"conditions\":[" + conditions + "]}";
    }

    /**
     * Runs every part; the segments it defines are deleted at its end, so the figures after it fold as before.
     *
     * @param max the maximum single-customer rate (figure 2): the membership phase runs at half of it
     */
    void measure(final Map<String, String> writeHeaders, final String token, final double max) throws Exception {
        final QuarkusService ingest = run.stack.service("ingest-api");
        final QuarkusService projector = run.stack.service("profile-projector");
        final Map<String, Object> details = new LinkedHashMap<>();
        run.details.put("segments", details);
        try {
            // 8.1 The fold with no segment, on commands that change every profile
            final int customers = Math.max(BenchPlan.MIN_CUSTOMERS, run.plan.customers() / 2);
            awaitQuiet(projector);
            final double none = foldRate(ingest, writeHeaders, customers, 1, "no segments", details);

            // 8.2 Backfill of one new segment over every profile
            final long started = System.nanoTime();
            final String half = define(projector, token, HALF);
            final JsonNode live = awaitLive(projector, token, half, Duration.ofMinutes(10));
            final double backfill = (System.nanoTime() - started) / 1e9;
            // 8.1 wrote ages of variant 1 (18 + (id + 1) % 60) to the first customers, the others keep variant 0's
            final long changed = (long) customers / run.plan.batchSize() * run.plan.batchSize();
            long expected = 0;
            for (long id = 1; id <= run.plan.customers(); id++) {
                expected += (id <= changed ? (id + 1) % 60 : id % 60) >= 30 ? 1 : 0;
            }
            details.put("backfill", Map.of("seconds", backfill, "profiles", run.plan.customers(),
                    "size", live.path("size").asLong(), "expected_size", expected));
            run.log(String.format("   backfill of one segment over %d profiles: %.1f s, size %d (expected %d)",
                    run.plan.customers(), backfill, live.path("size").asLong(), expected));
            run.table.add(Figure.of("8. segment backfill over " + run.plan.customers() + " profiles", "s", backfill,
                    new Target.AtMost(120)));

            // 8.3 Its size and its first page of members, read again and again
            try (HttpLoad reads = new HttpLoad("127.0.0.1", projector.port(), 8)) {
                final Map<String, String> auth = Map.of("Authorization", "Bearer " + token);
                reads.closedLoop(4, Duration.ofSeconds(3), -1, i -> new HttpLoad.Request(HttpMethod.GET,
                        "/segments/" + half, auth, null), (i, r) -> { });
                final HttpLoad.Result size = reads.closedLoop(4, Duration.ofSeconds(10), -1, i -> new HttpLoad.Request(
                        HttpMethod.GET, "/segments/" + half, auth, null), (i, r) -> { });
                final HttpLoad.Result page = reads.closedLoop(4, Duration.ofSeconds(10), -1, i -> new HttpLoad.Request(
                        HttpMethod.GET, "/segments/" + half + "/members", auth, null), (i, r) -> { });
                details.put("size_reads", Map.of("latency_ms", size.latency(), "failures", size.failures()));
                details.put("first_page_reads", Map.of("latency_ms", page.latency(), "failures", page.failures()));
                run.log(String.format("   GET /segments/{id}: p99 %.1f ms; first page of %d members: p99 %.1f ms (%s; %s)",
                        size.latency().p99Ms(), live.path("size").asLong(), page.latency().p99Ms(),
                        RunContext.failures(size), RunContext.failures(page)));
                run.table.add(Figure.of("8. GET /segments/{id} (size) p99, 4 in flight", "ms", size.latency().p99Ms(),
                        new Target.AtMost(100)));
                run.table.add(Figure.of("8. first page of members of a " + live.path("size").asLong()
                        + "-member segment p99, 4 in flight", "ms", page.latency().p99Ms(), new Target.AtMost(100)));
            }

            // 8.4 Twenty segments: a membership change after the write's 2xx, at half the maximum rate
            // Profiled: the walk that evaluates 19 new segments over every profile is the run's longest phase.
            final long walked = System.nanoTime();
            run.profileStart("profile-projector");
            final String flip = define(projector, token, FLIP);
            for (final String other : OTHERS) {
                define(projector, token, other);
            }
            for (final String id : defined) {
                awaitLive(projector, token, id, Duration.ofMinutes(15));
            }
            run.profileStop("8-backfill-19-segments", Duration.ofNanos(System.nanoTime() - walked), "profile-projector");
            final double walkSeconds = (System.nanoTime() - walked) / 1e9;
            details.put("backfill_19_segments_seconds", walkSeconds);
            run.log(String.format("   %d segments defined and live (the 19 new ones backfilled in %.1f s)", defined.size(),
                    walkSeconds));
            // The backfills wrote millions of store entries: RocksDB compacts them for minutes after. The phases
            // after start once that has settled, so they measure the segments' cost per write, not the debt.
            awaitQuiet(projector);
            membershipLatency(ingest, projector, writeHeaders, token, flip, max / 2, changed, details);

            // 8.5 The fold with those twenty segments, on the same kind of commands as 8.1
            awaitQuiet(projector);
            final double twenty = foldRate(ingest, writeHeaders, customers, 2, "20 segments", details);
            run.table.add(Figure.compared("8. fold rate with 20 segments (" + customers + " changing commands)",
                    "commands/s", twenty, none, "fold rate with none, same run", new Target.RatioAtLeast(0.7)));
        } finally {
            for (final String id : defined) {
                send(projector, token, "DELETE", "/segments/" + id, null);
            }
            // Deleting them starts a walk that takes every customer out of them (millions of store entries and
            // segment-memberships tombstones at full scale): the figures after this one start once it is done.
            final long deleted = System.nanoTime();
            awaitQuiet(projector);
            details.put("deleted_segments_settled_seconds", (System.nanoTime() - deleted) / 1e9);
        }
    }

    /**
     * Queues {@code customers} changing writes of {@code variant} as fast as batched ingest takes them (far faster
     * than the fold), then follows the fold's rate on that backlog. The projector keeps running: no restart, so
     * both folds compared run warm (a restart's first seconds are the JIT's, not the fold's).
     */
    private double foldRate(final QuarkusService ingest, final Map<String, String> headers, final int customers,
                            final int variant, final String label, final Map<String, Object> details) throws Exception {
        run.catchUp("before the fold with " + label);
        final long eventsBefore = run.kafka.endOffset(RunContext.ENRICHED);
        try (HttpLoad load = new HttpLoad("127.0.0.1", ingest.port(), run.plan.connections())) {
            final int batch = run.plan.batchSize();
            final HttpLoad.Result filled = load.closedLoop(run.plan.batchClients(), Duration.ofMinutes(10),
                    customers / batch, i -> new HttpLoad.Request(HttpMethod.POST, "/customers", headers,
                            Buffer.buffer(CustomerBodies.batch(1 + i * batch, batch, variant))), (i, r) -> { });
            run.log("   " + label + ": " + filled.completed() * batch + " changing writes queued in "
                    + filled.elapsed().toMillis() / 1000.0 + " s (" + RunContext.failures(filled) + ")");
        }
        final long target = run.kafka.endOffset(COMMANDS);
        final FoldProgress folded = new FoldProgress(target);
        final long profiled = System.nanoTime();
        run.profileStart("profile-projector");
        run.kafka.follow(PROJECTOR_GROUP, COMMANDS, folded, Duration.ofMillis(200), run.plan.foldWindow(), CATCH_UP_TIMEOUT);
        run.profileStop("8-fold-" + label.replace(' ', '-'), Duration.ofNanos(System.nanoTime() - profiled), "profile-projector");
        run.log(String.format("   fold with %s: %.0f commands/s (%d in %.1f s)", label, folded.perSecond(),
                folded.records(), folded.seconds()));
        run.catchUp("after the fold with " + label);
        // What the fold wrote to enriched-events per command (attribute.changed, segment.entered/exited; the
        // transactions' commit markers count too): where the time with segments goes.
        final double eventsPerCommand = (run.kafka.endOffset(RunContext.ENRICHED) - eventsBefore) / (double) customers;
        run.log(String.format("   enriched-events records per command with %s: %.2f", label, eventsPerCommand));
        details.put("fold_" + label.replace(' ', '_'), Map.of("records", folded.records(), "seconds", folded.seconds(),
                "per_second", folded.perSecond(), "enriched_events_per_command", eventsPerCommand));
        return folded.perSecond();
    }

    /**
     * Writes at {@code rate} for the end-to-end phase's length; some writes set a customer's score into
     * {@code flip}. For those: the time from the write's 2xx to its {@code segment.entered} on enriched-events, and
     * to the customer's segments listing {@code flip} when read after the write's consistency token.
     */
    private void membershipLatency(final QuarkusService ingest, final QuarkusService projector,
                                   final Map<String, String> writeHeaders, final String token, final String flip,
                                   final double rate, final long changed, final Map<String, Object> details)
            throws Exception {
        final long every = Math.max(1, Math.round(rate / SAMPLES_PER_SECOND));
        final long customers = run.plan.customers();
        // A warm-up as figure 4's, as long as the phase, with the phase's writes but none moving a customer: the
        // backfills' walks over every profile have just filled RocksDB's block cache with other blocks, and the
        // phase then measures how long the fold takes to read its profiles back, not the segments. How far the fold
        // fell behind on that cold cache is the catch-up after it (logged, and in the JSON's catch_up_seconds).
        run.catchUp("before the membership warm-up");
        run.log(String.format("   membership warm-up: %.0f req/s for %d s, the same customers, no membership moved",
                rate, run.plan.endToEndPhase().toSeconds()));
        try (HttpLoad warm = new HttpLoad("127.0.0.1", ingest.port(), run.plan.connections())) {
            final HttpLoad.Result warmed = warm.constantRate(rate, run.plan.endToEndPhase(), i -> {
                final long id = 1 + (i * 7919) % customers;
                return new HttpLoad.Request(HttpMethod.POST, "/customers", writeHeaders,
                        Buffer.buffer(CustomerBodies.single(id, id <= changed ? 1 : 0)));
            }, (i, reply) -> { });
            run.noteUnanswered("8. membership warm-up (writes)", warmed.failures());
        }
        run.catchUp("after the membership warm-up, on the cache the backfills left");
        run.log(String.format("8. membership changes: %.0f req/s for %d s, every %d. write puts its customer in a segment",
                rate, run.plan.endToEndPhase().toSeconds(), every));
        final Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        final Map<String, Long> enteredAt = new ConcurrentHashMap<>();
        final ConcurrentHistogram onTopic = new ConcurrentHistogram(3);
        final ConcurrentHistogram readable = new ConcurrentHistogram(3);
        final AtomicLong sampled = new AtomicLong();
        final AtomicLong read = new AtomicLong();
        final AtomicLong notListed = new AtomicLong();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread watcher = Thread.ofPlatform().name("bench-entered-watcher").start(() ->
                watchEntered(flip, enteredAt, stop));
        final Map<String, String> readHeaders = Map.of("Authorization", "Bearer " + token);
        try (HttpLoad writes = new HttpLoad("127.0.0.1", ingest.port(), run.plan.connections());
             HttpLoad reads = new HttpLoad("127.0.0.1", projector.port(), run.plan.connections())) {
            Thread.sleep(2000); // the watcher's consumer is assigned and at the end of the topic
            // Wall clock: where the projector's threads wait, when a change is late without the CPU being busy.
            final long profiled = System.nanoTime();
            run.profiler.start(projector.pid(), "wall");
            final HttpLoad.Result result = writes.constantRate(rate, run.plan.endToEndPhase(), i -> {
                final long id = 1 + (i * 7919) % customers;
                // The other writes send what the customer holds, as figure 4's do (8.1 changed the first ones):
                // the difference between the two figures is the segments, not the work of the writes.
                final String body = i % every == 0
                        ? "{\"customers\":[{\"id\":" + id + ",\"score\":" + (5000 + i) + "}]}"
                        : CustomerBodies.single(id, id <= changed ? 1 : 0);
                return new HttpLoad.Request(HttpMethod.POST, "/customers", writeHeaders, Buffer.buffer(body));
            }, (i, reply) -> {
                if (i % every != 0 || reply.consistencyToken() == null) {
                    return;
                }
                final String customer = Long.toString(1 + (i * 7919) % customers);
                answeredAt.put(customer, reply.arrivedNanos());
                sampled.incrementAndGet();
                reads.send(new HttpLoad.Request(HttpMethod.GET, "/customers/" + customer + "/segments?after="
                        + URLEncoder.encode(reply.consistencyToken(), StandardCharsets.UTF_8), readHeaders, null))
                        .onComplete(answer -> {
                            if (answer.succeeded() && answer.result().status() == 200) {
                                readable.recordValue(Math.max(0, (answer.result().arrivedNanos() - reply.arrivedNanos()) / 1000));
                            } else {
                                notListed.incrementAndGet();
                            }
                            read.incrementAndGet();
                        });
            });
            final Path wall = run.artifacts.resolve("profile-8-membership-wall-profile-projector.collapsed");
            run.profiler.stop(projector.pid(), wall);
            final CollapsedProfile streamThread = CollapsedProfile.parse(Files.readString(wall), "-StreamThread-N");
            run.hotMethods.add(String.format("== 8-membership / profile-projector stream thread, wall clock: %d samples at "
                    + "10 ms in %.0f s (stacks: %s)", streamThread.total(), (System.nanoTime() - profiled) / 1e9, wall.getFileName()));
            run.hotMethods.addAll(streamThread.summary(12));
            run.hotMethods.add("");
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((read.get() < sampled.get() || enteredAt.size() < answeredAt.size()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            run.noteUnanswered("8. membership changes (writes)", result.failures());
        } finally {
            stop.set(true);
            watcher.join(10_000);
        }
        // The reads above answer once the write is folded, its memberships with it: some are checked to list it.
        long verified = 0;
        long checked = 0;
        for (final String customer : answeredAt.keySet().stream().limit(20).toList()) {
            final HttpResponse<String> segments = send(projector, token, "GET", "/customers/" + customer + "/segments", null);
            checked++;
            verified += segments.statusCode() == 200 && segments.body().contains(flip) ? 1 : 0;
        }
        details.put("membership_listed_checked", Map.of("checked", checked, "listing_the_segment", verified));
        long missing = 0;
        for (final Map.Entry<String, Long> answered : answeredAt.entrySet()) {
            final Long entered = enteredAt.get(answered.getKey());
            if (entered == null) {
                missing++;
            } else {
                onTopic.recordValue(Math.max(0, (entered - answered.getValue()) / 1000));
            }
        }
        final LatencySummary event = LatencySummary.of(onTopic);
        final LatencySummary listed = LatencySummary.of(readable);
        details.put("membership_change", Map.of("rate", rate, "sampled", sampled.get(), "entered_event_ms", event,
                "entered_event_missing", missing, "listed_after_token_ms", listed, "not_listed", notListed.get()));
        run.log(String.format("   segment.entered on enriched-events after p50 %.1f ms, p99 %.1f ms (%d sampled, %d without one); "
                        + "listed through the projector after p50 %.1f ms, p99 %.1f ms", event.p50Ms(), event.p99Ms(),
                sampled.get(), missing, listed.p50Ms(), listed.p99Ms()));
        final String at = " at 50 % (" + Math.round(rate) + " req/s), 20 segments";
        run.table.add(Figure.of("8. membership change, 2xx to segment.entered on enriched-events, p50" + at, "ms",
                event.p50Ms(), Target.none()));
        run.table.add(Figure.of("8. membership change, 2xx to segment.entered on enriched-events, p99" + at, "ms",
                event.p99Ms(), new Target.AtMost(1000)));
        run.table.add(Figure.of("8. membership change, 2xx to listed in the customer's segments, p99" + at, "ms",
                listed.p99Ms(), new Target.AtMost(1000)));
    }

    /** Notes when each customer's {@code segment.entered} of {@code segment} is committed to enriched-events. */
    private void watchEntered(final String segment, final Map<String, Long> enteredAt, final AtomicBoolean stop) {
        final Topic<CustomerKey, EnrichedEvent> topic = Topics.ENRICHED_EVENTS;
        final var serdes = topic.serdes(new RestSchemaRegistry(run.stack.endpoints().registryUrl()));
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, run.stack.endpoints().bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Fetches answer as soon as a record is there: the wait is the figure's, not the consumer's.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
        try (KafkaConsumer<CustomerKey, EnrichedEvent> consumer = new KafkaConsumer<>(props,
                serdes.key().deserializer(), serdes.value().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (!stop.get()) {
                for (final ConsumerRecord<CustomerKey, EnrichedEvent> record : consumer.poll(Duration.ofMillis(20))) {
                    final EnrichedEvent event = record.value();
                    if (event != null && "segment.entered".equals(event.getName())
                            && segment.equals(String.valueOf(event.getData().get("segment_id")))) {
                        enteredAt.putIfAbsent(event.getCustomerId(), System.nanoTime());
                    }
                }
            }
        } catch (RuntimeException e) {
            run.errors.add("8. entered-event watcher: " + e);
        }
    }

    /** Waits (10 minutes at most) until the process has used under 15 % of a core for 5 seconds running. */
    private void awaitQuiet(final QuarkusService service) throws InterruptedException {
        final long started = System.nanoTime();
        final ProcessHandle process = ProcessHandle.of(service.pid()).orElseThrow();
        long last = process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
        int quietSeconds = 0;
        while (quietSeconds < 5 && System.nanoTime() - started < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(1000);
            final long now = process.info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
            quietSeconds = now - last < 150 ? quietSeconds + 1 : 0;
            last = now;
        }
        run.log(String.format("   %s quiet after %.0f s (compactions done)", service.name(),
                (System.nanoTime() - started) / 1e9));
    }

    /** Defines a segment through the projector; its id. */
    private String define(final QuarkusService projector, final String token, final String body) throws Exception {
        final HttpResponse<String> created = send(projector, token, "POST", "/segments", body);
        if (created.statusCode() != 201) {
            throw new IllegalStateException("POST /segments answered " + created.statusCode() + ": " + created.body());
        }
        final String id = JSON.readTree(created.body()).path("id").asText();
        defined.add(id);
        return id;
    }

    /** The segment once its status is live (its backfill complete). */
    private JsonNode awaitLive(final QuarkusService projector, final String token, final String id,
                              final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            final HttpResponse<String> shown = send(projector, token, "GET", "/segments/" + id, null);
            if (shown.statusCode() == 200) {
                final JsonNode segment = JSON.readTree(shown.body());
                if ("live".equals(segment.path("status").asText())) {
                    return segment;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("segment " + id + " not live within " + timeout + ": " + shown.body());
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> send(final QuarkusService service, final String token, final String method,
                                      final String path, final String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
