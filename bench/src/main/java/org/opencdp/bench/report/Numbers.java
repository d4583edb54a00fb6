package org.opencdp.bench.report;

import java.util.Locale;

/** How the table prints numbers: integers with thousands separators, small values with two decimals. */
final class Numbers {

    static String format(final double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "n/a";
        }
        final double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value).replaceAll("\\.0$", "");
        }
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("\\.?0+$", "");
    }

    private Numbers() {
    }
}
