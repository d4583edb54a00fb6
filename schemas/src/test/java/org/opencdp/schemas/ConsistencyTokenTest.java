package org.opencdp.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one token grammar and formatter: the cases of ingest-api's former writer-side test (formatting, the
 * Optional reader {@link ConsistencyToken#tryParse}) and of the projector's former reader-side test
 * ({@link ConsistencyToken#parse}, its messages).
 */
class ConsistencyTokenTest {

    @Test
    void shouldReadEachPartitionsOffset() {
        // When
        final ConsistencyToken token = ConsistencyToken.parse("0:41,2:17");
        // Then
        assertThat(token.offsets()).isEqualTo(Map.of(0, 41L, 2, 17L));
        assertThat(token.offsetFor(2)).isEqualTo(OptionalLong.of(17));
        assertThat(token.offsetFor(1)).isEmpty();
        assertThat(token.isEmpty()).isFalse();
    }

    @Test
    void shouldAcceptPartitionsInAnyOrderAndWriteThemAscending() {
        // When
        final ConsistencyToken token = ConsistencyToken.parse("5:0,1:9223372036854775807");
        // Then
        assertThat(token.offsetFor(1)).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
        assertThat(token).hasToString("1:9223372036854775807,5:0");
        assertThat(ConsistencyToken.parse(token.toString())).isEqualTo(token);
    }

    @Test
    void shouldWaitForNothingWithoutAToken() {
        assertThat(ConsistencyToken.parse("")).isEqualTo(ConsistencyToken.NONE);
        assertThat(ConsistencyToken.NONE.isEmpty()).isTrue();
        assertThat(ConsistencyToken.NONE.offsetFor(0)).isEmpty();
        assertThat(ConsistencyToken.NONE).hasToString("");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0:", ":5", "a:1", "0:x", "0:-1", "-1:0", "0:1,", ",0:1", "0:1;2:3", " 0:1", "0:1 ",
            "0:1:2", "0:1.5", "0:99999999999999999999", "00000000001:1"})
    void shouldRefuseWhatIsNotPartitionOffsetPairs(final String text) {
        assertThatThrownBy(() -> ConsistencyToken.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("consistency token");
    }

    @Test
    void shouldRefuseAPartitionNamedTwice() {
        assertThatThrownBy(() -> ConsistencyToken.parse("0:1,0:2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the consistency token names partition 0 twice");
    }

    @Test
    void shouldRefuseNumbersBeyondTheirRange() {
        assertThatThrownBy(() -> ConsistencyToken.parse("0:9223372036854775808"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("beyond 64 bits");
        assertThatThrownBy(() -> ConsistencyToken.parse("2147483648:0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot exist");
    }

    // Writer side (formerly ingest-api's ConsistencyTokenTest).

    @Test
    void shouldFormatPartitionOffsetPairsAscendingByPartition() {
        // Given offsets written to partitions 2 and 0; When formatted; Then "0:41,2:17"
        assertThat(ConsistencyToken.of(Map.of(2, 17L, 0, 41L)).format()).isEqualTo("0:41,2:17");
    }

    @Test
    void shouldParseWhatItFormats() {
        final ConsistencyToken token = ConsistencyToken.of(Map.of(0, 0L, 1, 9_000_000_000L, 11, 5L));
        assertThat(ConsistencyToken.tryParse(token.format())).contains(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0:", ":1", "0:1,", "a:1", "0:-1", "0:1;1:2", "0:1,0:2",
            "0:99999999999999999999", " 0:1"})
    void shouldRejectTextThatIsNotAToken(final String text) {
        assertThat(ConsistencyToken.tryParse(text)).isEmpty();
    }

    @Test
    void shouldRequireAtLeastOnePartition() {
        assertThatThrownBy(() -> ConsistencyToken.of(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldPrefixEachPairOfAnIdentityCommandsToken() {
        // Given positions written to identity-commands partitions 3 and 1; When formatted for identity; Then each pair is prefixed
        assertThat(ConsistencyToken.of(Map.of(3, 17L, 1, 4L)).formatIdentity()).isEqualTo("identity:1:4,identity:3:17");
    }
}
