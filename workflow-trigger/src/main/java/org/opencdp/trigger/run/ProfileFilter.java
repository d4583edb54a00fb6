package org.opencdp.trigger.run;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.opencdp.avro.Attribute;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.FilterCondition;
import org.opencdp.avro.IntegerValue;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.schemas.values.Decimals;

/**
 * A workflow's filter on the profile (docs/workflows.md): every condition must hold. {@code eq}/{@code ne} and the
 * orderings compare by the attribute's type: integers and numbers numerically, dates as instants (the value as
 * ISO-8601, or {@code YYYY-MM-DD} for UTC midnight), everything else as text; a value that cannot be read as the
 * attribute's type fails the condition, as does a value on either side that cannot be read (a number whose exponent
 * no BigDecimal holds, a date out of range): a filter never throws. Values are at most 1,000 characters (the
 * definition's limit), so no comparison is costly. {@code exists}/{@code not_exists} take no value. Pure.
 */
public final class ProfileFilter {

    public static final Set<String> OPS = Set.of("eq", "ne", "gt", "gte", "lt", "lte", "exists", "not_exists");
    public static final Set<String> VALUELESS_OPS = Set.of("exists", "not_exists");

    private ProfileFilter() {
    }

    public static boolean holds(final List<FilterCondition> filter, final Profile profile) {
        return filter.stream().allMatch(condition -> holds(condition, profile.getAttributes().get(condition.getProperty())));
    }

    static boolean holds(final FilterCondition condition, final Attribute attribute) {
        return switch (condition.getOp()) {
            case "exists" -> attribute != null;
            case "not_exists" -> attribute == null;
            case "ne" -> attribute == null || compare(attribute.getValue(), condition.getValue()).map(c -> c != 0).orElse(true);
            default -> attribute != null && compare(attribute.getValue(), condition.getValue())
                    .map(c -> switch (condition.getOp()) {
                        case "eq" -> c == 0;
                        case "gt" -> c > 0;
                        case "gte" -> c >= 0;
                        case "lt" -> c < 0;
                        case "lte" -> c <= 0;
                        default -> false;
                    }).orElse(false);
        };
    }

    /** The attribute's value compared with {@code wanted}; empty when {@code wanted} is not of its type. */
    private static Optional<Integer> compare(final Object typedValue, final String wanted) {
        if (wanted == null) {
            return Optional.empty();
        }
        try {
            return switch (typedValue) {
                case IntegerValue v -> Decimals.parse(wanted.strip()).map(w -> BigDecimal.valueOf(v.getValue()).compareTo(w));
                case NumberValue v -> Decimals.parse(v.getDecimal()).flatMap(have ->
                        Decimals.parse(wanted.strip()).map(have::compareTo));
                case DateValue v -> Optional.of(v.getValue().compareTo(instant(wanted.strip())));
                default -> Optional.of(String.valueOf(RunContext.raw(typedValue)).compareTo(wanted));
            };
        } catch (NumberFormatException | DateTimeException | ArithmeticException notOfItsType) {
            // Also a hostile value on either side (an exponent no BigDecimal holds, a date out of range): not of its type.
            return Optional.empty();
        }
    }

    private static Instant instant(final String text) {
        return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    }
}
