package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.deleteArrayItems;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscribe;
import org.opencdp.projector.Commands;
import org.opencdp.projector.customer.ProfileMerger;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.projector.identity.IdentifierKinds;

/**
 * Issue 16's "done when": for random command sequences with explicit timestamps, the profile {@code as_of} an
 * instant equals the profile folded from only the commands up to that instant, for every instant between them.
 * Profiles come from the real fold ({@code CustomerFolder}, {@code ProfileMerger}); history from {@link HistoryDiff}.
 */
class ProfileHistoryProperties {

    private static final String CUSTOMER = "7";
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    /** One step of the sequence: its offset in seconds from the previous one (0: the same instant) and what it does. */
    record Step(long gapSeconds, Action action) {
    }

    /** What a step folds at its instant. */
    sealed interface Action {
    }

    record Upsert(Map<String, Object> attributes) implements Action {
    }

    record UpsertItems(String field, List<String> ids, long total) implements Action {
    }

    record DeleteItems(String field, List<String> ids) implements Action {
    }

    record Attach(String email) implements Action {
    }

    record Subscribe1(String channel, String type) implements Action {
    }

    /** The customer absorbs another created {@code createdSecondsBefore} the step, holding {@code tier}. */
    record Absorb(long createdSecondsBefore, String tier) implements Action {
    }

