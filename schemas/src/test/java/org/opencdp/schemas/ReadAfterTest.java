package org.opencdp.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** A read's token: either kind of write's X-Consistency-Token, from ?after= or the request header. */
class ReadAfterTest {

    @Test
    void shouldReadACustomerWritesToken() {
        // When
        final ReadAfter after = ReadAfter.parse("0:41,2:17");
        // Then
        assertThat(after.customer().offsets()).isEqualTo(Map.of(0, 41L, 2, 17L));
        assertThat(after.identity().isEmpty()).isTrue();
        assertThat(after).hasToString("0:41,2:17");
    }

    @Test
    void shouldReadAnIdentityRoutedWritesToken() {
        // Given: what an Attentive write answers
        final String token = ConsistencyToken.of(3, 17).formatIdentity();
        // When
        final ReadAfter after = ReadAfter.parse(token);
        // Then
        assertThat(after.identity().offsets()).isEqualTo(Map.of(3, 17L));
        assertThat(after.customer().isEmpty()).isTrue();
        assertThat(after).hasToString("identity:3:17");
    }

    @Test
    void shouldReadBothKindsInAnyOrderAndWriteThemCustomerFirst() {
        // When
        final ReadAfter after = ReadAfter.parse("identity:1:5,2:17");
        // Then
        assertThat(after.customer().offsets()).isEqualTo(Map.of(2, 17L));
        assertThat(after.identity().offsets()).isEqualTo(Map.of(1, 5L));
        assertThat(after).hasToString("2:17,identity:1:5");
        assertThat(ReadAfter.parse(after.format())).isEqualTo(after);
    }

    @Test
    void shouldWaitForNothingWithoutAToken() {
        // Then
        assertThat(ReadAfter.parse(null).isEmpty()).isTrue();
        assertThat(ReadAfter.parse("").isEmpty()).isTrue();
        assertThat(ReadAfter.of(null, null)).isEqualTo(ReadAfter.NONE);
    }

    @Test
    void shouldTakeTheHeaderWhenNoParameterIsGiven() {
        // When
        final ReadAfter after = ReadAfter.of(null, "identity:0:9");
        // Then
        assertThat(after.identity().offsets()).isEqualTo(Map.of(0, 9L));
    }

    @Test
    void shouldRefuseAParameterAndAHeaderNamingDifferentWrites() {
        // Then
        assertThatThrownBy(() -> ReadAfter.of("0:1", "0:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different writes");
        assertThat(ReadAfter.of("0:1", "0:1").customer().offsets()).isEqualTo(Map.of(0, 1L));
    }

    @Test
    void shouldRefuseMalformedPairsOfEitherKind() {
        // Then
        assertThatThrownBy(() -> ReadAfter.parse("identity:x:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReadAfter.parse("identity:1:1,identity:1:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> ReadAfter.parse("0:1,")).isInstanceOf(IllegalArgumentException.class);
    }
}
