package org.opencdp.bench.report;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One row of the result table: a measured value, the baseline it is compared with (Kafka's own tool on the
 * same broker, or the same figure at the start of the run), and the target.
 *
 * @param name     what was measured, e.g. {@code batched ingest}
 * @param unit     e.g. {@code customers/s}, {@code ms}, {@code MiB}
 * @param value    the measurement; empty when the phase did not produce one
 * @param baseline what it is compared with; empty when there is none
 * @param baselineName what the baseline is, e.g. {@code ProducerPerformance}
 */
public record Figure(String name, String unit, OptionalDouble value, OptionalDouble baseline, String baselineName,
                     Target target) {

    public Figure {
        Objects.requireNonNull(name);
        Objects.requireNonNull(unit);
        Objects.requireNonNull(value);
        Objects.requireNonNull(baseline);
        Objects.requireNonNull(baselineName);
        Objects.requireNonNull(target);
    }

    public static Figure of(final String name, final String unit, final double value, final Target target) {
        return new Figure(name, unit, defined(value), OptionalDouble.empty(), "", target);
    }

    public static Figure compared(final String name, final String unit, final double value, final double baseline,
                                  final String baselineName, final Target target) {
        return new Figure(name, unit, defined(value), defined(baseline), baselineName, target);
    }

    /** value ÷ baseline; empty without both or when the baseline is zero. */
    public OptionalDouble ratio() {
        if (value.isEmpty() || baseline.isEmpty() || baseline.getAsDouble() == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(value.getAsDouble() / baseline.getAsDouble());
    }

    public Optional<Boolean> met() {
        return target.metBy(this);
    }

    private static OptionalDouble defined(final double v) {
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}
