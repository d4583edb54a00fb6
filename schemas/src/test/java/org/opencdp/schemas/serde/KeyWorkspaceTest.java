package org.opencdp.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WorkspaceKey;
import org.opencdp.schemas.Topics;

class KeyWorkspaceTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void shouldReadTheWorkspaceOfEveryKindOfKeyAsWritten() {
        // Given keys of four topics, one with a multi-byte workspace id
        final byte[] customer = Topics.CUSTOMER_COMMANDS.keySerde(registry).serialize(Topics.CUSTOMER_COMMANDS.name(),
                CustomerKey.newBuilder().setWorkspaceId("acme").setCustomerId("42").build());
        final byte[] property = Topics.CATALOG_COMMANDS.keySerde(registry).serialize(Topics.CATALOG_COMMANDS.name(),
                PropertyKey.newBuilder().setWorkspaceId("zürich-é").setName("plan").build());
        final byte[] workspace = Topics.IDENTITY_COMMANDS.keySerde(registry).serialize(Topics.IDENTITY_COMMANDS.name(),
                WorkspaceKey.newBuilder().setWorkspaceId("w".repeat(64)).build());
        final byte[] run = Topics.WEBHOOK_DELIVERIES.keySerde(registry).serialize(Topics.WEBHOOK_DELIVERIES.name(),
                RunKey.newBuilder().setWorkspaceId("beta").setRunId("r-1").setCustomerId("7").build());

        // When / Then
        assertThat(KeyWorkspace.of(customer)).contains("acme");
        assertThat(KeyWorkspace.of(property)).contains("zürich-é");
        assertThat(KeyWorkspace.of(workspace)).contains("w".repeat(64));
        assertThat(KeyWorkspace.of(run)).contains("beta");
    }

    @Test
    void shouldNameNoWorkspaceForBytesThatAreNotOneOfOurKeys() {
        // Given a key of ours, cut short, and keys written by something else
        final byte[] key = Topics.CUSTOMER_COMMANDS.keySerde(registry).serialize(Topics.CUSTOMER_COMMANDS.name(),
                CustomerKey.newBuilder().setWorkspaceId("acme").setCustomerId("42").build());

        // Then none of them names a workspace, and none throws
        assertThat(KeyWorkspace.of(null)).isEmpty();
        assertThat(KeyWorkspace.of(new byte[0])).isEmpty();
        assertThat(KeyWorkspace.of("acme".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(KeyWorkspace.of(Arrays.copyOf(key, 7))).isEmpty();
        assertThat(KeyWorkspace.of(new byte[] {0, 0, 0, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff})).isEmpty();
        assertThat(KeyWorkspace.of(new byte[] {0, 0, 0, 0, 1, 4, (byte) 0xc3, (byte) 0x28})).isEmpty();
        assertThat(KeyWorkspace.of(new byte[] {0, 0, 0, 0, 1, 3, 'a'})).isEmpty();
    }
}
