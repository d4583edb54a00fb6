package org.opencdp.platform.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jboss.logging.Logger;
import org.opencdp.platform.failure.ErrorChain;

/**
 * Follows a compacted topic into memory, outside Kafka Streams: a background thread reads the whole topic
 * (committed records only) and then every new record, keeping the latest value of each key (a tombstone
 * removes it), grouped by {@code groupOf(key)} (a workspace, say) so that a group is read without a scan.
 *
 * <p>One failure behaviour for every follower:
 * <ul>
 *   <li>A record it cannot decode (its key or value is not what the topic holds) is skipped, logged and
 *       counted ({@link #skipped()}); the records after it apply. A decoding failure that is no fault of the
 *       record (a registry that cannot be reached: a {@link RetriableException} in its causes) is retried.</li>
 *   <li>Any other failure (a broker that cannot be reached, a topic that does not exist yet) closes the
 *       consumer and starts it again after a back-off that doubles up to {@link Settings#maxBackoff()}, resuming
 *       where it stopped; it never gives up while the service runs. What it holds stays readable meanwhile.</li>
 *   <li>{@link #readiness()} is not ready until it has read up to the end the topic had when it (re)started,
 *       and from the first failure until it has done so again; the end is checked every
 *       {@link Settings#checkInterval()}, so a broker that goes away is noticed within that.</li>
 *   <li>Memory is bounded: it holds at most {@link Settings#maxEntries()} keys; a record for a new key past
 *       that is not held, and is logged and counted ({@link #overflowed()}).</li>
 * </ul>
 *
 * @param <K> the topic's key
 * @param <V> the topic's value
 */
