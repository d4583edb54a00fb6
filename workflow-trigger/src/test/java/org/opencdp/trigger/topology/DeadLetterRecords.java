package org.opencdp.trigger.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.test.TestRecord;
import org.opencdp.schemas.Topic;
import org.opencdp.schemas.Topics;

/** Reading the letters the topology writes to its dead-letter topics, in the tests of {@link TriggerTopology}. */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    static Optional<String> header(final TestRecord<byte[], byte[]> record, final String name) {
        return Optional.ofNullable(record.headers().lastHeader(name))
                .map(h -> new String(h.value(), StandardCharsets.UTF_8));
    }

    /**
     * {@code letter} holds {@code bytes} as they were read, the first record of {@code topic}, dead-lettered as
     * unreadable, with where it was read.
     */
    static void assertUnreadableFirstRecord(final TestRecord<byte[], byte[]> letter, final byte[] bytes,
                                            final Topic<?, ?> topic) {
        assertThat(letter.value()).isEqualTo(bytes);
        assertThat(header(letter, Topics.DEAD_LETTER_REASON_HEADER)).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("unreadable: "));
        assertThat(header(letter, Topics.DEAD_LETTER_TOPIC_HEADER)).contains(topic.name());
        assertThat(header(letter, Topics.DEAD_LETTER_OFFSET_HEADER)).contains("0");
    }

    /**
     * The letters hold one: the first event read from enriched-events, dead-lettered because a schema the registry
     * refuses failed it, with every cdp.dlq.* header and its request id.
     */
    static void assertRefusedFirstEvent(final List<TestRecord<byte[], byte[]>> letters, final String requestId) {
        assertThat(letters).hasSize(1);
        final TestRecord<byte[], byte[]> letter = letters.getFirst();
        assertThat(header(letter, Topics.DEAD_LETTER_REASON_HEADER)).hasValueSatisfying(
                reason -> assertThat(reason).startsWith("failed: ").contains("incompatible"));
        // (a schema the registry refuses is poison for the serde: a SerializationException, not a transient failure)
        assertThat(header(letter, Topics.DEAD_LETTER_EXCEPTION_HEADER))
                .contains(SerializationException.class.getName());
        assertThat(header(letter, Topics.DEAD_LETTER_TOPIC_HEADER)).contains(Topics.ENRICHED_EVENTS.name());
        assertThat(header(letter, Topics.DEAD_LETTER_PARTITION_HEADER)).contains("0");
        assertThat(header(letter, Topics.DEAD_LETTER_OFFSET_HEADER)).contains("0");
        assertThat(header(letter, Topics.REQUEST_ID_HEADER)).contains(requestId);
    }
}
