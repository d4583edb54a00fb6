package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.Profile;
import org.opencdp.avro.WorkspaceKey;

/**
 * Inside a scope an instance of the scope's types is encoded once: measuring it and serializing it for several
 * topics reuse one encoding. Changing an instance after it was encoded is what the scope's users promise not to do;
 * these tests change one on purpose, to see which bytes were reused.
 */
class EncodedOnceTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AvroSerde<WorkspaceKey> serde = AvroSerde.forValues(WorkspaceKey.class, registry);

    @Test
    void shouldReuseAnInstancesEncodingForEveryTopicWithinTheScope() {
        final WorkspaceKey key = new WorkspaceKey("acme");
        try (EncodedOnce once = EncodedOnce.open(WorkspaceKey.class)) {
            // Given an instance measured and serialized for one topic
            final long size = RecordSize.of(key);
            final byte[] store = serde.serialize("store-changelog", key);
            // When it is serialized again for another topic (changed meanwhile, which users never do)
            key.setWorkspaceId("changed");
            final byte[] sink = serde.serialize("profiles", key);

            // Then both carry the one encoding, measured at the size the wire has
            assertThat(payload(sink)).isEqualTo(payload(store));
            assertThat(sink).hasSize((int) size);
            assertThat(serde.deserialize("profiles", sink).getWorkspaceId()).isEqualTo("acme");
        }
        // And after the scope the instance is encoded as it is
        assertThat(serde.deserialize("profiles", serde.serialize("profiles", key)).getWorkspaceId()).isEqualTo("changed");
    }

    @Test
    void shouldHandTheStoreAndTheTopicOneArrayWhenTheirSchemaIdsAgree() {
        final WorkspaceKey key = new WorkspaceKey("acme");
        try (EncodedOnce once = EncodedOnce.open(WorkspaceKey.class)) {
            // Given an instance measured (its encoding kept, no header written yet)
            final long size = RecordSize.of(key);
            // When it is serialized for a store's changelog and for a topic under the same schema id
            final byte[] store = serde.serialize("store-changelog", key);
            final byte[] sink = serde.serialize("profiles", key);

            // Then both get the same bytes, not a copy, with the header in front and the size measured
            assertThat(sink).isSameAs(store).hasSize((int) size);
            assertThat(serde.deserialize("profiles", sink).getWorkspaceId()).isEqualTo("acme");
        }
    }

    @Test
    void shouldWriteEachTopicsOwnSchemaIdWhenTheyDiffer() {
        // Given a registry that gives each subject an id of its own
        final SchemaRegistry bySubject = new SchemaRegistry() {
            @Override
            public int register(final String subject, final org.apache.avro.Schema schema) {
                return subject.startsWith("a-") ? 1 : 2;
            }

            @Override
            public org.apache.avro.Schema schemaById(final int id) {
                return WorkspaceKey.getClassSchema();
            }
        };
        final AvroSerde<WorkspaceKey> keys = AvroSerde.forValues(WorkspaceKey.class, bySubject);
        final WorkspaceKey key = new WorkspaceKey("acme");
        try (EncodedOnce once = EncodedOnce.open(WorkspaceKey.class)) {
            // When one instance is serialized for topics under two schema ids
            final byte[] a = keys.serialize("a", key);
            final byte[] b = keys.serialize("b", key);

            // Then each carries its own id in front of the one encoding, the first left as it was written
            assertThat(schemaId(a)).isEqualTo(1);
            assertThat(schemaId(b)).isEqualTo(2);
            assertThat(payload(a)).isEqualTo(payload(b));
            assertThat(keys.serialize("a", key)).isSameAs(a);
            assertThat(keys.deserialize("b", b).getWorkspaceId()).isEqualTo("acme");
        }
    }

    @Test
    void shouldEncodeWhatTheScopeDoesNotCoverEveryTime() {
        final AvroSerde<CustomerKey> keys = AvroSerde.forValues(CustomerKey.class, registry);
        final CustomerKey customer = new CustomerKey("acme", "c-1");
        try (EncodedOnce once = EncodedOnce.open(WorkspaceKey.class)) {
            keys.serialize("t", customer);
            customer.setCustomerId("c-2");
            assertThat(keys.deserialize("t", keys.serialize("t", customer)).getCustomerId()).isEqualTo("c-2");
        }
        final WorkspaceKey outside = new WorkspaceKey("a");
        serde.serialize("t", outside);
        outside.setWorkspaceId("b");
        assertThat(serde.deserialize("t", serde.serialize("t", outside)).getWorkspaceId()).isEqualTo("b");
    }

    @Test
    void shouldMeasureInsideTheScopeWhatTheWireHoldsOutsideIt() {
        final WorkspaceKey key = new WorkspaceKey("ünïcødé-" + "x".repeat(300));
        final byte[] outside = serde.serialize("t", key);
        try (EncodedOnce once = EncodedOnce.open(WorkspaceKey.class)) {
            assertThat(RecordSize.of(key)).isEqualTo(outside.length);
            assertThat(serde.serialize("t", key)).isEqualTo(outside);
        }
        assertThat(RecordSize.of(key)).isEqualTo(outside.length);
    }

    @Test
    void shouldRestoreTheOuterScopeWhenAnInnerOneCloses() {
        final WorkspaceKey key = new WorkspaceKey("outer");
        try (EncodedOnce outer = EncodedOnce.open(WorkspaceKey.class)) {
            serde.serialize("t", key);
            try (EncodedOnce inner = EncodedOnce.open()) {
                assertThat(EncodedOnce.covers(key)).isFalse();
            }
            key.setWorkspaceId("changed");
            assertThat(serde.deserialize("t", serde.serialize("t", key)).getWorkspaceId()).isEqualTo("outer");
        }
        assertThat(EncodedOnce.covers(key)).isFalse();
    }

    @Test
    void shouldOpenAScopeOnlyWhereNoneIsOpen() {
        final WorkspaceKey key = new WorkspaceKey("outer");
        try (EncodedOnce outer = EncodedOnce.open(WorkspaceKey.class)) {
            // Given an instance kept by the scope that is open
            serde.serialize("t", key);
            key.setWorkspaceId("changed");
            // When a scope is asked for where one is open
            try (EncodedOnce none = EncodedOnce.openIfNone(Set.of(WorkspaceKey.class))) {
                // Then none is opened, and what the open one keeps is still used
                assertThat(none).isNull();
                assertThat(serde.deserialize("t", serde.serialize("t", key)).getWorkspaceId()).isEqualTo("outer");
            }
        }
        // And where none is open, one is
        try (EncodedOnce opened = EncodedOnce.openIfNone(Set.of(WorkspaceKey.class))) {
            assertThat(opened).isNotNull();
            assertThat(EncodedOnce.covers(key)).isTrue();
        }
        assertThat(EncodedOnce.covers(key)).isFalse();
    }

    @Test
    void shouldWriteAProfileKeptInTheScopeIntoTheEventThatCarriesIt() {
        final AvroSerde<Profile> profiles = AvroSerde.forValues(Profile.class, registry);
        final AvroSerde<EnrichedEvent> events = AvroSerde.forValues(EnrichedEvent.class, registry);
        final Profile profile = SampleRecords.profile();
        final EnrichedEvent event = new EnrichedEvent("c-1/segment.entered/s-1", "acme", "c-1", "r-1", "segment.entered",
                Map.of("segment_id", "s-1", "segment_name", "Prös ✓"), Instant.ofEpochMilli(1_700_000_000_123L),
                profile, List.of());
        final byte[] outside = events.serialize("enriched-events", event);
        try (EncodedOnce once = EncodedOnce.open(Profile.class)) {
            // Given the profile stored within the scope
            profiles.serialize("profile-store-changelog", profile);
            // When it is changed (which the fold never does), then the event carrying it is measured and serialized
            profile.setRevision(99L);
            final long size = RecordSize.of(event);
            final byte[] inside = events.serialize("enriched-events", event);

            // Then the event holds the profile's kept bytes: the wire is the one written before the change,
            // measured at its size, and it reads back as the profile stood when it was stored
            assertThat(inside).isEqualTo(outside);
            assertThat(size).isEqualTo(inside.length);
            assertThat(events.deserialize("enriched-events", inside).getProfile().getRevision()).isEqualTo(7L);
        }
        // And outside the scope the event carries the profile as it is
        assertThat(events.deserialize("enriched-events", events.serialize("enriched-events", event)).getProfile()
                .getRevision()).isEqualTo(99L);
    }

    @Test
    void shouldEncodeANestedRecordTheScopeHasNotKept() {
        final AvroSerde<EnrichedEvent> events = AvroSerde.forValues(EnrichedEvent.class, registry);
        final Profile profile = SampleRecords.profile();
        final EnrichedEvent event = new EnrichedEvent("e-1", "acme", "c-1", "r-1", "purchase", Map.of(),
                Instant.ofEpochMilli(1_700_000_000_123L), profile, List.of());
        try (EncodedOnce once = EncodedOnce.open(Profile.class)) {
            // Given a profile of a covered type that was never encoded in the scope
            // When the event carrying it is serialized, then the profile is encoded as it is
            profile.setRevision(8L);
            assertThat(events.deserialize("t", events.serialize("t", event)).getProfile()).isEqualTo(profile);
            assertThat(RecordSize.of(event)).isEqualTo(events.serialize("t", event).length);
        }
    }

    private static int schemaId(final byte[] wire) {
        return java.nio.ByteBuffer.wrap(wire, 1, 4).getInt();
    }

    private static byte[] payload(final byte[] wire) {
        return Arrays.copyOfRange(wire, AvroSerde.HEADER_SIZE, wire.length);
    }
}
