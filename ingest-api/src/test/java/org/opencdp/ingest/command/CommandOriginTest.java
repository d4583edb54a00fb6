package org.opencdp.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertAttributes;

class CommandOriginTest {

    private final CommandOrigin origin = new CommandOrigin("demo", "req-7", "POST /customers", ApiFamily.RETAINLY,
            Instant.parse("2024-05-01T10:00:00.123456789Z"));

    @Test
    void shouldNumberCommandsWithinTheRequest() {
        // Given the third customer of request req-7
        final CustomerCommand command = origin.upsertAttributes(2, "42", Map.of("plan", "pro"));
        // Then its id, envelope and payload
        assertThat(command.getCommandId()).isEqualTo("req-7:2");
        assertThat(command.getRequestId()).isEqualTo("req-7");
        assertThat(command.getWorkspaceId()).isEqualTo("demo");
        assertThat(command.getCustomerId()).isEqualTo("42");
        assertThat(command.getSourceRoute()).isEqualTo("POST /customers");
        assertThat(command.getFamily()).isEqualTo(ApiFamily.RETAINLY);
        assertThat(command.getCommand()).isEqualTo(new UpsertAttributes(Map.of("plan", "pro"), Map.of()));
    }

    @Test
    void shouldStampTheIngestTimeToTheMillisecond() {
        assertThat(origin.trackEvent(0, "42", "signup", Map.of()).getTimestamp())
                .isEqualTo(Instant.parse("2024-05-01T10:00:00.123Z"));
    }

    @Test
    void shouldCarryTheEventNameAndData() {
        assertThat(origin.trackEvent(0, "42", "signup", Map.of("plan", "pro")).getCommand())
                .isEqualTo(new TrackEvent("signup", Map.of("plan", "pro")));
    }
}
