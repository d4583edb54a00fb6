package org.opencdp.projector.topology;

import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import org.opencdp.avro.Profile;

/**
 * Counts the rejections the fold records on profiles (a profile's {@code rejections}) in {@value #NAME}
 * ({@code cdp_attribute_rejections_total} on {@code /q/metrics}), tagged with their {@code cause}:
 * <ul>
 *   <li>{@value #WRITE}: a value of a write that was not stored: it cannot be coerced to its property's type, or
 *       it would pass a per-customer limit (fields, array fields);</li>
 *   <li>{@value #DECIDED}: a value written while its property's type was still being decided (the first writes
 *       of a new property, on several partitions), removed once the type decided cannot hold it;</li>
 *   <li>{@value #TYPE_CHANGE}: a stored value removed because its property's type was changed (catalog API) to
 *       one it cannot be coerced to;</li>
 *   <li>{@value #TOO_LARGE}: a write or a merge refused because the profile would pass its size bound (the command
 *       is also dead-lettered).</li>
 * </ul>
 * Counted in the registry Quarkus exposes (Micrometer's global one) as the fold records them: under exactly-once,
 * a task rolled back and processing the command again counts its rejections again.
 */
final class RejectionCounter {

    static final String NAME = "cdp.attribute.rejections";
    static final String WRITE = "write";
    static final String DECIDED = "decided";
    static final String TYPE_CHANGE = "type_change";
    static final String TOO_LARGE = "too_large";

    private RejectionCounter() {
    }

    /**
     * {@code changed}, counted as a rejection of {@code cause} when it no longer holds {@code name}: settling or
     * conforming a value removes it (and records the rejection) exactly when the property's type cannot hold it.
     */
    static Optional<Profile> removedCounted(final Optional<Profile> changed, final String name, final String cause) {
        changed.filter(profile -> !profile.getAttributes().containsKey(name)).ifPresent(removed -> count(cause, 1));
        return changed;
    }

    /**
     * Registers every cause's counter (at 0 until counted): a series that exists before its first increment lets
     * {@code increase()} see that increment, and the dashboard show 0 rather than no data.
     */
    static void register() {
        for (final String cause : new String[] {WRITE, DECIDED, TYPE_CHANGE, TOO_LARGE}) {
            counter(cause);
        }
    }

    static void count(final String cause, final int rejections) {
        if (rejections > 0) {
            counter(cause).increment(rejections);
        }
    }

    private static Counter counter(final String cause) {
        return Counter.builder(NAME)
                .description("Rejections recorded on profiles by the fold, by cause")
                .tag("cause", cause)
                .register(Metrics.globalRegistry);
    }
}
