package org.opencdp.trigger.query;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.query.Answer;
import org.opencdp.platform.query.IncomingQuery;
import org.opencdp.platform.query.InstanceAddress;
import org.opencdp.platform.query.LocalStores;
import org.opencdp.platform.query.QueryEngine;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.trigger.run.RunDto;
import org.opencdp.trigger.topology.RunStores;
import org.opencdp.trigger.topology.TemporarilyUnavailable;

/**
 * Interactive queries over {@link RunStores#RUNS_BY_WORKFLOW}, on the platform's {@link QueryEngine}. A
 * customer's runs live on the partition of the customer's key: the owning instance answers with a range read of
 * that partition's store; any other instance forwards the request there. Without a customer every instance
 * answers for its own partitions. While partitions move, a query is retried a bounded number of times (Mutiny
 * delays: no thread waits), then it fails {@link TemporarilyUnavailable}.
 */
@ApplicationScoped
public class RunQueries {

    private static final Logger LOG = Logger.getLogger(RunQueries.class);
    private static final TypeReference<List<RunDto>> RUN_LIST = new TypeReference<>() {
    };

    private final KafkaStreams streams;
    private final LocalStores stores;
    private final Serializer<CustomerKey> keySerializer;
    private final HostInfo self;
    private final ObjectMapper json;
    private final QueryEngine engine;

    @Inject
    public RunQueries(final KafkaStreams streams, final SchemaRegistry registry, final ObjectMapper json,
                      final QueryEngine engine, final InstanceAddress self) {
        this.streams = streams;
        this.stores = new LocalStores(streams);
        // The store is fed by enriched-events: its key bytes (as the projector wrote them) pick the partition.
        this.keySerializer = Topics.ENRICHED_EVENTS.keySerde(registry).serializer();
        this.self = self.host();
        this.json = json;
        this.engine = engine;
    }

    /** Who asks: whether another instance forwarded the request, and the headers to present if forwarding. */
    public record Asker(boolean forwarded, Map<String, String> credentialHeaders) {

        IncomingQuery incoming() {
            return new IncomingQuery(credentialHeaders, forwarded);
        }
    }

    /** The runs of one workflow for one customer, newest first, at most {@code limit}. */
    public Uni<List<RunDto>> forCustomer(final String workspaceId, final String workflowId, final String customerId,
                                         final int limit, final Asker asker) {
        final String from = StoreKey.lowerBound(workspaceId, workflowId, customerId);
        final String to = StoreKey.upperBound(workspaceId, workflowId, customerId);
        final String path = "/workflows/" + encode(workflowId) + "/runs?customer_id=" + encode(customerId)
                + "&limit=" + limit;
        return retrying(() -> QueryEngine.onWorker(() -> ownerOf(workspaceId, customerId)).chain(owner -> {
            if (owner.isEmpty()) {
                return unavailable("no instance holds the customer's partition");
            }
            if (owner.get().activeHost().equals(self)) {
                return local(() -> range(from, to, Optional.of(Set.of(owner.get().partition())), limit));
            }
            return asker.forwarded() ? unavailable("forwarded here, but held by " + owner.get().activeHost())
                    : forward(owner.get().activeHost(), path, asker);
        }), path, asker, limit);
    }

