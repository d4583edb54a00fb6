package org.opencdp.platform.streams;

import java.util.Set;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

/**
 * Counts dead letters in {@value #NAME} ({@code cdp_dead_letters_total} on {@code /q/metrics}), tagged with the
 * topic the record was read from ({@code topic}; its dead-letter topic is that name plus {@code -dlq}) and the
 * category its reason starts with ({@code reason}: the word before the first colon, one of {@link #CATEGORIES},
 * else {@value #OTHER}), never the reason's free text, so the number of series stays bounded. A dead letter written
 * by a Streams processor under exactly-once is counted when it is sent, so a task that is rolled back and
 * processes the record again counts it again: the counter counts attempts, the topic holds each record once.
 */
public final class DeadLetterCounter {

    /** The meter's name; Prometheus shows it as {@code cdp_dead_letters_total}. */
    public static final String NAME = "cdp.dead.letters";
    /** The categories a dead letter's reason starts with ({@code "invalid: ..."}). */
    public static final Set<String> CATEGORIES = Set.of("unreadable", "invalid", "failed", "misplaced", "too_large");
    /** The category of a reason that starts with none of {@link #CATEGORIES}. */
    public static final String OTHER = "other";
    /** The topic tag of a dead letter whose source is not known (one sent outside a record's processing). */
    static final String UNKNOWN_TOPIC = "unknown";

    private DeadLetterCounter() {
    }

    /** The category {@code reason} starts with: {@code "invalid"} for {@code "invalid: no id"}. */
    public static String category(final String reason) {
        final int colon = reason.indexOf(':');
        final String first = colon < 0 ? "" : reason.substring(0, colon).strip();
        return CATEGORIES.contains(first) ? first : OTHER;
    }

    /** Counts one dead letter of {@code sourceTopic} for {@code reason} in the application's registry. */
    public static void count(final String sourceTopic, final String reason) {
        count(Metrics.globalRegistry, sourceTopic, reason);
    }

    static void count(final MeterRegistry registry, final String sourceTopic, final String reason) {
        Counter.builder(NAME)
                .description("Records sent to a dead-letter topic, by the topic they were read from and the category of their reason")
                .tag("topic", sourceTopic == null || sourceTopic.isEmpty() ? UNKNOWN_TOPIC : sourceTopic)
                .tag("reason", category(reason))
                .register(registry)
                .increment();
    }
}
