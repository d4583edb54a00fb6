package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.opencdp.platform.access.DeletedWorkspaces;

/** {@link WorkspaceErasure}'s rounds: bounded, resumed where they stopped, and only ever the deleted workspaces. */
class WorkspaceErasureTest {

    private static final int BUDGET = 3;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, String> prefixed = store("prefixed");
    private final KeyValueStore<String, String> swept = store("swept");
    private final List<String> tombstones = new ArrayList<>();

    private final DeletedWorkspaces deletedAcme = DeletedWorkspaces.in(Set.of("acme"));

    private final WorkspaceErasure erasure = new WorkspaceErasure(deletedAcme,
            List.of(new WorkspaceErasure.Prefixed<>(prefixed, (workspace, key, value) -> tombstones.add(key))),
            new WorkspaceErasure.Swept<>(swept, key -> key.substring(0, key.indexOf('/')), tombstones::add), BUDGET);

    private KeyValueStore<String, String> store(final String name) {
        final KeyValueStore<String, String> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name),
                Serdes.String(), Serdes.String()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static List<String> keys(final KeyValueStore<String, String> store) {
        final List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> all = store.all()) {
            all.forEachRemaining(entry -> keys.add(entry.key));
        }
        return keys;
    }

    @Test
    void shouldEraseAPrefixedStoreABudgetARoundUntilNoneIsLeft() {
        // Given: five entries of the deleted workspace, one of a workspace whose id begins the same
        for (int i = 0; i < 5; i++) {
            prefixed.put(StoreKey.of("acme", "p" + i), "v");
        }
        prefixed.put(StoreKey.of("acme-two", "p0"), "v");

        // When / Then
        erasure.round();
        assertThat(keys(prefixed)).hasSize(3);
        erasure.round();
        assertThat(keys(prefixed)).containsExactly(StoreKey.of("acme-two", "p0"));
        assertThat(tombstones).hasSize(5).allMatch(key -> key.startsWith("acme\u0000"));
    }

    @Test
    void shouldSweepAStoreFromWhereTheLastRoundStoppedWithoutTouchingOtherWorkspaces() {
        // Given: deleted and kept entries interleaved in key order
        for (int i = 0; i < 4; i++) {
            swept.put("acme/" + i, "v");
            swept.put("beta/" + i, "v");
            swept.put("zeta/" + i, "v");
        }

        // When: a pass reads three entries a round: twelve entries take four rounds
        for (int round = 0; round < 4; round++) {
            erasure.round();
        }

        // Then
        assertThat(keys(swept)).noneMatch(key -> key.startsWith("acme/")).hasSize(8);
        assertThat(tombstones).containsExactlyInAnyOrder("acme/0", "acme/1", "acme/2", "acme/3");
    }

    @Test
    void shouldNotSweepAgainOnceAPassCoveredTheDeletedWorkspaces() {
        // Given: a pass that covered acme
        swept.put("acme/0", "v");
        swept.put("beta/0", "v");
        erasure.round();
        assertThat(keys(swept)).containsExactly("beta/0");

        // When: an entry of acme appears that the gate would have refused (written behind the processor's back)
        swept.put("acme/1", "v");
        erasure.round();

        // Then: no second pass; the processors' gate, not the sweep, keeps a deleted workspace out
        assertThat(keys(swept)).contains("acme/1");
    }
}
