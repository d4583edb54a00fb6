package org.opencdp.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StoreKeyTest {

    @Test
    void shouldKeepIdsContainingTheSeparatorApart() {
        // Given ids that would collide if joined naively
        // When they are made into keys
        // Then the keys differ
        assertThat(StoreKey.of("a/b", "c")).isNotEqualTo(StoreKey.of("a", "b/c"));
    }

    @Test
    void shouldBoundEveryKeyStartingWithTheIds() {
        // Given the bounds of workspace "ws"
        final String from = StoreKey.lowerBound("ws");
        final String to = StoreKey.upperBound("ws");

        // When / Then its keys fall inside, keys of look-alike workspaces outside
        assertThat(StoreKey.of("ws", "workflow-1")).isBetween(from, to);
        assertThat(StoreKey.of("ws", "zzz \u00e9\ud83d\ude00")).isBetween(from, to);
        assertThat(inRange(StoreKey.of("ws0", "workflow-1"), from, to)).isFalse();
        assertThat(inRange(StoreKey.of("ws/x", "workflow-1"), from, to)).isFalse();
        assertThat(inRange(StoreKey.of("w", "s"), from, to)).isFalse();
    }

    private static boolean inRange(final String key, final String from, final String to) {
        return key.compareTo(from) >= 0 && key.compareTo(to) <= 0;
    }
}
