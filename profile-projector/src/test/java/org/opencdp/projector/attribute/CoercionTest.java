package org.opencdp.projector.attribute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.ArrayValue;
import org.opencdp.avro.BooleanValue;
import org.opencdp.avro.CollectionValue;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.EnumValue;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.ScalarList;
import org.opencdp.avro.StringValue;
import org.opencdp.schemas.values.AttributeType;

/** The "accepted input" column of contract section 4, one row per case. */
class CoercionTest {

    private static final Coercion UTC = new Coercion(ZoneOffset.UTC);

    static Stream<Arguments> accepted() {
        final ItemList orders = new ItemList(List.of(new ArrayItem(Map.of("id", 1L))));
        return Stream.of(
                Arguments.of(AttributeType.STRING, "pro", new StringValue("pro")),
                Arguments.of(AttributeType.STRING, "", new StringValue("")),
                Arguments.of(AttributeType.STRING, 42L, new StringValue("42")),
                Arguments.of(AttributeType.STRING, 1.5, new StringValue("1.5")),
                Arguments.of(AttributeType.STRING, true, new StringValue("true")),
                Arguments.of(AttributeType.INTEGER, 7L, new IntegerValue(7L)),
                Arguments.of(AttributeType.INTEGER, " -12 ", new IntegerValue(-12L)),
                Arguments.of(AttributeType.INTEGER, 3.0, new IntegerValue(3L)),
                Arguments.of(AttributeType.INTEGER, 100L, new IntegerValue(100L)),
                Arguments.of(AttributeType.INTEGER, "100", new IntegerValue(100L)),
                Arguments.of(AttributeType.INTEGER, Long.MAX_VALUE, new IntegerValue(Long.MAX_VALUE)),
                Arguments.of(AttributeType.NUMBER, 2.5, new NumberValue("2.5")),
                Arguments.of(AttributeType.NUMBER, 10L, new NumberValue("10")),
                Arguments.of(AttributeType.NUMBER, "24", new NumberValue("24")),
                Arguments.of(AttributeType.NUMBER, "0.10", new NumberValue("0.10")),
                Arguments.of(AttributeType.NUMBER, "1e3", new NumberValue("1000")),
                Arguments.of(AttributeType.NUMBER, "-2e3", new NumberValue("-2000")),
                Arguments.of(AttributeType.STRING, 12.50, new StringValue("12.5")),
                Arguments.of(AttributeType.STRING, "x".repeat(1000), new StringValue("x".repeat(1000))),
                Arguments.of(AttributeType.BOOLEAN, false, new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "TRUE", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "0", new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "Yes", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "n", new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, 1L, new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, 0L, new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "1", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "No", new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "YES", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "Y", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "y", new BooleanValue(true)),
                Arguments.of(AttributeType.BOOLEAN, "N", new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "nO", new BooleanValue(false)),
                Arguments.of(AttributeType.BOOLEAN, "False", new BooleanValue(false)),
                Arguments.of(AttributeType.DATE, "2022-02-25T21:00:00.000Z", date("2022-02-25T21:00:00Z")),
                Arguments.of(AttributeType.DATE, "2022-02-25T23:00:00+02:00", date("2022-02-25T21:00:00Z")),
                Arguments.of(AttributeType.DATE, "2022-02-25", date("2022-02-25T00:00:00Z")),
                Arguments.of(AttributeType.DATE, "2022-02-25T21:00:00", date("2022-02-25T21:00:00Z")),
                Arguments.of(AttributeType.DATE, "12/31/2019", date("2019-12-31T00:00:00Z")),
                Arguments.of(AttributeType.DATE, "2019/12/31", date("2019-12-31T00:00:00Z")),
                Arguments.of(AttributeType.DATE, "2019-12-31", date("2019-12-31T00:00:00Z")),
                Arguments.of(AttributeType.DATE, "2019-12-31T00:00:00Z", date("2019-12-31T00:00:00Z")),
                Arguments.of(AttributeType.DATE, "2022-02-25T21:00", date("2022-02-25T21:00:00Z")),
                Arguments.of(AttributeType.COLLECTION, new ScalarList(Arrays.asList("a", 1L, null, true)),
                        new CollectionValue(List.of("a", "1", "true"))),
                Arguments.of(AttributeType.COLLECTION, "a, b ,c,", new CollectionValue(List.of("a", "b", "c"))),
                Arguments.of(AttributeType.COLLECTION, "item1, item2, item3", new CollectionValue(List.of("item1", "item2", "item3"))),
                Arguments.of(AttributeType.COLLECTION, "single", new CollectionValue(List.of("single"))),
                Arguments.of(AttributeType.ARRAY, orders, new ArrayValue(orders.getItems())),
                Arguments.of(AttributeType.ARRAY, new ScalarList(List.of()), new ArrayValue(List.of())));
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @MethodSource("accepted")
    void shouldCoerceAcceptedInputToTheType(final AttributeType type, final Object raw, final Object expected) {
        // When
        final CoercionResult result = UTC.coerce(PropertyDefinition.of(type), raw);
        // Then
        assertThat(result).isEqualTo(new CoercionResult.Coerced(expected));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(AttributeType.STRING, "x".repeat(1001)),
                Arguments.of(AttributeType.STRING, new ScalarList(List.of("a"))),
                Arguments.of(AttributeType.INTEGER, 1.5),
                Arguments.of(AttributeType.INTEGER, "1.5"),
                Arguments.of(AttributeType.INTEGER, "12abc"),
                Arguments.of(AttributeType.INTEGER, "3.0"),
                Arguments.of(AttributeType.INTEGER, "abc"),
                Arguments.of(AttributeType.INTEGER, "99999999999999999999"),
                Arguments.of(AttributeType.INTEGER, true),
                Arguments.of(AttributeType.NUMBER, "twelve"),
                Arguments.of(AttributeType.NUMBER, false),
                Arguments.of(AttributeType.NUMBER, Double.NaN),
                Arguments.of(AttributeType.BOOLEAN, "maybe"),
                Arguments.of(AttributeType.BOOLEAN, 2L),
                Arguments.of(AttributeType.DATE, "31/12/2019"),
                Arguments.of(AttributeType.DATE, "13/01/2020"),
                Arguments.of(AttributeType.DATE, "2019-12-31 10:00"),
                Arguments.of(AttributeType.DATE, "2022-02-30"),
                Arguments.of(AttributeType.DATE, "tomorrow"),
                Arguments.of(AttributeType.DATE, 1645822800000L),
                Arguments.of(AttributeType.COLLECTION, 5L),
                Arguments.of(AttributeType.COLLECTION, new ItemList(List.of(new ArrayItem(Map.of("a", 1L))))),
                Arguments.of(AttributeType.ARRAY, new ScalarList(List.of("a"))),
                Arguments.of(AttributeType.ARRAY, "orders"));
    }

