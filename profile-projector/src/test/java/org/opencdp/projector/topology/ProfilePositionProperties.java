package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.WORKSPACE;
import static org.opencdp.projector.Commands.deleteArrayItems;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.HistoryPosition;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.Profile;
import org.opencdp.embedded.StreamsTestDriver;
import org.opencdp.projector.history.AsOf;
import org.opencdp.projector.history.HistoryKey;
import org.opencdp.projector.history.ProfileHistory;
import org.opencdp.schemas.serde.InMemorySchemaRegistry;

/**
 * A workflow run links to the profile its event carried by that profile's history position (issue 16, point 5): for
 * random commands whose timestamps come in any order, the profile read at each position the fold stamped equals the
 * profile the fold stored right then. (A read {@code as_of} a time cannot promise that: a command stamped before
 * changes already folded lands among them.) One driver for every try, a customer of its own per try.
 */
class ProfilePositionProperties {

    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static Path stateDir;
    private static ProjectorDriver projector;

    sealed interface Action permits Upsert, UpsertItems, DeleteItems {
    }

    record Upsert(Map<String, Object> attributes) implements Action {
    }

    record UpsertItems(List<Long> ids, long total) implements Action {
    }

    record DeleteItems(List<Long> ids) implements Action {
    }

    /** One command: its timestamp, seconds after the start, in any order. */
    record Step(long second, Action action) {
    }

    @BeforeContainer
    static void start() throws IOException {
        stateDir = Files.createTempDirectory("profile-position-properties");
        final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        projector = new ProjectorDriver(registry, StreamsTestDriver.properties("profile-position-properties", stateDir),
                ProjectorDriver.DEFAULTS.apply(registry));
    }

    @AfterContainer
    static void stop() {
        projector.close();
        try (var files = Files.walk(stateDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        final Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.of("basic", "pro", "gold"),
                Arbitraries.longs().between(0, 3).map(Object.class::cast));
        final Arbitrary<Action> upsert = Arbitraries.maps(Arbitraries.of("plan", "tier", "seats"), value)
                .ofMinSize(1).ofMaxSize(3).map(Upsert::new);
        final Arbitrary<Action> items = Combinators.combine(Arbitraries.longs().between(1, 4).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.longs().between(1, 9)).as(UpsertItems::new);
        final Arbitrary<Action> delete = Arbitraries.longs().between(1, 4).list().ofMinSize(1).ofMaxSize(2).map(DeleteItems::new);
        final Arbitrary<Action> action = Arbitraries.frequencyOf(Tuple.of(5, upsert), Tuple.of(3, items), Tuple.of(2, delete));
        return Combinators.combine(Arbitraries.longs().between(0, 60), action).as(Step::new).list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 100)
    void theProfileAtEachPositionIsTheProfileTheFoldStoredThen(@ForAll("sequences") final List<Step> steps) {
        // Given a customer of this try, and each command folded in turn, its timestamps in any order
        final String customer = "c" + TRIES.incrementAndGet();
        final CustomerKey key = new CustomerKey(WORKSPACE, customer);
        final Map<HistoryPosition, Profile> stored = new HashMap<>();
        int n = 0;
        for (final Step step : steps) {
            final String request = customer + "-r" + n++;
            final Instant at = START.plusSeconds(step.second());
            projector.send(switch (step.action()) {
                case Upsert upsert -> upsert(customer, request, at, upsert.attributes());
                case UpsertItems items -> upsertArrayItems(customer, request, at, "orders",
                        items.ids().stream().map(id -> item("id", id, "total", items.total())).toArray(ArrayItem[]::new));
                case DeleteItems delete -> deleteArrayItems(customer, request, at, "orders",
                        delete.ids().stream().map(String::valueOf).toArray(String[]::new));
            });
            final Profile now = projector.profiles().get(key);
            if (now != null && now.getHistoryPosition() == null) {
                // A profile no change was filed for yet (a deletion of items it never had created it empty).
                assertThat(steps(customer)).as("no step filed for %s", now).isExhausted();
            } else if (now != null) {
                // The first profile stored at a position: a later command that filed nothing (a refused value)
                // keeps the position and changes only what the history does not keep.
                stored.putIfAbsent(now.getHistoryPosition(), now);
            }
        }
        final Profile current = projector.profiles().get(key);
        if (current == null) {
            return;
        }
        for (final Map.Entry<HistoryPosition, Profile> then : stored.entrySet()) {
            // When the profile is read at the position; Then it is the profile stored then
            final AsOf read = ProfileHistory.atPosition(current, steps(customer), Optional.empty(), then.getKey());
            assertThat(read).as("at %s", then.getKey()).isInstanceOf(AsOf.Found.class);
            assertThat(state(((AsOf.Found) read).profile())).as("at %s", then.getKey()).isEqualTo(state(then.getValue()));
        }
    }

    /** The customer's stored steps, newest first, as the projector's history store holds them. */
    static Iterator<Map.Entry<HistoryKey, HistoryStep>> steps(final ProjectorDriver projector, final String customer) {
        final KeyValueStore<Bytes, HistoryStep> store = projector.store(ProjectorTopology.HISTORY_STORE);
        final List<Map.Entry<HistoryKey, HistoryStep>> steps = new ArrayList<>();
        try (KeyValueIterator<Bytes, HistoryStep> scan = store.prefixScan(HistoryKey.prefix(WORKSPACE, customer),
                new ByteArraySerializer())) {
            scan.forEachRemaining((KeyValue<Bytes, HistoryStep> step) ->
                    steps.add(Map.entry(HistoryKey.decode(step.key.get()), step.value)));
        }
        return steps.iterator();
    }

    private static Iterator<Map.Entry<HistoryKey, HistoryStep>> steps(final String customer) {
        return steps(projector, customer);
    }

    /**
     * What the history restores exactly: values, identifiers, subscriptions, merges, the creation time, the last
     * request (not the update times: ProfileHistory's javadoc says how they are approximated).
     */
    static Map<String, Object> state(final Profile profile) {
        final Map<String, Object> values = new HashMap<>();
        profile.getAttributes().forEach((name, attribute) -> values.put(name, valueOf(attribute)));
        return Map.of("attributes", values, "identifiers", profile.getIdentifiers(), "subscriptions", profile.getSubscriptions(),
                "merges", profile.getMerges(), "created_at", profile.getCreatedAt(),
                "last_request_id", profile.getLastRequestId());
    }

    private static Object valueOf(final Attribute attribute) {
        return attribute.getValue();
    }
}
