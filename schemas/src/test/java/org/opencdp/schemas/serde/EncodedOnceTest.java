package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
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

    private static byte[] payload(final byte[] wire) {
        return Arrays.copyOfRange(wire, AvroSerde.HEADER_SIZE, wire.length);
    }
}
