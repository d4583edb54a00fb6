package org.opencdp.projector.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencdp.projector.Commands.fields;
import static org.opencdp.projector.Commands.key;
import static org.opencdp.projector.Commands.upsert;
import static org.opencdp.projector.Times.T1;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.values.Limits;

/**
 * A command read from another partition of customer-commands than its key's (a producer that does not partition as
 * Kafka's default: librdkafka's own default, a custom partitioner) is dead-lettered with the partition it belongs on,
 * not folded into a profile that no read by the customer's id would find. The test driver reads every record from
 * partition 0; the topic is said to have 6.
 */
class MisplacedCommandTopologyTest {

    private static final int PARTITIONS = 6;

    @RegisterExtension
    final ProjectorDriver projector = ProjectorDriver.perTest("misplaced-command-topology-test",
            registry -> new ProjectorConfig(registry, Limits.DEFAULTS, ZoneOffset.UTC, Duration.ofHours(24),
                    ProjectorConfig.DEFAULT_UNDOABLE_COMMANDS, new FoldedOffsets(), ProfileBound.DEFAULT, PARTITIONS));

    private final TestOutputTopic<byte[], byte[]> deadLetters = projector.deadLetters(Topics.CUSTOMER_COMMANDS_DLQ);

    /** The first customer id from "c-0" on whose key Kafka's default partitioner puts on partition 0, or not. */
    private String customerOn(final boolean partitionZero) {
        final var keys = Topics.CUSTOMER_COMMANDS.keySerde(projector.registry());
        return IntStream.range(0, 1000).mapToObj(i -> "c-" + i)
                .filter(id -> (Utils.toPositive(Utils.murmur2(keys.serialize(Topics.CUSTOMER_COMMANDS.name(), key(id))))
                        % PARTITIONS == 0) == partitionZero)
                .findFirst().orElseThrow();
    }

    @Test
    void shouldDeadLetterACommandReadFromAnotherPartitionThanItsKeys() {
        // Given a customer whose key belongs on another partition than the one the command was read from
        final String elsewhere = customerOn(false);

        // When its command arrives on partition 0
        projector.send(upsert(elsewhere, "r-misplaced", T1, fields("plan", "pro")));

        // Then nothing is folded, and the dead letter names both partitions
        assertThat(projector.profiles().get(key(elsewhere))).isNull();
        final TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        final String reason = new String(dead.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(),
                StandardCharsets.UTF_8);
        assertThat(reason).startsWith("misplaced: read from partition 0 of 6, its key belongs on partition ");
    }

    @Test
    void shouldFoldACommandReadFromItsKeysPartition() {
        final String here = customerOn(true);

        projector.send(upsert(here, "r-placed", T1, fields("plan", "pro")));

        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(projector.profiles().get(key(here))).isNotNull();
    }
}
