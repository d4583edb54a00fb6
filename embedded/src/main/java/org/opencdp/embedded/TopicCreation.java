package org.opencdp.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Idempotent topic creation on a single-node broker, given only its address. */
final class TopicCreation {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static void create(final String bootstrapServers, final Map<String, String> security,
                       final Collection<String> names, final int partitions, final Set<String> compacted) {
        try (Admin admin = admin(bootstrapServers, security)) {
            final Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            final List<NewTopic> missing = new LinkedHashSet<>(names).stream()
                    .filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, partitions, (short) 1).configs(compacted.contains(name)
                            ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                            : Map.of()))
                    .toList();
            if (!missing.isEmpty()) {
                createIgnoringRaces(admin, missing);
            }
            awaitLeaders(admin, names);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topics " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create topics " + names + " on " + bootstrapServers, e);
        }
    }

    /** An admin client of the broker at {@code bootstrapServers}, with its {@code security} settings (if any). */
    static Admin admin(final String bootstrapServers, final Map<String, String> security) {
        final Properties props = new Properties();
        props.putAll(security);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try {
            return Admin.create(props);
        } catch (KafkaException e) {
            throw new IllegalStateException("Cannot create an admin client for " + bootstrapServers, e);
        }
    }

    private static void createIgnoringRaces(final Admin admin, final List<NewTopic> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Another caller created one of them in the meantime: that is the outcome wanted.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void awaitLeaders(final Admin admin, final Collection<String> names)
            throws InterruptedException, ExecutionException, TimeoutException {
        final Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try {
                final Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames()
                        .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                final boolean led = topics.values().stream()
                        .flatMap(t -> t.partitions().stream())
                        .map(TopicPartitionInfo::leader)
                        .allMatch(leader -> leader != null && !leader.isEmpty());
                if (led) {
                    return;
                }
            } catch (ExecutionException notYetVisible) {
                // The metadata of a topic just created may not have reached the broker yet.
                if (Instant.now().isAfter(deadline)) {
                    throw notYetVisible;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("Topics " + names + " have no leader after " + TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    private TopicCreation() {
    }
}
