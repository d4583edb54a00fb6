package org.opencdp.projector.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class HistoryKeyTest {

    private static boolean startsWith(final byte[] key, final byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    @Test
    void shouldKeepEachCustomersHistoryUnderItsOwnPrefix() {
        // Given customers whose ids would run together without a separator
        final byte[] ab = new HistoryKey("demo", "ab", T1, 0).encode();
        final byte[] a = new HistoryKey("demo", "a", T1, 0).encode();

        // Then each key is under its own customer's prefix only
        assertThat(startsWith(ab, HistoryKey.prefix("demo", "ab"))).isTrue();
        assertThat(startsWith(ab, HistoryKey.prefix("demo", "a"))).isFalse();
        assertThat(startsWith(a, HistoryKey.prefix("demo", "ab"))).isFalse();
        assertThat(startsWith(new HistoryKey("demo2", "a", T1, 0).encode(), HistoryKey.prefix("demo", "a"))).isFalse();
    }

    @Test
    void shouldFileACommandStampedBeforeTheNewestEntryAtThatEntrysTime() {
        assertThat(HistoryKey.keyTime(null, T1)).isEqualTo(T1);
        assertThat(HistoryKey.keyTime(T1, T2)).isEqualTo(T2);
        assertThat(HistoryKey.keyTime(T2, T1)).isEqualTo(T2);
    }

    @Test
    void shouldRefuseBytesThatAreNotAHistoryKey() {
        assertThatThrownBy(() -> HistoryKey.decode(new byte[20])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HistoryKey("demo", "7", T1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
