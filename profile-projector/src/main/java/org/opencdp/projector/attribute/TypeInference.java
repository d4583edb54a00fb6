package org.opencdp.projector.attribute;

import java.util.Locale;

import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ItemList;
import org.opencdp.avro.ScalarList;
import org.opencdp.schemas.values.AttributeType;
import org.opencdp.schemas.values.Decimals;

/**
 * The type a property gets from the first value written to it, by the family of the route that wrote it
 * (contract section 4). Lists take their type from their shape in every family.
 */
public final class TypeInference {

    private TypeInference() {
    }

    /** The type of a property first written with {@code raw} (never null: null clears, it creates nothing). */
    public static AttributeType infer(final ApiFamily family, final Object raw) {
        return switch (raw) {
            case ScalarList ignored -> AttributeType.COLLECTION;
            case ItemList ignored -> AttributeType.ARRAY;
            default -> switch (family) {
                case RETENTLY -> AttributeType.STRING;
                case ATTENTIVE -> attentive(raw);
                case RETAINLY, UPSTREAM -> retainly(raw);
            };
        };
    }

    /** Boolean; integer for an integral number, number otherwise; ISO date or date-time strings are dates. */
    private static AttributeType retainly(final Object raw) {
        return switch (raw) {
            case Boolean ignored -> AttributeType.BOOLEAN;
            case Long ignored -> AttributeType.INTEGER;
            case Double d -> isIntegral(d) ? AttributeType.INTEGER : AttributeType.NUMBER;
            case String s -> Dates.isIsoForm(s) ? AttributeType.DATE : AttributeType.STRING;
            default -> AttributeType.STRING;
        };
    }

    /** Number for a number or numeric string, boolean for a boolean or "true"/"false", else string. */
    private static AttributeType attentive(final Object raw) {
        return switch (raw) {
            case Boolean ignored -> AttributeType.BOOLEAN;
            case Long ignored -> AttributeType.NUMBER;
            case Double ignored -> AttributeType.NUMBER;
            case String s when isNumeric(s) -> AttributeType.NUMBER;
            case String s when isBooleanWord(s) -> AttributeType.BOOLEAN;
            default -> AttributeType.STRING;
        };
    }

    static boolean isIntegral(final double d) {
        return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p63;
    }

    private static boolean isBooleanWord(final String s) {
        final String word = s.strip().toLowerCase(Locale.ROOT);
        return word.equals("true") || word.equals("false");
    }

    /**
     * Whether {@code text} is written as a decimal number (sign, digits, optional fraction and exponent), in
     * bounds or not: {@code "1e99999999999"} makes a number property, and its value is then rejected as out of
     * range by {@link Coercion}, as ingest-api refuses it on the Attentive routes.
     */
    static boolean isNumeric(final String text) {
        return Decimals.isNumericForm(text);
    }
}
