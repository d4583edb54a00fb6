package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Times.T1;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.DateValue;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.projector.Commands;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.Limits;

/**
 * Contract sections 4 and 10: a date sent without a zone is read in the workspace's {@code time_zone}; a workspace
 * without one uses the deployment's default.
 */
class WorkspaceTimeZoneTopologyTest {

    private static final String BERLIN = "berlin";
    private static final String DEFAULT = "plain";

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("workspace-time-zone-topology-test",
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                    ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(), ProfileBound.DEFAULT, 0,
                    DeletedWorkspaces.NONE,
                    workspace -> BERLIN.equals(workspace) ? Optional.of(ZoneId.of("Europe/Berlin")) : Optional.empty()));

    private final TestInputTopic<CustomerKey, CustomerCommand> commands = projector.input(Topics.CUSTOMER_COMMANDS);

    private void upsertDate(final String workspace, final String value) {
        final CustomerCommand command = CustomerCommand.newBuilder(Commands.command("42", workspace + "-r1", T1,
                        ApiFamily.RETENTLY, new UpsertAttributes(new HashMap<>(Map.of("signed_up", value)),
                                new HashMap<>(Map.of("signed_up", "date")))))
                .setWorkspaceId(workspace).build();
        commands.pipeInput(new CustomerKey(workspace, "42"), command, T1);
    }

    private Instant stored(final String workspace) {
        return ((DateValue) projector.profiles().get(new CustomerKey(workspace, "42")).getAttributes()
                .get("signed_up").getValue()).getValue();
    }

    @Test
    void shouldReadADateWithoutAZoneInTheWorkspacesOwnTimeZone() {
        // Given a workspace in Europe/Berlin and one without a zone of its own
        // When both write the same local date-time
        upsertDate(BERLIN, "2024-01-15T10:00:00");
        upsertDate(DEFAULT, "2024-01-15T10:00:00");

        // Then Berlin's is 10:00 in Berlin (09:00 UTC in winter), the other's 10:00 in the default zone, UTC
        assertThat(stored(BERLIN)).isEqualTo(Instant.parse("2024-01-15T09:00:00Z"));
        assertThat(stored(DEFAULT)).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
    }

    @Test
    void shouldKeepADateThatNamesItsZoneWhateverTheWorkspacesZone() {
        // Given a workspace in Europe/Berlin; When it writes a date with Z; Then that instant is kept
        upsertDate(BERLIN, "2024-01-15T10:00:00Z");
        assertThat(stored(BERLIN)).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
    }
}
