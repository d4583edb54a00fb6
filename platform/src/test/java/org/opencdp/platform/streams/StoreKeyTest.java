package org.opencdp.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void shouldJoinIdsWithUPlus0000() {
        // Given the ids of one property of one workspace; When made into a key; Then they are joined with U+0000,
        // the encoding the projector's stores have always used
        assertThat(StoreKey.of("ws", "tier")).isEqualTo("ws\u0000tier");
        assertThat(StoreKey.prefix("ws")).isEqualTo("ws\u0000");
        assertThat(StoreKey.last(StoreKey.of("ws", "tier", "c-1"))).isEqualTo("c-1");
    }

    @Test
    void shouldGiveBackTheIdsAKeyWasMadeOfEmptyOnesIncluded() {
        // Given a key of three ids, one empty; When split; Then the same ids, in order
        assertThat(StoreKey.parts(StoreKey.of("ws", "", "run-1"))).containsExactly("ws", "", "run-1");
    }

    @Test
    void shouldRefuseAnIdHoldingTheSeparator() {
        // Given ids that would collide if U+0000 were allowed in them
        // When one is made into a key
        // Then it is refused rather than stored under a key another id list also makes
        assertThatThrownBy(() -> StoreKey.of("a\u0000b", "c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreKey.prefix("ws", "x\u0000")).isInstanceOf(IllegalArgumentException.class);
    }
}
