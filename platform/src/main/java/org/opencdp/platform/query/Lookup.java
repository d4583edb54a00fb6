package org.opencdp.platform.query;

import org.apache.kafka.streams.state.HostInfo;

/**
 * What a store query found, as this instance sees it right now.
 *
 * @param <T> what the store answers
 */
public sealed interface Lookup<T> {

    /** The same lookup, a found value mapped by {@code found}; every other answer as it is. */
    default <R> Lookup<R> map(final java.util.function.Function<T, R> found) {
        return switch (this) {
            case Found<T> value -> new Found<>(found.apply(value.value()));
            case HeldBy<T> held -> new HeldBy<>(held.host());
            case Unavailable<T> unavailable -> new Unavailable<>(unavailable.reason());
            case Behind<T> behind -> new Behind<>(behind.partition(), behind.offset());
        };
    }

    /** This instance holds the data and read it. */
    record Found<T>(T value) implements Lookup<T> {
    }

    /** Another instance holds the data (owns the key's partition, or has the active task this one lacks). */
    record HeldBy<T>(HostInfo host) implements Lookup<T> {
    }

    /** Nobody can answer yet (starting, rebalancing, restoring); worth asking again shortly. */
    record Unavailable<T>(String reason) implements Lookup<T> {
    }

    /** This instance holds the data but has not yet folded the command at {@code offset} of {@code partition}. */
    record Behind<T>(int partition, long offset) implements Lookup<T> {
    }
}
