package org.opencdp.platform.failure;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one reading of an exception and its causes: what a dead letter's reason, a log line or a readiness
 * report says about a failure, and whether some cause in the chain is of a kind. Bounded: a text names at
 * most {@value #MAX_CAUSES} causes, a search reads at most {@value #MAX_SEARCHED}, so a cyclic or very deep
 * chain cannot make either loop or grow.
 */
public final class ErrorChain {

    /** How many causes below the failure itself a text names. */
    public static final int MAX_CAUSES = 8;
    /** How many causes below the failure itself a search reads. */
    public static final int MAX_SEARCHED = 32;

    private ErrorChain() {
    }

    /** The message of {@code failure} and of each of its causes, joined by {@code ": "}. */
    public static String messages(final Throwable failure) {
        final StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        int depth = 0;
        for (Throwable cause = failure.getCause(); cause != null && depth < MAX_CAUSES && cause != failure;
             cause = cause.getCause(), depth++) {
            text.append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** {@link #messages} after the failure's simple class name: {@code SerializationException: ...: ...}. */
    public static String describe(final Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + messages(failure);
    }

    /** The first of {@code failure} and its causes that {@code test} accepts. */
    public static Optional<Throwable> find(final Throwable failure, final Predicate<Throwable> test) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth <= MAX_SEARCHED; cause = cause.getCause(), depth++) {
            if (test.test(cause)) {
                return Optional.of(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
