package org.opencdp.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

    @Test
    void shouldFormatPartitionOffsetPairsAscendingByPartition() {
        // Given offsets written to partitions 2 and 0; When formatted; Then "0:41,2:17"
        assertThat(ConsistencyToken.of(Map.of(2, 17L, 0, 41L)).format()).isEqualTo("0:41,2:17");
    }

    @Test
    void shouldParseWhatItFormats() {
        final ConsistencyToken token = ConsistencyToken.of(Map.of(0, 0L, 1, 9_000_000_000L, 11, 5L));
        assertThat(ConsistencyToken.parse(token.format())).contains(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0:", ":1", "0:1,", "a:1", "0:-1", "0:1;1:2", "0:1,0:2",
            "0:99999999999999999999", " 0:1"})
    void shouldRejectTextThatIsNotAToken(final String text) {
        assertThat(ConsistencyToken.parse(text)).isEmpty();
    }

    @Test
    void shouldRequireAtLeastOnePartition() {
        assertThatThrownBy(() -> ConsistencyToken.of(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
