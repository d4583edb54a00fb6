package org.opencdp.devstack;

import java.util.List;
import java.util.Random;

/**
 * Adversarial values for the fuzzing suite, drawn from one seeded {@link Random} so a run can be repeated
 * ({@code -Dfuzz.seed=}). Values are JSON text fragments, not Java objects: a number such as
 * {@code 1e99999999999} or a lone surrogate escape {@code "\ud800"} cannot be held by a Java type and written
 * back, and those are exactly the inputs a caller can send.
 */
final class FuzzValues {

    /** Number tokens at every edge of size, exponent and precision. */
    static final List<String> NUMBERS = List.of(
            "1e99999999999", "-1e99999999999", "1e-99999", "1E+400", "1e308", "1.7976931348623157e309", "4.9e-325",
            "2.2250738585072014E-308", "-0", "-0.0", "0", "0.0", "1", "-1", "42", "3.14",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "1" + "0".repeat(399), "-" + "9".repeat(400), "0." + "0".repeat(400) + "1",
            "1." + "1".repeat(400), "123456789012345678901234567890e-30", "1e2147483647", "1e-2147483648",
            "1e2147483648", "2147483648", "-2147483649", "1.0e0", "100e-2", "1E5");

    /** Strings that coerce (or fail to) into every type: dates, booleans, numbers in text. */
    static final List<String> COERCIONS = List.of(
            "+999999999-12-31", "-999999999-01-01", "+1000000000-01-01", "2019-02-30", "2019-02-29", "2020-02-29",
            "2019-13-01", "0000-00-00", "2019-02-28T25:00:00Z", "2019-02-28T23:59:60Z", "2019-02-28T10:00:00+18:01",
            "2019-02-28T10:00:00.123456789123Z", "9999-12-31T23:59:59.999Z", "1970-01-01", "-0001-01-01",
            "YES", "yes", "NO", "true", "TRUE", "True", "false", "1", "0", "on", "off", "y", "n", "null", "undefined",
            "1e99999999999", "-1e-99999", "NaN", "-NaN", "Infinity", "-Infinity", "0x10", "1_000", "1,5", "١٢٣",
            "9223372036854775808", "-0", " 42 ", "4 2", "+1", "1" + "0".repeat(400), "", " ", "\t");

    private static final String[] CONTROL = new String[33];

    static {
        for (int c = 0; c < 0x20; c++) {
            CONTROL[c] = String.valueOf((char) c);
        }
        CONTROL[0x20] = "\u007f";
    }

    private final Random random;

