package org.opencdp.trigger.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.trigger.Fixtures.attribute;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencdp.avro.Attribute;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.FilterCondition;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.StringValue;

class ProfileFilterTest {

    private static Attribute typed(final String type, final String value) {
        return switch (type) {
            case "integer" -> attribute(new IntegerValue(Long.parseLong(value)));
            case "number" -> attribute(new NumberValue(value));
            case "date" -> attribute(new DateValue(Instant.parse(value)));
            case "none" -> null;
            default -> attribute(new StringValue(value));
        };
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
            "integer, 41, gte, 18, true",
            "integer, 9, gt, 10, false",
            "integer, 41, eq, 41.0, true",
            "number, 2.50, eq, 2.5, true",
            "number, 2.5, lt, 10, true",
            "string, 9, lt, 10, false",
            "string, pro, eq, pro, true",
            "string, pro, ne, free, true",
            "date, 2024-05-01T10:00:00Z, gt, 2024-05-01, true",
            "date, 2024-05-01T10:00:00Z, lt, 2024-05-01T09:00:00Z, false",
            "integer, 41, gt, many, false",
            "none, , eq, pro, false",
            "none, , ne, pro, true",
    })
    void shouldCompareByTheAttributesType(final String type, final String stored, final String op, final String wanted,
                                          final boolean holds) {
        assertThat(ProfileFilter.holds(new FilterCondition("p", op, wanted), typed(type, stored))).isEqualTo(holds);
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource({
            "integer, 41, gt, 1e9999999999, false",
            "integer, 41, ne, 1e9999999999, true",
            "integer, 41, lt, 1e999999999, false",
            "number, 1e99999999999, gt, 1, false",
            "number, 1e99999999999, ne, 1, true",
            "number, 1e-999999999, gt, 1e999999999, false",
            "date, 2024-05-01T10:00:00Z, gt, +1000000000-12-31T23:59:59Z, false",
            "date, 2024-05-01T10:00:00Z, lt, 2024-13-45, false",
    })
    void shouldNeverThrowOnHostileValuesOnEitherSide(final String type, final String stored, final String op,
                                                     final String wanted, final boolean holds) {
        assertThat(ProfileFilter.holds(new FilterCondition("p", op, wanted), typed(type, stored))).isEqualTo(holds);
    }

    @ParameterizedTest
    @CsvSource({"string, x, exists, true", "none, , exists, false", "none, , not_exists, true", "string, x, not_exists, false"})
    void shouldTellWhetherTheAttributeIsSet(final String type, final String stored, final String op, final boolean holds) {
        assertThat(ProfileFilter.holds(new FilterCondition("p", op, null), typed(type, stored))).isEqualTo(holds);
    }
}
