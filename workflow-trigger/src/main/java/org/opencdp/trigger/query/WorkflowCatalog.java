package org.opencdp.trigger.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.EventTrigger;
import org.opencdp.avro.Webhook;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowKey;
import org.opencdp.platform.kafka.KafkaClients;
import org.opencdp.schemas.Topics;
import org.opencdp.schemas.serde.SchemaRegistry;
import org.opencdp.trigger.topology.TriggerSettings;
import org.opencdp.trigger.topology.DefinitionStore;
import org.opencdp.trigger.workflow.NewWorkflow;
import org.opencdp.trigger.workflow.WorkflowLimitReached;
import org.opencdp.trigger.topology.TemporarilyUnavailable;
import org.opencdp.trigger.webhook.WebhookSignature;

/**
 * The workspaces' workflow definitions. Writes go to the compacted workflows topic (the only place a
 * definition lives; the global store is rebuilt from it at start) and are answered after Kafka's
 * acknowledgement; reads come from the global {@link DefinitionStore}, which a write waits for (bounded)
 * so that the writer reads its own write.
 */
@ApplicationScoped
public class WorkflowCatalog {

    private static final Logger LOG = Logger.getLogger(WorkflowCatalog.class);
    private static final long VISIBILITY_POLL_MS = 20;

    private final KafkaStreams streams;
    private final Producer<WorkflowKey, WorkflowDefinition> producer;
    private final Duration publishTimeout;
    private final Duration visibilityTimeout;
    private final int maxWorkflows;

    @Inject
    public WorkflowCatalog(final KafkaStreams streams, final SchemaRegistry registry, final TriggerSettings settings,
                           final KafkaClients clients) {
        this.streams = streams;
        this.publishTimeout = settings.publishTimeout();
        this.visibilityTimeout = settings.definitionVisibilityTimeout();
        this.maxWorkflows = settings.maxWorkflowsPerWorkspace();
        // Every wait is inside the publish timeout, so a slow broker yields a 503, not a hung request.
        this.producer = clients.producer(Topics.WORKFLOWS, registry, "workflow-trigger-definitions", publishTimeout);
    }

    /**
     * Publishes a new definition and returns it once Kafka has acknowledged it.
     *
     * @throws WorkflowLimitReached when the workspace already has the most workflows it may (as this instance's
     *                              store shows them: creations racing each other may pass it by the few in flight)
     */
    public WorkflowDefinition create(final String workspaceId, final NewWorkflow workflow) {
        WorkflowLimitReached.check(list(workspaceId).size(), maxWorkflows);
        final WorkflowDefinition definition = definition(UUID.randomUUID().toString(), workspaceId, workflow,
                Instant.ofEpochMilli(System.currentTimeMillis()), null, WebhookSignature.newSecret());
        publish(new WorkflowKey(workspaceId, definition.getWorkflowId()), definition);
        awaitStore(workspaceId, definition.getWorkflowId(), Optional::isPresent);
        return definition;
    }

    /** Replaces a definition (its id and creation time stay); empty when the workspace has no such workflow. */
    public Optional<WorkflowDefinition> replace(final String workspaceId, final String workflowId,
                                                final NewWorkflow workflow) {
        final Optional<WorkflowDefinition> existing = find(workspaceId, workflowId);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        // The webhook keeps its secret when the definition is replaced; one that had none gets a new one.
        final Webhook before = existing.get().getWebhook();
        final String secret = before != null && before.getSigningSecret() != null
                ? before.getSigningSecret() : WebhookSignature.newSecret();
        final WorkflowDefinition definition = definition(workflowId, workspaceId, workflow,
                existing.get().getCreatedAt(), Instant.ofEpochMilli(System.currentTimeMillis()), secret);
        publish(new WorkflowKey(workspaceId, workflowId), definition);
        awaitStore(workspaceId, workflowId, shown -> shown.map(definition::equals).orElse(false));
        return Optional.of(definition);
    }

    private static WorkflowDefinition definition(final String workflowId, final String workspaceId,
                                                 final NewWorkflow workflow, final Instant createdAt,
                                                 final Instant updatedAt, final String signingSecret) {
        return new WorkflowDefinition(workflowId, workspaceId, workflow.name(),
                new EventTrigger(workflow.triggerEvent(), workflow.attributeCondition().orElse(null),
                        workflow.segmentId().orElse(null)),
                workflow.webhookUrl().map(url -> new Webhook(url, signingSecret)).orElse(null), workflow.enabled(), createdAt,
                workflow.filter(), workflow.template().orElse(null), updatedAt);
    }

    /** Deletes a definition with a tombstone; false when the workspace has no such workflow. */
    public boolean delete(final String workspaceId, final String workflowId) {
        if (find(workspaceId, workflowId).isEmpty()) {
            return false;
        }
        publish(new WorkflowKey(workspaceId, workflowId), null);
        awaitStore(workspaceId, workflowId, Optional::isEmpty);
        return true;
    }

    public Optional<WorkflowDefinition> find(final String workspaceId, final String workflowId) {
        return read(store -> Optional.ofNullable(store.get(DefinitionStore.key(workspaceId, workflowId))))
                .filter(d -> d.getWorkspaceId().equals(workspaceId));
    }

    /** The workspace's definitions, oldest first. */
    public List<WorkflowDefinition> list(final String workspaceId) {
        final List<WorkflowDefinition> found = new ArrayList<>(read(store -> DefinitionStore.of(store, workspaceId)));
        found.sort(Comparator.comparing(WorkflowDefinition::getCreatedAt)
                .thenComparing(WorkflowDefinition::getWorkflowId));
        return found;
    }

    private void publish(final WorkflowKey key, final WorkflowDefinition definition) {
        try {
            producer.send(new ProducerRecord<>(Topics.WORKFLOWS.name(), key, definition))
                    .get(publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw new TemporarilyUnavailable("Kafka did not acknowledge the workflow in time; retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporarilyUnavailable("Interrupted while writing the workflow; retry", e);
        }
    }

    /**
     * Waits, at most the visibility timeout, until this instance's definitions store shows the write.
     * The write is durable either way; a store that is not queryable yet (starting, rebalancing) is
     * simply not showing it yet.
     */
    private void awaitStore(final String workspaceId, final String workflowId,
                            final Predicate<Optional<WorkflowDefinition>> shown) {
        final long deadline = System.nanoTime() + visibilityTimeout.toNanos();
        while (true) {
            try {
                if (shown.test(find(workspaceId, workflowId))) {
                    return;
                }
            } catch (TemporarilyUnavailable e) {
                LOG.debugf("Definitions store not queryable yet: %s", e.getMessage());
            }
            if (System.nanoTime() >= deadline) {
                LOG.infof("Workflow %s/%s is written but not yet in this instance's store", workspaceId, workflowId);
                return;
            }
            try {
                Thread.sleep(VISIBILITY_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private <T> T read(final Function<ReadOnlyKeyValueStore<String, WorkflowDefinition>, T> query) {
        try {
            return query.apply(streams.store(StoreQueryParameters.fromNameAndType(DefinitionStore.NAME,
                    QueryableStoreTypes.<String, WorkflowDefinition>keyValueStore())));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw new TemporarilyUnavailable("Workflow definitions are loading; retry", e);
        }
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