    FuzzValues(final long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    int nextInt(final int bound) {
        return random.nextInt(bound);
    }

    boolean chance(final double p) {
        return random.nextDouble() < p;
    }

    <T> T pick(final List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** One control character, U+0000 to U+001F or U+007F. */
    String control() {
        return CONTROL[random.nextInt(CONTROL.length)];
    }

    /** A string at, just under or just past {@code limit} characters, of one-, two- or four-byte characters. */
    String sized(final int limit) {
        final int n = switch (random.nextInt(4)) {
            case 0 -> limit;
            case 1 -> limit + 1;
            case 2 -> Math.max(0, limit - 1);
            default -> limit * 2 + random.nextInt(10);
        };
        return switch (random.nextInt(4)) {
            case 0 -> "é".repeat(n);
            case 1 -> "𝄞".repeat(n); // n code points, 2n UTF-16 units, 4n bytes
            case 2 -> "𝄞".repeat(n / 2) + (n % 2 == 1 ? "x" : ""); // n UTF-16 units
            default -> "a".repeat(n);
        };
    }

    /** An adversarial string, as Java text (JSON-escaped by {@link #str}). */
    String text() {
        return switch (random.nextInt(14)) {
            case 0 -> sized(1000);
            case 1 -> sized(200);
            case 2 -> sized(255);
            case 3 -> "a" + control() + "b";
            case 4 -> control();
            case 5 -> pick(COERCIONS);
            case 6 -> "";
            case 7 -> "  ";
            case 8 -> "\u202eevil\u202c\u200b\ufeff";
            case 9 -> "{{ x }} {x} ${x} #{x} <script>";
            case 10 -> "\"quoted\\\"";
            case 11 -> "𝄞".repeat(1 + random.nextInt(5));
            case 12 -> "x".repeat(random.nextInt(20_000));
            default -> "v" + random.nextInt(1000);
        };
    }

    /** An adversarial JSON string token: {@link #text()} escaped, or one with a lone surrogate escape. */
    String jsonText() {
        if (chance(0.06)) {
            return pick(List.of("\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "\"\\udfff\\ud800\"",
                    "\"x\\ud834\"", "\"\\u0000\"", "\"\\u0000\\u0000\\u0000\""));
        }
        return str(text());
    }

    /** An adversarial JSON scalar: a number token, a string, a boolean or null. */
    String scalar() {
        if (chance(0.5)) {
            return ordinary();
        }
        return switch (random.nextInt(10)) {
            case 0, 1, 2 -> pick(NUMBERS);
            case 3 -> pick(List.of("true", "false", "null"));
            case 4 -> str(pick(COERCIONS));
            default -> jsonText();
        };
    }

    /** An ordinary value, so that most requests pass validation and reach the fold with their adversarial parts. */
    String ordinary() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(100));
            case 1 -> "true";
            case 2 -> Double.toString(random.nextInt(1000) / 8.0);
            default -> str("v" + random.nextInt(1000));
        };
    }

    /** A property or field name: mostly ordinary, else with control characters, multi-byte, blank or past 200. */
    String name() {
        return switch (random.nextInt(25)) {
            case 0 -> "f" + control() + random.nextInt(50);
            case 1 -> sized(200);
            case 2 -> pick(List.of("", " ", "id", "ID", "__proto__", "a.b", "a/b", "a%2Fb", "..", "null", "\t"));
            case 3 -> "é" + random.nextInt(50);
            default -> "f" + random.nextInt(60);
        };
    }

    /** A customer id: a fresh ordinary one, or an adversarial string or number token. */
    String customerIdToken(final String fresh) {
        return switch (random.nextInt(12)) {
            case 0 -> pick(NUMBERS);
            case 1 -> str("id" + control() + random.nextInt(9));
            case 2 -> str(sized(255));
            case 3 -> pick(List.of("\"\"", "\" \"", "\"\\ud800\"", "\"-0\"", "\"01010011234\"", "01010011234",
                    "true", "null", "1.5", "{}", "[]"));
            case 4 -> str("shared-" + random.nextInt(20));
            default -> str(fresh);
        };
    }

    /** An email: a fresh valid one, or an adversarial one. */
    String emailToken(final String fresh) {
        return switch (random.nextInt(10)) {
            case 0 -> str("a" + control() + "@x.io");
            case 1 -> str(sized(255) + "@x.io");
            case 2 -> str(pick(List.of("@", "a@", "@b", "a@@b", "A@X.IO", " a@x.io ", "a b@x.io", "é@é.é", "𝄞@𝄞.io")));
            case 3 -> pick(NUMBERS);
            case 4 -> "\"a\\ud800@x.io\"";
            default -> str(fresh);
        };
    }

    /** A phone: valid E.164 or adversarial. */
    String phoneToken() {
        return switch (random.nextInt(6)) {
            case 0 -> str("+1311555" + String.format("%04d", random.nextInt(10_000)));
            case 1 -> str("+" + "9".repeat(random.nextInt(20)));
            case 2 -> str("+1311555" + control() + "2368");
            case 3 -> pick(NUMBERS);
            default -> "null";
        };
    }

    /** A JSON string token for {@code s}: quotes, backslashes and control characters escaped, the rest as is. */
    static String str(final String s) {
        final StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
