package org.opencdp.trigger.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.StoreKey;
import org.opencdp.trigger.TemporarilyUnavailable;
import org.opencdp.trigger.topology.TriggerSettings;
import org.opencdp.trigger.http.RunDto;
import org.opencdp.trigger.topology.RunStores;

/**
 * Interactive queries over {@link RunStores#RUNS_BY_WORKFLOW}. A customer's runs live on the partition of
 * the customer's key: the owning instance answers with a range read of that partition's store; any
 * other instance forwards the request there. Without a customer every instance answers for its own
 * partitions. While partitions move, a query is retried a bounded number of times, then it is
 * {@link TemporarilyUnavailable}.
 */
@ApplicationScoped
public class RunQueries {

    /** Marks a request forwarded by another instance: answer from local partitions only, never forward. */
    public static final String FORWARDED_HEADER = "X-Cdp-Forwarded";

    private static final Logger LOG = Logger.getLogger(RunQueries.class);
    private static final TypeReference<List<RunDto>> RUN_LIST = new TypeReference<>() {
    };

    private final KafkaStreams streams;
    private final Serializer<CustomerKey> keySerializer;
    private final HostInfo self;
    private final ObjectMapper json;
    private final HttpClient http;
    private final TriggerSettings.Runs settings;

    @Inject
    public RunQueries(final KafkaStreams streams, final SchemaRegistry registry, final ObjectMapper json,
                      final TriggerSettings settings,
                      @ConfigProperty(name = "quarkus.kafka-streams.application-server") final String applicationServer) {
        this.streams = streams;
        // The store is fed by enriched-events: its key bytes (as the projector wrote them) pick the partition.
        this.keySerializer = Topics.ENRICHED_EVENTS.keySerde(registry).serializer();
        this.self = HostInfo.buildFromEndpoint(applicationServer);
        this.json = json;
        this.settings = settings.runs();
        this.http = HttpClient.newBuilder().connectTimeout(this.settings.forwardTimeout()).build();
    }

    /** Who asks: whether another instance forwarded the request, and the headers to present if forwarding. */
    public record Asker(boolean forwarded, Map<String, String> credentialHeaders) {
    }

    /** The runs of one workflow for one customer, newest first, at most {@code limit}. */
    public List<RunDto> forCustomer(final String workspaceId, final String workflowId, final String customerId,
                                    final int limit, final Asker asker) {
        final String from = StoreKey.lowerBound(workspaceId, workflowId, customerId);
        final String to = StoreKey.upperBound(workspaceId, workflowId, customerId);
        final String path = "/workflows/" + encode(workflowId) + "/runs?customer_id=" + encode(customerId)
                + "&limit=" + limit;
        return retrying(() -> {
            final KeyQueryMetadata owner = streams.queryMetadataForKey(RunStores.RUNS_BY_WORKFLOW,
                    new CustomerKey(workspaceId, customerId), keySerializer);
            if (owner == null || KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
                return Optional.empty();
            }
            if (owner.activeHost().equals(self)) {
                return local(from, to, Optional.of(Set.of(owner.partition())), limit);
            }
            return asker.forwarded() ? Optional.empty() : forward(owner.activeHost(), path, asker);
        }, limit);
    }

    /** The runs of one workflow for every customer, newest first, at most {@code limit}. */
    public List<RunDto> forWorkflow(final String workspaceId, final String workflowId, final int limit,
                                    final Asker asker) {
        final String from = StoreKey.lowerBound(workspaceId, workflowId);
        final String to = StoreKey.upperBound(workspaceId, workflowId);
        if (asker.forwarded()) {
            return retrying(() -> local(from, to, Optional.empty(), limit), limit);
        }
        final String path = "/workflows/" + encode(workflowId) + "/runs?limit=" + limit;
        return retrying(() -> everyInstance(RunStores.RUNS_BY_WORKFLOW,
                partitions -> local(from, to, Optional.of(partitions), limit), path, asker), limit);
    }

    /**
     * The run with {@code runId}, wherever it is: its partition is not known from its id, so each instance is asked
     * for its own partitions (a forwarded request answers for this instance's only, as a list of zero or one).
     */
    public Optional<RunDto> byId(final String workspaceId, final String runId, final Asker asker) {
        final String key = RunStores.runIdKey(workspaceId, runId);
        if (asker.forwarded()) {
            return retrying(() -> localKey(key, Optional.empty()), 1).stream().findFirst();
        }
        final String path = "/runs/" + encode(runId);
        return retrying(() -> everyInstance(RunStores.RUNS_BY_ID,
                partitions -> localKey(key, Optional.of(partitions)), path, asker), 1).stream().findFirst();
    }

