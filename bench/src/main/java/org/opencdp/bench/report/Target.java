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

    /** A bound on the figure's value ({@link AtLeast}, {@link AtMost}) or on its ratio to the baseline. */
    sealed interface Bound extends Target permits AtLeast, AtMost, RatioAtLeast, RatioAtMost {

        double bound();

        private boolean onRatio() {
            return this instanceof RatioAtLeast || this instanceof RatioAtMost;
        }

        private boolean atLeast() {
            return this instanceof AtLeast || this instanceof RatioAtLeast;
        }

        @Override
        default Optional<Boolean> metBy(final Figure figure) {
            return (onRatio() ? figure.ratio() : figure.value()).stream().boxed().findFirst()
                    .map(v -> atLeast() ? v >= bound() : v <= bound());
        }

        @Override
        default String describe(final String unit) {
            final String symbol = atLeast() ? "≥" : "≤";
            return onRatio() ? String.format(Locale.ROOT, "%s %s× baseline", symbol, Numbers.format(bound()))
                    : symbol + " " + Numbers.format(bound()) + " " + unit;
        }
    }

    record AtLeast(double bound) implements Bound {
    }

    record AtMost(double bound) implements Bound {
    }

    record RatioAtLeast(double bound) implements Bound {
    }

    record RatioAtMost(double bound) implements Bound {
    }

    static Target none() {
        return new None();
    }
}