public final class CompactedTopicFollower<K, V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicFollower.class);

    /**
     * @param pollTimeout   how long one poll waits for records
     * @param checkInterval how often the topic's end is asked for (which notices a broker gone)
     * @param minBackoff    the first wait after a failure
     * @param maxBackoff    the longest wait between attempts
     * @param requestTimeout how long one metadata or offsets request may take
     * @param maxEntries    how many keys it holds at most
     */
    public record Settings(Duration pollTimeout, Duration checkInterval, Duration minBackoff, Duration maxBackoff,
                           Duration requestTimeout, int maxEntries) {

        public Settings {
            if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
                throw new IllegalArgumentException("Need 0 < minBackoff <= maxBackoff, got " + minBackoff + ", " + maxBackoff);
            }
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
            }
        }

        /** Half-second polls, the end checked every 5 s, back-off from 0.5 s to 30 s, 10 s requests. */
        public static Settings defaults(final int maxEntries) {
            return new Settings(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(500),
                    Duration.ofSeconds(30), Duration.ofSeconds(10), maxEntries);
        }
    }

    /** Whether the follower holds the topic as it was when it last (re)started, and why not. */
    public record Readiness(boolean ready, String detail) {
    }

    private final String topic;
    /** Opens a reader of raw records: one for each (re)start. */
    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final Deserializer<K> keys;
    private final Deserializer<V> values;
    private final Function<K, String> groupOf;
    private final Settings settings;
    private final Runnable onApplied;
    /** What is kept when a record arrives for a key already held: (held, incoming) → kept. */
    private final BinaryOperator<V> kept;
    private final Clock clock = Clock.systemUTC();

    private final Map<String, Map<K, V>> byGroup = new ConcurrentHashMap<>();
    private final AtomicInteger entries = new AtomicInteger();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong();
    /** Counts the records applied: what is held may have changed when it moves. */
    private final AtomicLong changes = new AtomicLong();
    /** The next offset to read of each partition: where a restarted consumer resumes. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile Readiness readiness;
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile boolean running;
    /** Counted down by {@link #close()}: ends a back-off at once, without interrupting the thread. */
    private final CountDownLatch stopping = new CountDownLatch(1);
    private Thread thread;

    /**
     * @param groupOf   the group a key belongs to ({@link #group})
     * @param onApplied run on the follower's thread after each batch of records is applied (and after each
     *                  empty poll), e.g. to complete those waiting for a write to become visible
     */
    public CompactedTopicFollower(final String topic, final KafkaClients clients, final String clientId,
                                  final Deserializer<K> keys, final Deserializer<V> values,
                                  final Function<K, String> groupOf, final Settings settings,
                                  final Runnable onApplied) {
        this(topic, clients, clientId, keys, values, groupOf, settings, onApplied, (held, incoming) -> incoming);
    }

    /** As above; {@code kept} decides what is held when a record arrives for a key already held (default: the record). */
    public CompactedTopicFollower(final String topic, final KafkaClients clients, final String clientId,
                                  final Deserializer<K> keys, final Deserializer<V> values,
                                  final Function<K, String> groupOf, final Settings settings,
                                  final Runnable onApplied, final BinaryOperator<V> kept) {
        this.kept = kept;
        this.topic = topic;
        this.readers = () -> clients.consumer(clientId, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.keys = keys;
        this.values = values;
        this.groupOf = groupOf;
        this.settings = settings;
        this.onApplied = onApplied;
        this.readiness = new Readiness(false, "not started");
    }

    /** Starts following on a daemon thread named after the topic. */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("Already started");
        }
        running = true;
        thread = Thread.ofPlatform().name(topic + "-follower").daemon().start(this::follow);
    }

    /** The values of the keys of {@code group}, as last read (unmodifiable; reflects later records). */
    public Map<K, V> group(final String group) {
        return Collections.unmodifiableMap(byGroup.getOrDefault(group, Map.of()));
    }

    /** The groups that hold at least one key, as last read. */
    public Set<String> groups() {
        return Set.copyOf(byGroup.keySet());
    }

    public Optional<V> get(final K key) {
        return Optional.ofNullable(byGroup.getOrDefault(groupOf.apply(key), Map.of()).get(key));
    }

    /** How many keys it holds. */
    public int size() {
        return entries.get();
    }

    public Readiness readiness() {
        return readiness;
    }

    /**
     * A number that moves whenever a record is applied (what is held may have changed): what a cache derived from
     * the held values compares, instead of the values themselves.
     */
    public long changes() {
        return changes.get();
    }

    /** How many records were skipped because they could not be decoded. */
    public long skipped() {
        return skipped.get();
    }

    /** How many records for a new key were not held because it already held {@link Settings#maxEntries()}. */
    public long overflowed() {
        return overflowed.get();
    }

    private void follow() {
        Duration backoff = settings.minBackoff();
        while (running) {
            try (Consumer<byte[], byte[]> reader = readers.get()) {
                consumer = reader;
                if (!running) {
                    return;
                }
                final List<TopicPartition> partitions = partitions(reader);
                reader.assign(partitions);
                final List<TopicPartition> fresh = new ArrayList<>();
                for (final TopicPartition partition : partitions) {
                    final Long position = positions.get(partition);
                    if (position == null) {
                        fresh.add(partition);
                    } else {
                        reader.seek(partition, position);
                    }
                }
                reader.seekToBeginning(fresh);
                Map<TopicPartition, Long> target = reader.endOffsets(partitions, settings.requestTimeout());
                long nextCheck = clock.millis() + settings.checkInterval().toMillis();
                boolean caughtUp = false;
                while (running) {
                    for (final ConsumerRecord<byte[], byte[]> record : reader.poll(settings.pollTimeout())) {
                        apply(record);
                        positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
                    }
                    if (!caughtUp && reached(reader, target)) {
                        caughtUp = true;
                        backoff = settings.minBackoff();
                        readiness = new Readiness(true, "holds " + topic + " (" + entries.get() + " keys)");
                        LOG.infof("Caught up with %s: %d keys", topic, entries.get());
                    }
                    onApplied.run();
                    if (clock.millis() >= nextCheck) {
                        // Throws when the broker cannot be reached within the request timeout.
                        target = reader.endOffsets(partitions, settings.requestTimeout());
                        nextCheck = clock.millis() + settings.checkInterval().toMillis();
                    }
                }
            } catch (WakeupException | InterruptException stopping) {
                if (!running) {
                    return;
                }
                backoff = failed(stopping, backoff);
            } catch (RuntimeException e) {
                backoff = failed(e, backoff);
            } finally {
                consumer = null;
            }
            if (running && !pause(backoff)) {
                return;
            }
        }
    }

    private List<TopicPartition> partitions(final Consumer<byte[], byte[]> reader) {
        final List<PartitionInfo> found = reader.partitionsFor(topic, settings.requestTimeout());
        if (found == null || found.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist (yet)");
        }
        return found.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private boolean reached(final Consumer<byte[], byte[]> reader, final Map<TopicPartition, Long> target) {
        for (final Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (reader.position(end.getKey(), settings.requestTimeout()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Records the failure (not ready) and returns the next back-off: twice this one, at most the maximum. */
    private Duration failed(final RuntimeException failure, final Duration backoff) {
        final String reason = ErrorChain.describe(failure);
        readiness = new Readiness(false, "reading " + topic + " failed, retrying in " + backoff.toMillis()
                + " ms: " + reason);
        LOG.warnf("Reading %s failed, resuming in %d ms: %s", topic, backoff.toMillis(), reason);
        final Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    private boolean pause(final Duration backoff) {
        try {
            return !stopping.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void apply(final ConsumerRecord<byte[], byte[]> record) {
        final K key;
        final V value;
        try {
            key = record.key() == null ? null : keys.deserialize(record.topic(), record.headers(), record.key());
            value = record.value() == null ? null : values.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (ErrorChain.find(e, cause -> cause instanceof RetriableException).isPresent()) {
                throw e;
            }
            skipped.incrementAndGet();
            LOG.warnf("Skipping record %s/%d@%d, which cannot be decoded: %s", record.topic(), record.partition(),
                    record.offset(), ErrorChain.describe(e));
            return;
        }
        if (key == null) {
            skipped.incrementAndGet();
            LOG.warnf("Skipping record %s/%d@%d, which has no key", record.topic(), record.partition(), record.offset());
            return;
        }
        final String group = groupOf.apply(key);
        try {
            hold(group, key, value, record);
        } finally {
            // After the update, never before: a cache keyed by changes() and filled between the two would keep what
            // it read without this record under the new count, until the next record (a segment defined, shown by
            // get(), yet unknown to the segments parsed from the group).
            changes.incrementAndGet();
        }
    }

    private void hold(final String group, final K key, final V value, final ConsumerRecord<byte[], byte[]> record) {
        if (value == null) {
            final Map<K, V> members = byGroup.get(group);
            if (members != null && members.remove(key) != null) {
                entries.decrementAndGet();
                if (members.isEmpty()) {
                    byGroup.remove(group);
                }
            }
            return;
        }
        final Map<K, V> members = byGroup.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        final V held = members.get(key);
        if (held != null) {
            members.put(key, kept.apply(held, value));
        } else if (entries.get() < settings.maxEntries()) {
            members.put(key, value);
            entries.incrementAndGet();
        } else {
            overflowed.incrementAndGet();
            LOG.errorf("Not holding record %s/%d@%d: %s already holds %d keys, its bound", record.topic(),
                    record.partition(), record.offset(), topic, settings.maxEntries());
            if (members.isEmpty()) {
                byGroup.remove(group);
            }
        }
    }

    /** Stops following and waits (at most 5 s) for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        final Thread following;
        synchronized (this) {
            running = false;
            following = thread;
        }
        stopping.countDown();
        final Consumer<byte[], byte[]> reader = consumer;
        if (reader != null) {
            // Ends any blocking call of the consumer with a WakeupException; an interrupt instead would also break
            // the consumer's own close (the thread closes it on its way out).
            reader.wakeup();
        }
        if (following != null) {
            following.join(Duration.ofSeconds(5));
            if (following.isAlive()) {
                following.interrupt();
                following.join(Duration.ofSeconds(1));
            }
        }
    }
}
