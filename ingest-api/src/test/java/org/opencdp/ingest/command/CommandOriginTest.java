package org.opencdp.ingest.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.ArrayItem;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.DefineProperty;
import org.opencdp.avro.DeleteArrayItems;
import org.opencdp.avro.DeleteCustomer;
import org.opencdp.avro.DeleteProperty;
import org.opencdp.avro.TrackEvent;
import org.opencdp.avro.UpsertArrayItems;
import org.opencdp.avro.UpsertAttributes;

class CommandOriginTest {

    private final CommandOrigin origin = new CommandOrigin("demo", "w-7", "req-7", "POST /customers", ApiFamily.RETAINLY,
            Instant.parse("2024-05-01T10:00:00.123456789Z"));

    @Test
    void shouldNumberCommandsWithinTheRequestByItsWriteIdAndCarryItsRequestIdForCorrelation() {
        // Given the third customer of request req-7, whose server-generated write id is w-7
        final CustomerCommand command = origin.upsertAttributes(2, "42", Map.of("plan", "pro"));
        // Then its id (from the write id, never the caller's X-Request-Id), envelope and payload
        assertThat(command).extracting(CustomerCommand::getCommandId, CustomerCommand::getRequestId,
                CustomerCommand::getWorkspaceId, CustomerCommand::getCustomerId, CustomerCommand::getSourceRoute,
                CustomerCommand::getFamily).containsExactly("w-7:2", "req-7", "demo", "42", "POST /customers", ApiFamily.RETAINLY);
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

    @Test
    void shouldCarryNoIdempotencyKeyWithoutOne() {
        assertThat(origin.upsertAttributes(0, "42", Map.of()).getIdempotencyKey()).isNull();
    }

    @Test
    void shouldStampTheIdempotencyKeyOnEveryCustomerCommand() {
        // Given a request sent with Idempotency-Key k-1
        final CommandOrigin keyed = new CommandOrigin("demo", "idem-1", "idem-1", "POST /arrays", ApiFamily.RETAINLY,
                Instant.parse("2024-05-01T10:00:00Z"), "k-1");
        // Then every kind of command carries it, with its payload
        final List<CustomerCommand> commands = List.of(
                keyed.upsertAttributes(0, "42", Map.of("plan", "pro"), Map.of("plan", "string")),
                keyed.upsertArrayItems(1, "42", "purchases", List.of(new ArrayItem(Map.of("id", 1L)))),
                keyed.deleteArrayItems(2, "42", "purchases", List.of("1")),
                keyed.deleteCustomer(3, "42"),
                keyed.trackEvent(4, "42", "signup", Map.of()));
        assertThat(commands).extracting(CustomerCommand::getIdempotencyKey).containsOnly("k-1");
        assertThat(commands).extracting(CustomerCommand::getCommandId)
                .containsExactly("idem-1:0", "idem-1:1", "idem-1:2", "idem-1:3", "idem-1:4");
        assertThat(commands).extracting(CustomerCommand::getCommand).containsExactly(
                new UpsertAttributes(Map.of("plan", "pro"), Map.of("plan", "string")),
                new UpsertArrayItems("purchases", List.of(new ArrayItem(Map.of("id", 1L)))),
                new DeleteArrayItems("purchases", List.of("1")),
                new DeleteCustomer(),
                new TrackEvent("signup", Map.of()));
    }

    @Test
    void shouldBuildCatalogCommandsAsTheRequestsOnlyCommand() {
        // Given a PUT /properties/{name} request
        final CommandOrigin admin = new CommandOrigin("demo", "w-9", "req-9", "PUT /properties/{name}", ApiFamily.UPSTREAM,
                Instant.parse("2024-05-01T10:00:00.5Z"));
        // Then its command is "<write id>:0", names the property and carries the definition
        final CatalogCommand define = admin.defineProperty("tier", "enum", List.of("gold", "silver"));
        assertThat(define).extracting(CatalogCommand::getCommandId, CatalogCommand::getWorkspaceId, CatalogCommand::getName,
                CatalogCommand::getRequestId, CatalogCommand::getSourceRoute, CatalogCommand::getFamily,
                CatalogCommand::getTimestamp).containsExactly("w-9:0", "demo", "tier", "req-9", "PUT /properties/{name}",
                ApiFamily.UPSTREAM, Instant.parse("2024-05-01T10:00:00.5Z"));
        assertThat(define.getCommand()).isEqualTo(new DefineProperty("enum", List.of("gold", "silver")));
        assertThat(admin.deleteProperty("tier").getCommand()).isEqualTo(new DeleteProperty());
    }
}