    @ParameterizedTest(name = "{0} refuses {1}")
    @MethodSource("refused")
    void shouldRefuseInputTheTypeDoesNotAccept(final AttributeType type, final Object raw) {
        // When
        final CoercionResult result = UTC.coerce(PropertyDefinition.of(type), raw);
        // Then
        assertThat(result).isInstanceOf(CoercionResult.Uncoercible.class);
    }

    /** Hostile values a direct producer may put on the command topic (issue 12): never an exception. */
    static Stream<Object> hostile() {
        return Stream.of("1e99999999999", "-1E+99999999999999999999", "1e-99999999999", "1e309", "0." + "0".repeat(500) + "1",
                "9".repeat(5000), "12345678901234567890123456789012345678901", "99999999999999999999", "-9223372036854775809",
                "+99999-01-01", "99999-01-01T00:00:00Z", "2024-01-01T00:00:00+99:00", "2024-01-01T00:00:00.1234567891Z",
                " ".repeat(10_000) + "2024-01-01", "2024-01-01" + "0".repeat(10_000), "\u0000", "١٢٣",
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.MIN_VALUE, Double.MAX_VALUE * -1,
                Long.MIN_VALUE, Long.MAX_VALUE, 1e300, "NaN", "Infinity", "0x1p3");
    }