    /**
     * Asks every instance holding {@code store} for its own partitions: this one reads them with {@code local},
     * the others get {@code path} forwarded. Empty when some instance cannot answer (then the caller retries).
     */
    private Optional<List<RunDto>> everyInstance(final String store,
                                                 final Function<Set<Integer>, Optional<List<RunDto>>> local,
                                                 final String path, final Asker asker) {
        final List<StreamsMetadata> instances = List.copyOf(streams.streamsMetadataForStore(store));
        if (instances.isEmpty()) {
            return Optional.empty();
        }
        final List<RunDto> found = new ArrayList<>();
        for (final StreamsMetadata instance : instances) {
            final Set<Integer> partitions = instance.topicPartitions().stream()
                    .filter(p -> p.topic().equals(Topics.ENRICHED_EVENTS.name()))
                    .map(TopicPartition::partition)
                    .collect(Collectors.toSet());
            final Optional<List<RunDto>> answer = instance.hostInfo().equals(self)
                    ? local.apply(partitions)
                    : forward(instance.hostInfo(), path, asker);
            if (answer.isEmpty()) {
                return Optional.empty();
            }
            found.addAll(answer.get());
        }
        return Optional.of(found);
    }

    /** A key read on active local partitions (all of them when none are named): zero or one run. */
    private Optional<List<RunDto>> localKey(final String key, final Optional<Set<Integer>> partitions) {
        final List<RunDto> found = new ArrayList<>();
        for (final int partition : partitions.orElseGet(() -> localPartitions(RunStores.RUNS_BY_ID))) {
            final WorkflowRun run = this.<String, WorkflowRun>active(RunStores.RUNS_BY_ID, partition).get(key);
            if (run != null) {
                found.add(RunDto.of(run));
            }
        }
        return Optional.of(found);
    }

    private interface Attempt {
        Optional<List<RunDto>> run();
    }

    private List<RunDto> retrying(final Attempt attempt, final int limit) {
        for (int tried = 1; ; tried++) {
            try {
                final Optional<List<RunDto>> answer = attempt.run();
                if (answer.isPresent()) {
                    return answer.get().stream().sorted(RunDto.NEWEST_FIRST).limit(limit).toList();
                }
            } catch (KafkaException | IllegalStateException e) {
                // Not running yet, rebalancing, or the registry is unreachable for the key's bytes: retry.
                LOG.debugf("Run query attempt %d failed: %s", tried, e.getMessage());
            }
            if (tried >= settings.queryAttempts()) {
                throw new TemporarilyUnavailable("Workflow runs are being moved between instances; retry");
            }
            pause(settings.queryBackoff());
        }
    }

    /** A range read on active local partitions (all of them when none are named), at most {@code limit} from each. */
    private Optional<List<RunDto>> local(final String from, final String to, final Optional<Set<Integer>> partitions,
                                         final int limit) {
        final List<RunDto> found = new ArrayList<>();
        for (final int partition : partitions.orElseGet(() -> localPartitions(RunStores.RUNS_BY_WORKFLOW))) {
            try (KeyValueIterator<String, WorkflowRun> runs =
                         this.<String, WorkflowRun>active(RunStores.RUNS_BY_WORKFLOW, partition).range(from, to)) {
                for (int taken = 0; taken < limit && runs.hasNext(); taken++) {
                    found.add(RunDto.of(runs.next().value));
                }
            }
        }
        return Optional.of(found);
    }

    /**
     * The active store of {@code partition} here, read through the store itself rather than an IQv2 query: IQv2
     * key and range queries on RocksDB stores lock the store's position and then the store, the stream thread
     * locks them the other way around, and the two can deadlock (KAFKA-19629, docs/benchmark.md).
     *
     * @throws InvalidStateStoreException when the partition is not active here right now (retried)
     */
    private <K, V> ReadOnlyKeyValueStore<K, V> active(final String store, final int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<K, V>keyValueStore())
                .withPartition(partition));
    }

    /** The partitions of {@code store} active on this instance. */
    private Set<Integer> localPartitions(final String store) {
        return streams.streamsMetadataForStore(store).stream()
                .filter(holder -> self.equals(holder.hostInfo()))
                .flatMap(holder -> holder.topicPartitions().stream())
                .map(TopicPartition::partition)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Optional<List<RunDto>> forward(final HostInfo owner, final String pathAndQuery, final Asker asker) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://" + owner.host() + ":" + owner.port() + pathAndQuery))
                .timeout(settings.forwardTimeout())
                .header(FORWARDED_HEADER, "true")
                .GET();
        asker.credentialHeaders().forEach(request::header);
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.debugf("%s answered %d to a forwarded run query", owner, response.statusCode());
                return Optional.empty();
            }
            return Optional.of(json.readValue(response.body(), RUN_LIST));
        } catch (IOException e) {
            LOG.debugf(e, "Cannot forward a run query to %s", owner);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailable("Interrupted while asking " + owner + " for runs", e);
        }
    }

    private static void pause(final Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailable("Interrupted while waiting for workflow runs", e);
        }
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
