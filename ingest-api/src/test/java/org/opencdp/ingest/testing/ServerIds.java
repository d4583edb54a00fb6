package org.opencdp.ingest.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.ThrowingConsumer;

/**
 * Command ids are {@code "<write id>:<index>"}, the write id a UUID the server generated for the request
 * (never the caller's {@code X-Request-Id}); an Attentive identity command is {@code "<write id>/0"}.
 */
public final class ServerIds {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private ServerIds() {
    }

    /** Asserts a command id is the {@code index}-th command of a request with a server-generated write id. */
    public static ThrowingConsumer<String> command(final int index) {
        return id -> assertThat(id).matches(UUID + ":" + index);
    }

    /** Asserts an identity command id is that of a request with a server-generated write id. */
    public static ThrowingConsumer<String> identity() {
        return id -> assertThat(id).matches(UUID + "/0");
    }

    /** The write id of a command id. */
    public static String writeIdOf(final String commandId) {
        return commandId.substring(0, 36);
    }
}