    @ParameterizedTest(name = "every type coerces {0} or says why not")
    @MethodSource("hostile")
    void shouldCoerceOrRefuseAHostileValueForEveryTypeWithoutThrowing(final Object raw) {
        for (final AttributeType type : AttributeType.values()) {
            // When
            final CoercionResult result = UTC.coerce(PropertyDefinition.of(type), raw);
            // Then: a stored form no longer than the text sent (or than a number's bounded plain text), or a reason
            switch (result) {
                case CoercionResult.Coerced coerced -> assertThat(String.valueOf(coerced.value()).length())
                        .as("%s as %s", raw, type).isLessThan(Math.max(2_000, 2 * String.valueOf(raw).length()));
                case CoercionResult.Uncoercible uncoercible -> assertThat(uncoercible.reason()).isNotBlank();
            }
        }
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(
                Arguments.of("1e99999999999"), Arguments.of("1e309"), Arguments.of("1e-309"),
                Arguments.of("12345678901234567890123456789012345678901"), Arguments.of(Double.POSITIVE_INFINITY),
                Arguments.of(Double.MIN_VALUE));
    }

    @ParameterizedTest(name = "number refuses {0} as out of range")
    @MethodSource("outOfRange")
    void shouldRefuseANumberOutOfTheSharedBoundsAsOutOfRange(final Object raw) {
        // When: the finding of issue 12 ("1e99999999999" to a number property) and its neighbours
        final CoercionResult result = UTC.coerce(PropertyDefinition.of(AttributeType.NUMBER), raw);
        // Then: rejected with a reason, not a NumberFormatException
        assertThat(result).isInstanceOfSatisfying(CoercionResult.Uncoercible.class,
                refused -> assertThat(refused.reason()).startsWith("number out of range"));
    }

    @ParameterizedTest(name = "number keeps {0} as {1}")
    @MethodSource("atTheBounds")
    void shouldStoreANumberAtTheBoundsInPlainText(final String raw, final String expected) {
        assertThat(UTC.coerce(PropertyDefinition.of(AttributeType.NUMBER), raw))
                .isEqualTo(new CoercionResult.Coerced(new NumberValue(expected)));
    }

    static Stream<Arguments> atTheBounds() {
        return Stream.of(
                Arguments.of("1e308", "1" + "0".repeat(308)),
                Arguments.of("1e-308", "0." + "0".repeat(307) + "1"),
                Arguments.of("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890"),
                Arguments.of("0e-999999", "0." + "0".repeat(40)));
    }

    @ParameterizedTest(name = "{0} in the workspace zone")
    @MethodSource("localForms")
    void shouldReadDatesWithoutZoneInTheWorkspaceZoneButPlainDatesAsUtcMidnight(final String raw, final Instant expected) {
        // Given
        final Coercion newYork = new Coercion(ZoneId.of("America/New_York"));
        // When
        final CoercionResult result = newYork.coerce(PropertyDefinition.of(AttributeType.DATE), raw);
        // Then
        assertThat(result).isEqualTo(new CoercionResult.Coerced(new DateValue(expected)));
    }

    static Stream<Arguments> localForms() {
        return Stream.of(
                Arguments.of("2022-02-25T21:00:00", Instant.parse("2022-02-26T02:00:00Z")),
                Arguments.of("02/25/2022", Instant.parse("2022-02-25T05:00:00Z")),
                Arguments.of("2022-02-25", Instant.parse("2022-02-25T00:00:00Z")),
                Arguments.of("2022-02-25T21:00:00Z", Instant.parse("2022-02-25T21:00:00Z")));
    }

    @ParameterizedTest(name = "enum accepts {0}: {1}")
    @MethodSource("enumInput")
    void shouldAcceptOnlyADefinedEnumValueCaseSensitively(final String raw, final boolean accepted) {
        // Given
        final PropertyDefinition plan = new PropertyDefinition(AttributeType.ENUM, List.of("free", "pro"));
        // When
        final CoercionResult result = UTC.coerce(plan, raw);
        // Then
        assertThat(result).isEqualTo(accepted
                ? new CoercionResult.Coerced(new EnumValue(raw))
                : new CoercionResult.Uncoercible("not one of the defined values [free, pro]"));
    }

    static Stream<Arguments> enumInput() {
        return Stream.of(Arguments.of("pro", true), Arguments.of("Pro", false), Arguments.of("gold", false));
    }

    private static DateValue date(final String instant) {
        return new DateValue(Instant.parse(instant));
    }
}