    @Provide
    Arbitrary<List<Step>> sequences() {
        final Arbitrary<String> names = Arbitraries.of("plan", "tier", "city");
        final Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.of("free", "pro", "gold").map(v -> (Object) v),
                Arbitraries.longs().between(1, 3).map(v -> (Object) v), Arbitraries.just(null));
        final Arbitrary<Action> upsert = Combinators.combine(names, values, names, values)
                .as((n1, v1, n2, v2) -> new Upsert(fields(n1, v1, n2, v2)));
        final Arbitrary<String> fields = Arbitraries.of("orders", "tier");
        final Arbitrary<List<String>> ids = Arbitraries.of("1", "2", "3", "4").list().ofMinSize(1).ofMaxSize(3).uniqueElements();
        final Arbitrary<Action> items = Combinators.combine(fields, ids, Arbitraries.longs().between(1, 3)).as(UpsertItems::new);
        final Arbitrary<Action> delete = Combinators.combine(fields, ids).as(DeleteItems::new);
        final Arbitrary<Action> attach = Arbitraries.of("ann@example.com", "bob@example.com").map(Attach::new);
        final Arbitrary<Action> subscribe = Combinators.combine(Arbitraries.of("TEXT", "EMAIL"), Arbitraries.of("MARKETING"))
                .as(Subscribe1::new);
        final Arbitrary<Action> absorb = Combinators.combine(Arbitraries.longs().between(0, 100), Arbitraries.of("silver", "gold"))
                .as(Absorb::new);
        final Arbitrary<Action> action = Arbitraries.frequencyOf(Tuple.of(5, upsert), Tuple.of(3, items), Tuple.of(2, delete),
                Tuple.of(1, attach), Tuple.of(1, subscribe), Tuple.of(1, absorb));
        return Combinators.combine(Arbitraries.longs().between(0, 3), action).as(Step::new).list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 300)
    void profileAsOfAnInstantIsTheFoldOfTheCommandsUpToIt(@ForAll("sequences") final List<Step> steps) {
        // Given the whole sequence folded, with its history
        final Folding all = fold(steps, Instant.MAX);
        final TreeSet<Instant> instants = new TreeSet<>();
        instants.add(START.minusSeconds(200));
        Instant at = START;
        for (final Step step : steps) {
            at = at.plusSeconds(step.gapSeconds());
            instants.add(at);
            instants.add(at.minusMillis(1));
            instants.add(at.plusMillis(1));
        }
        if (all.profile().isEmpty()) {
            return;
        }
        for (final Instant instant : instants) {
            // When the profile is asked as of the instant; Then it is the fold of only the steps up to it
            final Optional<Profile> asOf = ProfileHistory.asOf(all.profile().orElseThrow(), all.newestFirst(), instant);
            final Optional<Profile> expected = fold(steps, instant).profile();
            assertThat(asOf.map(ProfileHistoryProperties::state)).as("as of %s", instant)
                    .isEqualTo(expected.map(ProfileHistoryProperties::state));
        }
    }

    @Property(tries = 300)
    void storedStepsGiveBackEveryEntryACreationStepsRebuiltFromTheProfile(@ForAll("sequences") final List<Step> steps) {
        // Given the whole sequence folded, its steps stored as the store keeps them
        final Folding all = fold(steps, Instant.MAX);
        if (all.profile().isEmpty()) {
            return;
        }
        // When the entries are read back from the stored steps and the profile now
        final List<HistoryEntry> read = ProfileHistory.entries(all.profile().orElseThrow(), all.storedNewestFirst());
        // Then they are the entries the fold's steps made, newest first
        assertThat(read).isEqualTo(all.newestFirst());
    }

    /** What the history restores exactly (ProfileHistory's javadoc says what it does not). */
    private static Map<String, Object> state(final Profile profile) {
        final Map<String, Object> values = new HashMap<>();
        profile.getAttributes().forEach((name, attribute) -> values.put(name, attribute.getValue()));
        return Map.of("attributes", values, "identifiers", profile.getIdentifiers(), "subscriptions", profile.getSubscriptions(),
                "merges", profile.getMerges(), "merged_into", Optional.ofNullable(profile.getMergedInto()),
                "created_at", profile.getCreatedAt());
    }

    /** The steps at or before {@code until}, folded in order. */
    private static Folding fold(final List<Step> steps, final Instant until) {
        final Folding folding = new Folding();
        Instant at = START;
        int n = 0;
        for (final Step step : steps) {
            at = at.plusSeconds(step.gapSeconds());
            if (at.isAfter(until)) {
                break;
            }
            final String request = "r" + n++;
            switch (step.action()) {
                case Upsert upsert -> folding.fold(upsert(CUSTOMER, request, at, upsert.attributes()));
                case UpsertItems items -> folding.fold(upsertArrayItems(CUSTOMER, request, at, items.field(),
                        items.ids().stream().map(id -> item("id", id, "total", items.total())).toArray(ArrayItem[]::new)));
                case DeleteItems delete -> folding.fold(deleteArrayItems(CUSTOMER, request, at, delete.field(),
                        delete.ids().toArray(String[]::new)));
                case Attach attach -> folding.fold(Commands.command(CUSTOMER, request, at, ApiFamily.RETAINLY,
                        new AttachIdentifiers(List.of(new Identifier(IdentifierKinds.EMAIL, null, attach.email())))));
                case Subscribe1 subscribe -> folding.fold(Commands.command(CUSTOMER, request, at, ApiFamily.ATTENTIVE,
                        new Subscribe(subscribe.channel(), subscribe.type(), null, null)));
                case Absorb absorb -> absorb(folding, absorb, request, at);
            }
        }
        return folding;
    }

    private static void absorb(final Folding folding, final Absorb absorb, final String request, final Instant at) {
        if (folding.profile().isEmpty()) {
            return;
        }
        final String absorbedId = "a-" + request;
        final Instant created = at.minusSeconds(absorb.createdSecondsBefore());
        final Profile absorbed = Profiles.fresh(Commands.WORKSPACE, absorbedId, created,
                new ArrayList<>(List.of(IdentifierKinds.customerId(absorbedId))));
        absorbed.setAttributes(new HashMap<>(Map.of("tier", new Attribute(new StringValue(absorb.tier()), created, "r-a"))));
        folding.step(ProfileMerger.merge(folding.profile().orElseThrow(), absorbed, "m-" + request, request, at),
                new HistoryContext(at, request, new HistorySource(HistorySource.Kind.MERGE, "POST /customers")));
    }
}
