package org.opencdp.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencdp.embedded.EmbeddedKafka;
import org.opencdp.embedded.SharedInfrastructure;
import org.opencdp.schemas.serde.SchemaRegistryUnavailableException;

/**
 * {@link CompactedTopicFollower} against a real broker: the shared one, and for the outage a broker of its own
 * that is stopped and started again on the same data and port. Keys are {@code group/name} strings.
 */
class CompactedTopicFollowerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Short enough that a test sees failures and recoveries quickly. */
    private static final CompactedTopicFollower.Settings FAST = new CompactedTopicFollower.Settings(
            Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofMillis(100), Duration.ofSeconds(1),
            Duration.ofSeconds(2), 1_000);

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final KafkaClients clients = KafkaClients.of(SharedInfrastructure.get().bootstrapServers());

    @TempDir
    Path dataDir;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void shouldNotBeReadyUntilItHoldsEveryRecordWrittenBeforeItStarted() throws Exception {
        // Given 500 records on 3 partitions, among them a tombstone for each tenth key
        final String topic = compactedTopic(3);
        try (Producer<String, String> producer = producer(clients)) {
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>(topic, null, 1_700_000_000_000L + i, "g" + i % 5 + "/k" + i, "v" + i));
            }
            for (int i = 0; i < 500; i += 10) {
                producer.send(new ProducerRecord<>(topic, null, 1_700_000_001_000L + i, "g" + i % 5 + "/k" + i, (String) null));
            }
            producer.flush();
        }
        final CompactedTopicFollower<String, String> follower = follower(clients, topic, new StringDeserializer(), FAST);

        // When it starts
        assertThat(follower.readiness().ready()).as("ready before it started").isFalse();
        follower.start();

        // Then the first time it reports ready, it holds every live key (450) and none of the tombstoned ones
        await(() -> follower.readiness().ready());
        assertThat(follower.size()).isEqualTo(450);
        assertThat(follower.get("g1/k1")).contains("v1");
        assertThat(follower.get("g0/k10")).isEmpty();
        assertThat(follower.group("g2")).hasSize(100).containsEntry("g2/k7", "v7");
        assertThat(follower.group("g0")).hasSize(50).doesNotContainKey("g0/k10").containsKey("g0/k5");
    }

    @Test
    void shouldStayNotReadyWhileTheTopicIsMissingAndCatchUpOnceItExists() throws Exception {
        // Given a follower of a topic that does not exist yet
        final String topic = "follower-it-" + UUID.randomUUID();
        final CompactedTopicFollower<String, String> follower = follower(clients, topic, new StringDeserializer(), FAST);
        follower.start();

        // When it has tried for a while
        await(() -> follower.readiness().detail().contains("does not exist"));

        // Then it is not ready, and it has not given up: once the topic exists with a record, it holds it
        assertThat(follower.readiness().ready()).isFalse();
        SharedInfrastructure.get().createTopics(List.of(topic), 1, Set.of(topic));
        send(clients, topic, "g/a", "1");
        await(() -> follower.readiness().ready() && follower.get("g/a").isPresent());
    }

    @Test
    void shouldSkipAndCountARecordItCannotDecodeAndApplyTheRecordsAfterIt() throws Exception {
        // Given a value the topic's deserializer refuses between two it reads
        final String topic = compactedTopic(1);
        send(clients, topic, "g/a", "1", "g/poison", "poison", "g/b", "2");
        final Deserializer<String> refusing = (t, bytes) -> {
            final String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.equals("poison")) {
                throw new SerializationException("not a value of " + t);
            }
            return text;
        };

        // When it follows the topic
        final CompactedTopicFollower<String, String> follower = follower(clients, topic, refusing, FAST);
        follower.start();

        // Then the refused record is skipped and counted, and the rest apply, including what comes later
        await(() -> follower.readiness().ready());
        assertThat(follower.group("g")).containsOnly(Map.entry("g/a", "1"), Map.entry("g/b", "2"));
        assertThat(follower.skipped()).isEqualTo(1);
        send(clients, topic, "g/c", "3");
        await(() -> follower.get("g/c").isPresent());
    }

    @Test
    void shouldRetryARecordWhoseDecodingFailedForNoFaultOfItsOwn() throws Exception {
        // Given a deserializer whose registry cannot be reached for its first three attempts
        final String topic = compactedTopic(1);
        send(clients, topic, "g/a", "1");
        final AtomicInteger attempts = new AtomicInteger();
        final Deserializer<String> flaky = (t, bytes) -> {
            if (attempts.incrementAndGet() <= 3) {
                throw new SerializationException("cannot decode",
                        new SchemaRegistryUnavailableException("registry unreachable", null));
            }
            return new String(bytes, StandardCharsets.UTF_8);
        };

        // When it follows the topic
        final CompactedTopicFollower<String, String> follower = follower(clients, topic, flaky, FAST);
        follower.start();

        // Then the record is not skipped but applied once the registry answers
        await(() -> follower.readiness().ready());
        assertThat(follower.get("g/a")).contains("1");
        assertThat(follower.skipped()).isZero();
        assertThat(attempts.get()).isEqualTo(4);
    }

    @Test
    void shouldHoldAtMostItsBoundOfKeysAndCountTheRest() throws Exception {
        // Given a bound of 2 keys and 3 keys on the topic, then an update of a held key
        final String topic = compactedTopic(1);
        send(clients, topic, "g/a", "1", "g/b", "2", "g/c", "3", "g/a", "4");
        final CompactedTopicFollower.Settings two = new CompactedTopicFollower.Settings(FAST.pollTimeout(),
                FAST.checkInterval(), FAST.minBackoff(), FAST.maxBackoff(), FAST.requestTimeout(), 2);

        // When it follows the topic
        final CompactedTopicFollower<String, String> follower = follower(clients, topic, new StringDeserializer(), two);
        follower.start();

        // Then it holds the first two keys (the held one updated), and counts the third
        await(() -> follower.readiness().ready());
        assertThat(follower.group("g")).containsOnly(Map.entry("g/a", "4"), Map.entry("g/b", "2"));
        assertThat(follower.overflowed()).isEqualTo(1);
    }

    @Test
    void shouldCountARecordAsAppliedOnlyOnceWhatItHoldsShowsIt() throws Exception {
        // Given a key written twice, and a follower that notes its count of changes while it updates the held key
        final String topic = compactedTopic(1);
        send(clients, topic, "g/a", "1", "g/a", "2");
        final AtomicReference<CompactedTopicFollower<String, String>> self = new AtomicReference<>();
        final List<Long> countedWhileUpdating = new CopyOnWriteArrayList<>();
        final CompactedTopicFollower<String, String> follower = new CompactedTopicFollower<>(topic, clients,
                "follower-it", new StringDeserializer(), new StringDeserializer(), key -> key.substring(0, key.indexOf('/')),
                FAST, () -> { }, (held, incoming) -> {
                    countedWhileUpdating.add(self.get().changes());
                    return incoming;
                });
        opened.add(follower);
        self.set(follower);

        // When it follows the topic
        follower.start();
        await(() -> follower.readiness().ready());

        // Then the second record was not yet counted while the group still held the first: a cache of the group keyed
        // by the count, filled in between, would have kept the first value under the second's count
        assertThat(countedWhileUpdating).containsExactly(1L);
        assertThat(follower.changes()).isEqualTo(2);
        assertThat(follower.group("g")).containsOnly(Map.entry("g/a", "2"));
    }

    @Test
    void shouldReportNotReadyWhileTheBrokerIsAwayAndResumeWhenItIsBack() throws Exception {
        // Given a follower of a broker of its own, caught up with one record
        final String topic = "followed";
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir);
        final int port = kafka.port();
        try {
            kafka.createTopics(List.of(topic), 2, Set.of(topic));
            final KafkaClients own = KafkaClients.of(kafka.bootstrapServers());
            send(own, topic, "g/before", "1");
            final CompactedTopicFollower<String, String> follower = follower(own, topic, new StringDeserializer(), FAST);
            follower.start();
            await(() -> follower.readiness().ready() && follower.get("g/before").isPresent());

            // When the broker goes away
            kafka.stop();

            // Then it reports not ready, and still serves what it holds
            await(() -> !follower.readiness().ready());
            assertThat(follower.get("g/before")).contains("1");

            // And when the broker is back (same data, same port) and a record is written, it holds that record
            kafka = EmbeddedKafka.start(dataDir, port);
            send(own, topic, "g/after", "2");
            await(() -> follower.readiness().ready() && follower.get("g/after").isPresent());
            assertThat(follower.group("g")).containsOnly(Map.entry("g/before", "1"), Map.entry("g/after", "2"));
            assertThat(follower.skipped()).isZero();
        } finally {
            closeAll();
            opened.clear();
            kafka.stop();
        }
    }

    private CompactedTopicFollower<String, String> follower(final KafkaClients clients, final String topic,
                                                            final Deserializer<String> values,
                                                            final CompactedTopicFollower.Settings settings) {
        final CompactedTopicFollower<String, String> follower = new CompactedTopicFollower<>(topic, clients,
                "follower-it", new StringDeserializer(), values, key -> key.substring(0, key.indexOf('/')), settings,
                () -> { });
        opened.add(follower);
        return follower;
    }

    private static Producer<String, String> producer(final KafkaClients clients) {
        return clients.producer(clients.producerConfig("follower-it-writer", Duration.ofSeconds(20)),
                new StringSerializer(), new StringSerializer());
    }

    /** Writes each key and value pair of {@code keysAndValues}, in order, and waits for the acknowledgements. */
    private static void send(final KafkaClients clients, final String topic, final String... keysAndValues)
            throws Exception {
        try (Producer<String, String> producer = producer(clients)) {
            for (int i = 0; i < keysAndValues.length; i += 2) {
                producer.send(new ProducerRecord<>(topic, null, 1_700_000_000_000L + i, keysAndValues[i],
                        keysAndValues[i + 1])).get();
            }
        }
    }

    /** A new compacted topic of the shared broker. */
    private static String compactedTopic(final int partitions) {
        final String topic = "follower-it-" + UUID.randomUUID();
        SharedInfrastructure.get().createTopics(List.of(topic), partitions, Set.of(topic));
        return topic;
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
