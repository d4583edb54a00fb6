package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntegersTest {

    @ParameterizedTest
    @CsvSource({"24,24", "' -7 ',-7", "+3,3", "007,7", "9223372036854775807,9223372036854775807",
            "-9223372036854775808,-9223372036854775808"})
    void shouldReadA64BitInteger(final String text, final long expected) {
        assertThat(Integers.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999999999999999999999999",
            "1.5", "1e3", "", "abc", "٣"})
    void shouldNotReadAnythingElseAsAnInteger(final String text) {
        // Overflow and non-integers are "not an integer", never an exception
        assertThat(Integers.parse(text)).isEmpty();
    }
}
