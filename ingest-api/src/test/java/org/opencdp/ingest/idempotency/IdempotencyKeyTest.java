package org.opencdp.ingest.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    private static final byte[] BODY = "{\"customers\":[{\"id\":1}]}".getBytes(StandardCharsets.UTF_8);
    private final IdempotencyKey key = new IdempotencyKey("retry-me-1");

    @Test
    void shouldDeriveTheDocumentedRequestId() {
        // Given workspace demo, POST /customers, key retry-me-1 and a body
        // When the request id is derived
        final String requestId = key.requestId("demo", "POST /customers", BODY);
        // Then it is "idem-" + the first 32 hex characters of sha256(demo\0POST /customers\0retry-me-1\0sha256(body)),
        // computed independently (Python hashlib) and pinned here: a retry after an upgrade must keep its id
        assertThat(requestId).isEqualTo("idem-" + "7ae6199949aba9c9704797f4ad884d08");
    }

    @Test
    void shouldDeriveTheSameIdForTheSameRequest() {
        assertThat(key.requestId("demo", "POST /customers", BODY))
                .isEqualTo(new IdempotencyKey("retry-me-1").requestId("demo", "POST /customers", BODY.clone()))
                .matches("idem-[0-9a-f]{32}")
                .hasSize(37);
    }

    @Test
    void shouldDeriveAnotherIdWhenAnythingElseDiffers() {
        // Given the reference request
        final String reference = key.requestId("demo", "POST /customers", BODY);
        // Then another workspace, target, key or body names another request
        assertThat(key.requestId("other", "POST /customers", BODY)).isNotEqualTo(reference);
        assertThat(key.requestId("demo", "POST /arrays", BODY)).isNotEqualTo(reference);
        assertThat(new IdempotencyKey("retry-me-2").requestId("demo", "POST /customers", BODY)).isNotEqualTo(reference);
        assertThat(key.requestId("demo", "POST /customers", "{\"customers\":[{\"id\":2}]}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(reference);
    }

    @Test
    void shouldSeparateTheInputsSoThatShiftingTextBetweenThemChangesTheId() {
        // Given "a" + "bc" and "ab" + "c" as workspace + target: the separator keeps them apart
        assertThat(key.requestId("a", "bc", BODY)).isNotEqualTo(key.requestId("ab", "c", BODY));
    }

    @Test
    void shouldReadAnAbsentHeaderAsNoKey() {
        assertThat(IdempotencyKey.read(null)).isInstanceOf(IdempotencyKey.Reading.Absent.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 254, 255})
    void shouldAcceptOneTo255PrintableCharacters(final int length) {
        assertThat(IdempotencyKey.read("k".repeat(length))).isEqualTo(
                new IdempotencyKey.Reading.Valid(new IdempotencyKey("k".repeat(length))));
    }

    @Test
    void shouldAcceptEveryPrintableAsciiCharacter() {
        final StringBuilder printable = new StringBuilder();
        for (char c = 0x20; c <= 0x7e; c++) {
            printable.append(c);
        }
        assertThat(IdempotencyKey.read(printable.toString())).isInstanceOf(IdempotencyKey.Reading.Valid.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\there", "new\nline", "caf\u00e9", "del\u007f", "emoji\uD83D\uDE00"})
    void shouldRefuseEmptyOrNonPrintableKeys(final String header) {
        assertThat(IdempotencyKey.read(header)).isInstanceOfSatisfying(IdempotencyKey.Reading.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("Idempotency-Key"));
    }

    @Test
    void shouldRefuseAKeyOf256Characters() {
        assertThat(IdempotencyKey.read("k".repeat(256))).isInstanceOf(IdempotencyKey.Reading.Invalid.class);
        assertThatThrownBy(() -> new IdempotencyKey("k".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }
}
