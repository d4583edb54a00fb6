package org.opencdp.schemas.values;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

    @ParameterizedTest
    @ValueSource(strings = {"1e99999999999", "1E999999999", "-1e+99999999999999999999", "1e-99999999999",
            "1e309", "1e-309", "12345678901234567890123456789012345678901"})
    void shouldReadANumberOutOfBoundsAsOutOfRangeWithoutParsingIt(final String text) {
        // Given a number written beyond the bounds (the first is the finding of issue 12)
        // When it is read
        final Decimals.Reading reading = Decimals.read(text);

        // Then it is a number out of range, not an exception and not a value
        assertThat(reading).isInstanceOf(Decimals.Reading.OutOfRange.class);
        assertThat(Decimals.isNumericForm(text)).isTrue();
        assertThat(Decimals.parse(text)).isEmpty();
    }

    @Test
    void shouldRefuseANumberWrittenInMoreCharactersThanTheBound() {
        // Given a number of 401 characters, all of them zeros after the point
        final String text = "0." + "0".repeat(Decimals.MAX_TEXT_LENGTH - 2) + "1";

        // When / Then
        assertThat(Decimals.read(text)).isInstanceOf(Decimals.Reading.OutOfRange.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"24", " 24 ", "-1.50", ".5", "5.", "+3", "1e308", "9.99e308", "1e-308", "0e-999999",
            "1234567890123456789012345678901234567890", "1.000000000000000000000000000000000000000000000"})
    void shouldReadANumberWithinBoundsWithAShortPlainText(final String text) {
        // Given a number within the bounds
        // When it is read
        final BigDecimal value = Decimals.parse(text).orElseThrow();

        // Then its plain text is short and says the same number
        final String plain = value.toPlainString();
        assertThat(plain.length()).isLessThanOrEqualTo(2 * Decimals.MAX_TEXT_LENGTH);
        assertThat(new BigDecimal(plain)).isEqualByComparingTo(new BigDecimal(text.strip()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "1,5", "1e", "e5", "0x10", "NaN", "Infinity", "1e5.5", "--1", "١٢"})
    void shouldReadTextThatIsNotANumberAsNotNumeric(final String text) {
        // When / Then
        assertThat(Decimals.read(text)).isInstanceOf(Decimals.Reading.NotNumeric.class);
    }

    @Test
    void shouldAcceptEveryFiniteDoubleOfNormalRangeAndRefuseTheRest() {
        // Given doubles of every magnitude (seeded, so a failure repeats)
        final Random random = new Random(12);
        for (int i = 0; i < 10_000; i++) {
            final double value = Double.longBitsToDouble(random.nextLong());
            // When it is checked
            final Decimals.Reading reading = Decimals.check(value);

            // Then a finite normal double is a number, an infinite, NaN or subnormal one is out of range
            final boolean normal = Double.isFinite(value) && (value == 0 || Math.abs(value) >= 1e-308);
            assertThat(reading instanceof Decimals.Reading.Number).as("%s", value).isEqualTo(normal);
        }
    }

    @Test
    void shouldReadGeneratedNumericTextInBoundedTimeAndNeverThrow() {
        // Given numeric texts of random mantissas and exponents of up to 30 digits (seeded)
        final Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            final String text = (random.nextBoolean() ? "-" : "") + digits(random, 1 + random.nextInt(60))
                    + (random.nextBoolean() ? "." + digits(random, random.nextInt(60)) : "")
                    + (random.nextBoolean() ? "e" + (random.nextBoolean() ? "-" : "") + digits(random, 1 + random.nextInt(30)) : "");
            // When it is read, Then it is a number whose plain text is bounded, or out of range
            switch (Decimals.read(text)) {
                case Decimals.Reading.Number number ->
                        assertThat(number.value().toPlainString().length()).as(text).isLessThan(1000);
                case Decimals.Reading.OutOfRange ignored -> {
                    // Refused with a reason.
                }
                case Decimals.Reading.NotNumeric ignored -> throw new AssertionError(text + " is numeric");
            }
        }
    }

    private static String digits(final Random random, final int count) {
        final StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }
}