    /** Where the customer's runs are; empty while nobody knows (not running, rebalancing, registry unreachable). */
    private Optional<KeyQueryMetadata> ownerOf(final String workspaceId, final String customerId) {
        try {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(RunStores.RUNS_BY_WORKFLOW,
                    new CustomerKey(workspaceId, customerId), keySerializer);
            return owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner) ? Optional.empty() : Optional.of(owner);
        } catch (KafkaException | IllegalStateException e) {
            LOG.debugf("Run query cannot locate the customer's partition: %s", e.getMessage());
            return Optional.empty();
        }
    }

    /** The runs of one workflow for every customer, newest first, at most {@code limit}. */
    public Uni<List<RunDto>> forWorkflow(final String workspaceId, final String workflowId, final int limit,
                                         final Asker asker) {
        final String from = StoreKey.lowerBound(workspaceId, workflowId);
        final String to = StoreKey.upperBound(workspaceId, workflowId);
        final String path = "/workflows/" + encode(workflowId) + "/runs?limit=" + limit;
        if (asker.forwarded()) {
            return retrying(() -> local(() -> range(from, to, Optional.empty(), limit)), path, asker, limit);
        }
        return retrying(() -> everyInstance(RunStores.RUNS_BY_WORKFLOW,
                partitions -> range(from, to, Optional.of(partitions), limit), path, asker), path, asker, limit);
    }

    /**
     * The run with {@code runId}, wherever it is: its partition is not known from its id, so each instance is asked
     * for its own partitions (a forwarded request answers for this instance's only, as a list of zero or one).
     */
    public Uni<Optional<RunDto>> byId(final String workspaceId, final String runId, final Asker asker) {
        final String key = RunStores.runIdKey(workspaceId, runId);
        final String path = "/runs/" + encode(runId);
        if (asker.forwarded()) {
            return retrying(() -> local(() -> localKey(key, Optional.empty())), path, asker, 1)
                    .map(runs -> runs.stream().findFirst());
        }
        return retrying(() -> everyInstance(RunStores.RUNS_BY_ID,
                partitions -> localKey(key, Optional.of(partitions)), path, asker), path, asker, 1)
                .map(runs -> runs.stream().findFirst());
    }

    /**
     * Asks every instance holding {@code store} for its own partitions at once: this one reads them with
     * {@code read}, the others get {@code path} forwarded. Not available when some instance cannot answer.
     */
    private Uni<Answer<List<RunDto>>> everyInstance(final String store,
                                                    final Function<Set<Integer>, List<RunDto>> read,
                                                    final String path, final Asker asker) {
        return QueryEngine.onWorker(() -> holdersOf(store)).chain(instances -> {
            if (instances.isEmpty()) {
                return unavailable("no instance holds " + store);
            }
            final List<Uni<Answer<List<RunDto>>>> answers = new ArrayList<>();
            for (final StreamsMetadata instance : instances) {
                final Set<Integer> partitions = instance.topicPartitions().stream()
                        .filter(p -> p.topic().equals(Topics.ENRICHED_EVENTS.name()))
                        .map(TopicPartition::partition)
                        .collect(Collectors.toSet());
                answers.add(instance.hostInfo().equals(self)
                        ? local(() -> read.apply(partitions))
                        : forward(instance.hostInfo(), path, asker));
            }
            return Uni.join().all(answers).andFailFast().map(RunQueries::together);
        });
    }

    /** The instances holding {@code store}; none while Streams is not running. */
    private List<StreamsMetadata> holdersOf(final String store) {
        try {
            return List.copyOf(streams.streamsMetadataForStore(store));
        } catch (IllegalStateException e) {
            LOG.debugf("Run query cannot list the holders of %s: %s", store, e.getMessage());
            return List.of();
        }
    }

    private static Answer<List<RunDto>> together(final List<Answer<List<RunDto>>> answers) {
        final List<RunDto> found = new ArrayList<>();
        for (final Answer<List<RunDto>> answer : answers) {
            if (!(answer instanceof Answer.Local<List<RunDto>> local)) {
                return answer;
            }
            found.addAll(local.value());
        }
        return new Answer.Local<>(found);
    }

    /** Tries {@code attempt} with the engine's bounded retries; then newest first, or {@link TemporarilyUnavailable}. */
    private Uni<List<RunDto>> retrying(final Supplier<Uni<Answer<List<RunDto>>>> attempt, final String path,
                                       final Asker asker, final int limit) {
        return engine.retrying(attempt, path, asker.incoming()).map(answer -> {
            if (answer instanceof Answer.Local<List<RunDto>> local) {
                return local.value().stream().sorted(RunDto.NEWEST_FIRST).limit(limit).toList();
            }
            throw new TemporarilyUnavailable("Workflow runs are being moved between instances; retry");
        });
    }

    /** A read of this instance's stores on the worker pool; not available while partitions move. */
    private static Uni<Answer<List<RunDto>>> local(final Supplier<List<RunDto>> read) {
        return QueryEngine.onWorker(() -> {
            try {
                return (Answer<List<RunDto>>) new Answer.Local<>(read.get());
            } catch (KafkaException | IllegalStateException e) {
                // Not running yet, rebalancing, or the registry is unreachable for the key's bytes: retry.
                LOG.debugf("Run query attempt failed: %s", e.getMessage());
                return new Answer.Unavailable<>(String.valueOf(e.getMessage()));
            }
        });
    }

    /** Another instance's answer: its list of runs when it answered 200, otherwise not available (retried). */
    private Uni<Answer<List<RunDto>>> forward(final HostInfo owner, final String pathAndQuery, final Asker asker) {
        return engine.<List<RunDto>>forward(owner, pathAndQuery, asker.incoming(), Duration.ZERO).map(answer -> {
            if (!(answer instanceof Answer.Relayed<List<RunDto>> relayed)) {
                return answer;
            }
            if (relayed.status() != 200) {
                LOG.debugf("%s answered %d to a forwarded run query", owner, relayed.status());
                return new Answer.Unavailable<>(owner + " answered " + relayed.status());
            }
            try {
                return new Answer.Local<>(json.readValue(relayed.body(), RUN_LIST));
            } catch (JsonProcessingException e) {
                LOG.debugf(e, "Cannot read %s's answer to a forwarded run query", owner);
                return new Answer.Unavailable<>(owner + " answered what is not a list of runs");
            }
        });
    }

    private static Uni<Answer<List<RunDto>>> unavailable(final String reason) {
        return Uni.createFrom().item(new Answer.Unavailable<>(reason));
    }

    /** A key read on active local partitions (all of them when none are named): zero or one run. */
    private List<RunDto> localKey(final String key, final Optional<Set<Integer>> partitions) {
        final List<RunDto> found = new ArrayList<>();
        for (final int partition : partitions.orElseGet(() -> stores.partitionsOn(RunStores.RUNS_BY_ID, self))) {
            final WorkflowRun run = stores.<String, WorkflowRun>active(RunStores.RUNS_BY_ID, partition).get(key);
            if (run != null) {
                found.add(RunDto.of(run));
            }
        }
        return found;
    }

    /**
     * A range read on active local partitions (all of them when none are named), at most {@code limit} from each,
     * through {@link LocalStores} (which avoids the IQv2 deadlock, KAFKA-19629).
     *
     * @throws InvalidStateStoreException when a partition is not active here right now (retried)
     */
    private List<RunDto> range(final String from, final String to, final Optional<Set<Integer>> partitions,
                               final int limit) {
        final List<RunDto> found = new ArrayList<>();
        for (final int partition : partitions.orElseGet(() -> stores.partitionsOn(RunStores.RUNS_BY_WORKFLOW, self))) {
            try (KeyValueIterator<String, WorkflowRun> runs =
                         stores.<String, WorkflowRun>active(RunStores.RUNS_BY_WORKFLOW, partition).range(from, to)) {
                for (int taken = 0; taken < limit && runs.hasNext(); taken++) {
                    found.add(RunDto.of(runs.next().value));
                }
            }
        }
        return found;
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
