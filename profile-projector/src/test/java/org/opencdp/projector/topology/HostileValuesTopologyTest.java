package org.opencdp.projector.topology;

import static org.opencdp.projector.Times.T1;
import static org.opencdp.projector.Times.T2;
import static org.opencdp.projector.Times.T3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.NumberValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.StringValue;
import org.opencdp.avro.UpsertAttributes;
import org.opencdp.projector.Commands;
import org.opencdp.schemas.Topics;

/** Hostile values produced straight to customer-commands (issue 12): a rejection or a dead letter, and the fold goes on. */
class HostileValuesTopologyTest {

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("hostile-values-test");

    private final TestInputTopic<CustomerKey, CustomerCommand> commands = projector.input(Topics.CUSTOMER_COMMANDS);
    private final TestOutputTopic<byte[], byte[]> deadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);
    private final KeyValueStore<CustomerKey, Profile> store = projector.store(ProjectorTopology.PROFILE_STORE);

    private static CustomerCommand attentive(final String customerId, final String requestId, final Instant at,
                                             final Map<String, Object> attributes) {
        return Commands.command(customerId, requestId, at, ApiFamily.ATTENTIVE, new UpsertAttributes(attributes, Map.of()));
    }

    @Test
    void shouldRecordTheBombNumberAsARejectionAndKeepFolding() {
        // Given a number property (Attentive reads "24" as a number)
        commands.pipeInput(key("1"), attentive("1", "r1", T1, fields("bomb", "24")), T1);
        // When the finding of issue 12 arrives straight on the topic, then an ordinary command
        commands.pipeInput(key("1"), attentive("1", "r2", T2, fields("bomb", "1e99999999999")), T2);
        commands.pipeInput(key("1"), upsert("1", "r3", T3, fields("plan", "pro")), T3);
        // Then the bomb is a rejection on the profile, the number is kept, and the next command applied
        final Profile profile = store.get(key("1"));
        assertThat(profile.getAttributes().get("bomb").getValue()).isEqualTo(new NumberValue("24"));
        assertThat(profile.getAttributes().get("plan").getValue()).isEqualTo(new StringValue("pro"));
        assertThat(profile.getRejections()).extracting(AttributeRejection::getProperty, AttributeRejection::getRequestId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bomb", "r2"));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldDeadLetterACustomerIdHoldingTheStoreKeySeparatorAndKeepFolding() {
        // When a command for customer "a\u0000b" (U+0000 joins store keys), then an ordinary command
        final String hostile = "a\u0000b";
        commands.pipeInput(key(hostile), upsert(hostile, "r1", T1, fields("plan", "pro")), T1);
        commands.pipeInput(key("1"), upsert("1", "r2", T2, fields("plan", "team")), T2);
        // Then the first is dead-lettered with its reason, nothing is stored for it, and the second is applied
        final var dead = deadLetters.readRecord();
        assertThat(new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8))
                .contains("customer_id may not hold control characters");
        assertThat(store.get(key(hostile))).isNull();
        assertThat(store.get(key("1")).getAttributes().get("plan").getValue()).isEqualTo(new StringValue("team"));
    }
}
