package org.opencdp.bench.report;

import java.util.Locale;
import java.util.Optional;

/** What a figure should reach: a bound on its value, a bound on its ratio to the baseline, or nothing. */
public sealed interface Target {

    /** Whether {@code figure} meets this target; empty when there is nothing to judge (no target, no value). */
    Optional<Boolean> metBy(Figure figure);

    /** How the table shows it, e.g. {@code ≥ 0.5× baseline} or {@code ≤ 20 ms}. */
    String describe(String unit);

    record None() implements Target {
        @Override
        public Optional<Boolean> metBy(final Figure figure) {
            return Optional.empty();
        }

        @Override
        public String describe(final String unit) {
            return "";
        }
    }

    record AtLeast(double bound) implements Target {
        @Override
        public Optional<Boolean> metBy(final Figure figure) {
            return figure.value().stream().boxed().findFirst().map(v -> v >= bound);
        }

        @Override
        public String describe(final String unit) {
            return "≥ " + Numbers.format(bound) + " " + unit;
        }
    }

    record AtMost(double bound) implements Target {
        @Override
        public Optional<Boolean> metBy(final Figure figure) {
            return figure.value().stream().boxed().findFirst().map(v -> v <= bound);
        }

        @Override
        public String describe(final String unit) {
            return "≤ " + Numbers.format(bound) + " " + unit;
        }
    }

    record RatioAtLeast(double bound) implements Target {
        @Override
        public Optional<Boolean> metBy(final Figure figure) {
            return figure.ratio().stream().boxed().findFirst().map(r -> r >= bound);
        }

        @Override
        public String describe(final String unit) {
            return String.format(Locale.ROOT, "≥ %s× baseline", Numbers.format(bound));
        }
    }

    record RatioAtMost(double bound) implements Target {
        @Override
        public Optional<Boolean> metBy(final Figure figure) {
            return figure.ratio().stream().boxed().findFirst().map(r -> r <= bound);
        }

        @Override
        public String describe(final String unit) {
            return String.format(Locale.ROOT, "≤ %s× baseline", Numbers.format(bound));
        }
    }

    static Target none() {
        return new None();
    }
}
