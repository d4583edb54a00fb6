package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.opencdp.projector.Commands.deleteArrayItems;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.item;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Commands.upsertArrayItems;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.opencdp.projector.Times.T4;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.Identifier;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.Subscribe;
import org.opencdp.avro.Subscription;
import org.opencdp.projector.Commands;
import org.opencdp.projector.customer.ProfileMerger;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.projector.identity.IdentifierKinds;

class HistoryDiffTest {

    private static final String ROUTE = "POST /customers";

    private final Folding folding = new Folding();

    private static Attribute text(final String value, final Instant at, final String requestId) {
        return new Attribute(new StringValue(value), at, requestId);
    }

    private static HistoryEntry only(final List<HistoryEntry> entries, final HistoryKind kind) {
        final List<HistoryEntry> ofKind = entries.stream().filter(e -> e.kind() == kind).toList();
        assertThat(ofKind).hasSize(1);
        return ofKind.getFirst();
    }

    @Test
    void shouldRecordAnAttributeSetWithItsRequestAndRoute() {
        // Given no customer; When the first upsert sets a plan
        final List<HistoryEntry> entries = folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));

        // Then the plan is an attribute entry from nothing, and the new profile's customer id an identifier added
        final HistoryEntry plan = only(entries, HistoryKind.ATTRIBUTE);
        assertThat(plan).isEqualTo(new HistoryEntry(T1, HistoryKind.ATTRIBUTE, "plan", null, -1, null,
                text("free", T1, "r1"), "r1", new HistorySource(HistorySource.Kind.ROUTE, ROUTE)));
        assertThat(plan.source().label()).isEqualTo(ROUTE);
        assertThat(only(entries, HistoryKind.IDENTIFIER).newValue()).isEqualTo(IdentifierKinds.customerId("7"));
    }

    @Test
    void shouldRecordAnAttributeChangedWithOldAndNewValue() {
        // Given a plan set at T1
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));

        // When T2 changes it
        final List<HistoryEntry> entries = folding.fold(upsert("7", "r2", T2, Map.of("plan", "pro")));

        // Then one entry holds both values, each with the write that set it
        assertThat(entries).containsExactly(new HistoryEntry(T2, HistoryKind.ATTRIBUTE, "plan", null, -1,
                text("free", T1, "r1"), text("pro", T2, "r2"), "r2", new HistorySource(HistorySource.Kind.ROUTE, ROUTE)));
    }

    @Test
    void shouldRecordAnAttributeRemovedWhenNullClearsIt() {
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free", "tier", "gold")));

        final List<HistoryEntry> entries = folding.fold(upsert("7", "r2", T2, fields("tier", null)));

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.name()).isEqualTo("tier");
            assertThat(entry.oldValue()).isEqualTo(text("gold", T1, "r1"));
            assertThat(entry.newValue()).isNull();
        });
    }

    @Test
    void shouldRecordNothingWhenAWriteRepeatsTheValueItHeld() {
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));

        assertThat(folding.fold(upsert("7", "r2", T2, Map.of("plan", "free")))).isEmpty();
    }

    @Test
    void shouldRecordArrayItemsAddedReplacedAndRemovedByTheirIds() {
        // Given an array field created with items 1 and 2 (a new field: one attribute entry with its whole value)
        assertThat(folding.fold(upsertArrayItems("7", "r1", T1, "orders", item("id", "1", "total", 10L),
                item("id", "2", "total", 20L)))).extracting(HistoryEntry::kind)
                .containsExactly(HistoryKind.ATTRIBUTE, HistoryKind.IDENTIFIER);

        // When item 2 is replaced and item 3 added
        final List<HistoryEntry> upserted = folding.fold(upsertArrayItems("7", "r2", T2, "orders",
                item("id", "2", "total", 25L), item("id", "3", "total", 30L)));

        // Then one entry per item, at its position, named by the field and the item's id
        assertThat(upserted).extracting(HistoryEntry::kind, HistoryEntry::name, HistoryEntry::item, HistoryEntry::position,
                HistoryEntry::oldValue, HistoryEntry::newValue).containsExactly(
                tuple(HistoryKind.ARRAY_ITEM, "orders", "2", 1, item("id", "2", "total", 20L),
                        item("id", "2", "total", 25L)),
                tuple(HistoryKind.ARRAY_ITEM, "orders", "3", 2, null, item("id", "3", "total", 30L)));

        // When item 1 is deleted; Then it is removed from position 0
        assertThat(folding.fold(deleteArrayItems("7", "r3", T3, "orders", "1"))).singleElement().satisfies(entry -> {
            assertThat(entry.item()).isEqualTo("1");
            assertThat(entry.position()).isZero();
            assertThat(entry.oldValue()).isEqualTo(item("id", "1", "total", 10L));
            assertThat(entry.newValue()).isNull();
        });
    }

    @Test
    void shouldRecordAnIdentifierAddedByTheResolver() {
        folding.fold(upsert("7", "r1", T1, Map.of("plan", "free")));
        final Identifier email = new Identifier(IdentifierKinds.EMAIL, null, "ann@example.com");

        final List<HistoryEntry> entries = folding.fold(Commands.command("7", "r2", T2, ApiFamily.RETAINLY,
                new AttachIdentifiers(List.of(email))));

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.IDENTIFIER);
            assertThat(entry.name()).isEqualTo(IdentifierKinds.EMAIL);
            assertThat(entry.position()).isEqualTo(1);
            assertThat(entry.oldValue()).isNull();
            assertThat(entry.newValue()).isEqualTo(email);
        });
    }

    @Test
    void shouldRecordAnIdentifierChangedWhenItsKindHoldsAnotherValue() {
        // Given a profile whose email is ann@; When a step leaves it with bob@ in its place
        final Identifier ann = new Identifier(IdentifierKinds.EMAIL, null, "ann@example.com");
        final Identifier bob = new Identifier(IdentifierKinds.EMAIL, null, "bob@example.com");
        final Profile before = Profiles.fresh("demo", "7", T1, List.of(IdentifierKinds.customerId("7"), ann));
        final Profile after = Profiles.copy(before);
        after.setIdentifiers(List.of(IdentifierKinds.customerId("7"), bob));

        // Then one identifier entry changes ann@ to bob@
        assertThat(HistoryDiff.between(Optional.of(before), after, new HistoryContext(T2, "r2",
                new HistorySource(HistorySource.Kind.PRODUCER, null)))).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.IDENTIFIER);
            assertThat(entry.oldValue()).isEqualTo(ann);
            assertThat(entry.newValue()).isEqualTo(bob);
            assertThat(entry.source().label()).isEqualTo("producer");
        });
    }

    @Test
    void shouldRecordASubscriptionAddedAndThenChangedByARepeatedAttempt() {
        final Subscribe subscribe = new Subscribe("TEXT", "MARKETING", "src-1", null);
        final List<HistoryEntry> added = folding.fold(Commands.command("7", "r1", T1, ApiFamily.ATTENTIVE, subscribe));
        assertThat(only(added, HistoryKind.SUBSCRIPTION).name()).isEqualTo("TEXT/MARKETING");
        assertThat(only(added, HistoryKind.SUBSCRIPTION).oldValue()).isNull();

        final List<HistoryEntry> repeated = folding.fold(Commands.command("7", "r2", T2, ApiFamily.ATTENTIVE, subscribe));

        assertThat(repeated).singleElement().satisfies(entry -> {
            assertThat(entry.kind()).isEqualTo(HistoryKind.SUBSCRIPTION);
            assertThat(((Subscription) entry.oldValue()).getRepeatedAttempts()).isZero();
            assertThat(((Subscription) entry.newValue()).getRepeatedAttempts()).isEqualTo(1);
            assertThat(((Subscription) entry.newValue()).getLastAttemptAt()).isEqualTo(T2);
        });
    }

    @Test
    void shouldRecordAMergeWithWhatTheSurvivorGainedAndItsSourceMerge() {
        // Given a survivor created at T2 with a plan, and an absorbed profile created at T1 with a newer tier
        folding.fold(upsert("7", "r1", T2, Map.of("plan", "pro")));
        final Profile absorbed = Profiles.fresh("demo", "8", T1, List.of(IdentifierKinds.customerId("8")));
        absorbed.setAttributes(Map.of("tier", text("gold", T3, "r0")));
        final CustomerCommand mergeCommand = new CustomerCommand("r9:0", "demo", "8", "r9", T4, ROUTE,
                ApiFamily.RETAINLY, new MergeInto("m1", "7"), null, false, null);

        // When the survivor absorbs it
        final List<HistoryEntry> entries = folding.step(
                ProfileMerger.merge(folding.profile().orElseThrow(), absorbed, "m1", "r9", T4), HistoryContext.of(mergeCommand));

        // Then the tier, the identifier, the merge record and the older creation time are entries, all from the merge
        assertThat(entries).allSatisfy(entry -> assertThat(entry.source().label()).isEqualTo("merge"));
        assertThat(only(entries, HistoryKind.ATTRIBUTE).name()).isEqualTo("tier");
        assertThat(only(entries, HistoryKind.IDENTIFIER).newValue()).isEqualTo(IdentifierKinds.customerId("8"));
        assertThat(entries).filteredOn(e -> e.kind() == HistoryKind.MERGE).extracting(HistoryEntry::name, HistoryEntry::item)
                .containsExactly(tuple(HistoryDiff.MERGES, "m1"),
                        tuple(HistoryDiff.CREATED_AT, null));
        assertThat(entries).filteredOn(e -> HistoryDiff.MERGES.equals(e.name())).singleElement()
                .satisfies(entry -> assertThat(((MergeRecord) entry.newValue()).getAbsorbedId()).isEqualTo("8"));
    }

    @Test
    void shouldRecordTheAbsorbedProfileEmptiedAndRedirected() {
        folding.fold(upsert("8", "r1", T1, Map.of("plan", "free")));
        final HistoryContext merge = new HistoryContext(T2, "r2", new HistorySource(HistorySource.Kind.MERGE, ROUTE));

        final List<HistoryEntry> entries = folding.step(Profiles.mergedAway(folding.profile().orElseThrow(), "7", T2, "r2"), merge);

        assertThat(entries).extracting(HistoryEntry::kind, HistoryEntry::name).containsExactly(
                tuple(HistoryKind.ATTRIBUTE, "plan"),
                tuple(HistoryKind.IDENTIFIER, IdentifierKinds.CUSTOMER_ID),
                tuple(HistoryKind.MERGE, HistoryDiff.MERGED_INTO));
        assertThat(entries.getLast().newValue()).isEqualTo("7");
    }

    @Test
    void shouldNameADirectProducerAndAMergeCommandAsTheirSource() {
        final CustomerCommand upstream = new CustomerCommand("u:0", "demo", "7", "u", T1, HistorySource.UPSTREAM_ROUTE,
                ApiFamily.UPSTREAM, new AttachIdentifiers(List.of()), null, false, null);
        final CustomerCommand merge = new CustomerCommand("m:0", "demo", "8", "m", T1, ROUTE,
                ApiFamily.RETAINLY, new MergeInto("m1", "7"), null, false, null);

        assertThat(HistorySource.of(upstream)).isEqualTo(new HistorySource(HistorySource.Kind.PRODUCER, null));
        assertThat(HistorySource.of(merge).kind()).isEqualTo(HistorySource.Kind.MERGE);
        assertThat(HistorySource.catalog("PUT /properties/tier").label()).isEqualTo("catalog");
    }
}
