package org.opencdp.projector.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.ConsistencyToken;
import org.opencdp.schemas.Topics;

/**
 * The command logs as the broker sees them: to tell a consistency token that names a write still to be folded
 * from one that names no write at all, and where a read after a write must wait for the logs to be (their
 * ends, the fold's committed offsets). Asked only by reads with a token: the Admin client is created on first use.
 */
@ApplicationScoped
public class CommandLog {

    private static final Logger LOG = Logger.getLogger(CommandLog.class);

    private final KafkaClients clients;
    /** The projector's consumer group: the fold's committed offsets of customer-commands are kept under it. */
    private final String foldGroup;
    /**
     * The end of each partition as last seen: a token below it names a write that exists (partitions are never
     * removed, offsets never reused), so most reads need not ask the broker at all.
     */
    private final Map<Integer, Long> knownEnds = new ConcurrentHashMap<>();
    private Admin admin;

    CommandLog(final KafkaClients clients,
               @ConfigProperty(name = "quarkus.kafka-streams.application-id") final String foldGroup) {
        this.clients = clients;
        this.foldGroup = foldGroup;
    }

    /**
     * Why {@code token} cannot name a write of customer-commands: a partition the topic does not have, or an
     * offset at or past the partition's end. Empty when it can, and when the broker cannot tell within
     * {@code timeout} (the read then keeps waiting rather than failing on the broker's account).
     */
    CompletionStage<Optional<String>> impossibility(final ConsistencyToken token, final Duration timeout) {
        if (token.offsets().entrySet().stream()
                .allMatch(entry -> entry.getValue() < knownEnds.getOrDefault(entry.getKey(), 0L))) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        final String topic = Topics.CUSTOMER_COMMANDS.name();
        final int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final Admin client = admin();
        return client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames().toCompletionStage()
                .thenCompose(topics -> {
                    final TopicDescription description = topics.get(topic);
                    final int partitions = description.partitions().size();
                    final Optional<Integer> missing = token.offsets().keySet().stream().filter(p -> p >= partitions).findFirst();
                    if (missing.isPresent()) {
                        return CompletableFuture.completedFuture(Optional.of("the consistency token names partition "
                                + missing.get() + ", but " + topic + " has " + partitions + " partitions"));
                    }
                    final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    token.offsets().keySet().forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
                    return client.listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs)).all().toCompletionStage()
                            .thenApply(ends -> {
                                ends.forEach((partition, end) -> knownEnds.merge(partition.partition(), end.offset(), Math::max));
                                return ends;
                            })
                            .thenApply(ends -> token.offsets().entrySet().stream()
                                    .filter(entry -> entry.getValue() >= ends.get(new TopicPartition(topic, entry.getKey())).offset())
                                    .findFirst()
                                    .map(entry -> "the consistency token names offset " + entry.getValue() + " of partition "
                                            + entry.getKey() + ", but nothing was written there yet (the partition ends at "
                                            + ends.get(new TopicPartition(topic, entry.getKey())).offset() + ")"));
                })
                .exceptionally(failure -> {
                    final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warnf("Could not check consistency token %s against %s: %s", token, topic, cause.toString());
                    return Optional.empty();
                });
    }

    /**
     * The last offset of every partition of customer-commands as the broker holds it now (its end, less one), as a
     * token: a read waiting for it has folded every command written to the log before this call. Empty when the
     * broker cannot tell within {@code timeout}. Asked for a read given an identity-routed write's token: once the
     * resolver committed that write, the commands it routed were written, so they lie before these ends. The end
     * and not the last stable offset: a transaction's records are written before it commits, its markers only
     * after, so right after the commit the last stable offset may still lie before them.
     */
    CompletionStage<Optional<ConsistencyToken>> ends(final Duration timeout) {
        return endOffsets(Topics.CUSTOMER_COMMANDS.name(), timeout).thenApply(ends -> {
            ends.ifPresent(known -> known.forEach((partition, end) -> knownEnds.merge(partition, end, Math::max)));
            return ends.map(CommandLog::lastOffsets);
        });
    }

    /** The last offset of each partition (its end, less one) as a token: the partitions written to. */
    private static ConsistencyToken lastOffsets(final Map<Integer, Long> ends) {
        final Map<Integer, Long> last = new HashMap<>();
        ends.forEach((partition, end) -> {
            if (end > 0) {
                last.put(partition, end - 1);
            }
        });
        return last.isEmpty() ? ConsistencyToken.NONE : ConsistencyToken.of(last);
    }

    /** The end of every partition of {@code topic} as the broker holds it now; empty when it cannot tell in time. */
    private CompletionStage<Optional<Map<Integer, Long>>> endOffsets(final String topic, final Duration timeout) {
        final int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final Admin client = admin();
        return client.describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames().toCompletionStage()
                .thenCompose(topics -> {
                    final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    topics.get(topic).partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    return client.listOffsets(latest, new ListOffsetsOptions().timeoutMs(timeoutMs))
                            .all().toCompletionStage();
                })
                .thenApply(ends -> {
                    final Map<Integer, Long> byPartition = new HashMap<>();
                    ends.forEach((partition, end) -> byPartition.put(partition.partition(), end.offset()));
                    return Optional.of(byPartition);
                })
                .exceptionally(failure -> {
                    final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warnf("Could not read the ends of %s: %s", topic, cause.toString());
                    return Optional.empty();
                });
    }

    /**
     * Whether the fold has committed past every write {@code token} names, as the group coordinator holds the
     * projector's committed offsets of customer-commands: any instance can tell, whichever holds the partitions.
     * Under exactly-once those offsets are committed in the transaction that wrote the writes' outputs (the
     * identity notes the fold sends to identity-commands among them), so these are then in their logs. Empty when
     * the broker cannot tell within {@code timeout}.
     */
    CompletionStage<Optional<Boolean>> foldCommitted(final ConsistencyToken token, final Duration timeout) {
        final String topic = Topics.CUSTOMER_COMMANDS.name();
        final int timeoutMs = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        final List<TopicPartition> named = token.offsets().keySet().stream()
                .map(partition -> new TopicPartition(topic, partition)).toList();
        return admin().listConsumerGroupOffsets(Map.of(foldGroup, new ListConsumerGroupOffsetsSpec().topicPartitions(named)),
                        new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs))
                .partitionsToOffsetAndMetadata(foldGroup).toCompletionStage()
                .thenApply(committed -> Optional.of(token.offsets().entrySet().stream().allMatch(entry -> {
                    final OffsetAndMetadata offset = committed.get(new TopicPartition(topic, entry.getKey()));
                    return offset != null && offset.offset() > entry.getValue();
                })))
                .exceptionally(failure -> {
                    final Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                    LOG.warnf("Could not read the committed offsets of %s: %s", foldGroup, cause.toString());
                    return Optional.empty();
                });
    }

    /**
     * The last offset of every partition of identity-commands as the broker holds it now, as a token of
     * identity-commands positions; empty when the broker cannot tell within {@code timeout}. Asked once the fold
     * has committed a write: the identity notes it sent for that write lie before these ends.
     */
    CompletionStage<Optional<ConsistencyToken>> identityEnds(final Duration timeout) {
        return endOffsets(Topics.IDENTITY_COMMANDS.name(), timeout).thenApply(ends -> ends.map(CommandLog::lastOffsets));
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = clients.admin("profile-projector-consistency-check");
        }
        return admin;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
