package org.opencdp.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class ErrorChainTest {

    @Test
    void shouldJoinTheMessagesOfAFailureAndItsCauses() {
        final Exception failure = new SerializationException("cannot decode",
                new UncheckedIOException("read failed", new IOException("connection reset")));
        assertThat(ErrorChain.messages(failure)).isEqualTo("cannot decode: read failed: connection reset");
        assertThat(ErrorChain.describe(failure))
                .isEqualTo("SerializationException: cannot decode: read failed: connection reset");
    }

    @Test
    void shouldNameAtMostEightCausesOfADeepChain() {
        Throwable failure = new IllegalStateException("root");
        for (int i = 0; i < 20; i++) {
            failure = new IllegalStateException("level " + i, failure);
        }
        assertThat(ErrorChain.messages(failure).split(": ")).hasSize(1 + ErrorChain.MAX_CAUSES);
    }

    @Test
    void shouldFindACauseOfAKindAndStopAtACycle() {
        final RetriableException retriable = new RetriableException("broker away") { };
        assertThat(ErrorChain.find(new SerializationException("x", retriable), c -> c instanceof RetriableException))
                .containsSame(retriable);
        final IllegalStateException cyclic = new IllegalStateException("self");
        final IllegalStateException wrapper = new IllegalStateException("outer", cyclic);
        cyclic.initCause(wrapper);
        assertThat(ErrorChain.find(wrapper, c -> c instanceof RetriableException)).isEmpty();
        assertThat(ErrorChain.messages(wrapper)).startsWith("outer: self");
    }
}
