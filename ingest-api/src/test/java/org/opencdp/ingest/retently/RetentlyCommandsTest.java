package org.opencdp.ingest.retently;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.ingest.command.CommandOrigin;

class RetentlyCommandsTest {

    private static final List<SubscriberUpsert> SUBSCRIBERS = List.of(
            new SubscriberUpsert("a@example.com", "A@example.com", Map.of("plan", "pro"), Map.of("plan", "string")),
            new SubscriberUpsert("b@example.com", "b@example.com", Map.of(), Map.of()));

    private static CommandOrigin origin(final String route) {
        return new CommandOrigin("demo", "idem-1", "idem-1", route, ApiFamily.RETENTLY, Instant.parse("2024-05-01T10:00:00Z"),
                "key-1");
    }

    @Test
    void shouldUpsertEachSubscriberWithItsDeclaredTypes() {
        // Given two subscribers sent to POST /api/v2/customers
        final List<CustomerCommand> commands = SubscriberCommands.commands(origin("POST /api/v2/customers"), SUBSCRIBERS, false);
        // Then one Retently upsert each, keyed by the lower-cased email, types declared
        assertThat(commands).extracting(CustomerCommand::getCommandId, CustomerCommand::getCustomerId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("idem-1:0", "a@example.com"),
                        org.assertj.core.groups.Tuple.tuple("idem-1:1", "b@example.com"));
        assertThat(commands.get(0).getCommand()).isEqualTo(new UpsertAttributes(Map.of("plan", "pro"), Map.of("plan", "string")));
        assertThat(commands).allSatisfy(c -> {
            assertThat(c.getFamily()).isEqualTo(ApiFamily.RETENTLY);
            assertThat(c.getIdempotencyKey()).isEqualTo("key-1");
        });
    }

    @Test
    void shouldFollowEachSurveyedSubscribersUpsertWithItsSurveyEvent() {
        // Given two subscribers sent to POST /api/v2/survey
        final List<CustomerCommand> commands = SubscriberCommands.commands(origin("POST /api/v2/survey"), SUBSCRIBERS, true);
        // Then upsert, event, upsert, event: each event right after its subscriber's upsert, for the same customer
        assertThat(commands).extracting(c -> c.getCommand().getClass().getSimpleName())
                .containsExactly("UpsertAttributes", "TrackEvent", "UpsertAttributes", "TrackEvent");
        assertThat(commands).extracting(CustomerCommand::getCustomerId)
                .containsExactly("a@example.com", "a@example.com", "b@example.com", "b@example.com");
        assertThat(commands).extracting(CustomerCommand::getCommandId)
                .containsExactly("idem-1:0", "idem-1:1", "idem-1:2", "idem-1:3");
        // And the event carries the email as the caller sent it
        assertThat(commands.get(1).getCommand()).isEqualTo(new TrackEvent("survey.requested", Map.of("email", "A@example.com")));
    }
}
