package org.opencdp.trigger.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.RunKey;
import org.opencdp.avro.WebhookDelivery;
import org.opencdp.avro.WorkflowDefinition;
import org.opencdp.avro.WorkflowRun;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.DeadLetters;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.schemas.serde.LeadingStrings;

/**
 * Erases a deleted customer's runs before the event goes on to start workflows (docs/workflows.md, "Erasure"):
 * on {@code customer.deleted} every run of that customer leaves {@link RunStores#RUNS_BY_WORKFLOW},
 * {@link RunStores#RUNS_BY_ID} and {@link CustomerRuns#RUNS_BY_CUSTOMER}, and its webhook delivery leaves the
 * delivery stores (a pending one is never tried again) and gets a tombstone on {@code webhook-deliveries}, all in
 * the event's transaction. Then the event is passed on, so a workflow triggered by {@code customer.deleted}
 * still starts (its context is the empty profile the projector sends).
 * <p>
 * The events of a workspace the operator deleted start nothing, and the runs and deliveries of such a workspace are
 * erased the same way, run by run, a bounded number each second ({@link WorkspaceErasure}).
 * <p>
 * <p>Most events start nothing: no workflow of their workspace is triggered by their name, and they delete no customer.
 * Those are passed over by their leading fields (workspace and name, {@link #selection()}), without decoding the
 * profile every event carries: that decoding was half of the trigger's stream thread while the projector folded
 * ({@code ./cdp bench}, figure 3), on the cores the fold needs.
 * <p>
 * The first processor on {@code enriched-events}, inside a {@link ContainedProcessor}: the event's bytes are
 * decoded there, and an event that is unreadable, or whose erasure or start of workflows downstream throws (the
 * event goes on to start-workflows while it is applied), goes to {@code enriched-events-dlq} in the same
 * transaction, and the task goes on.
 */
public final class CustomerErasure implements ContainedProcessor.Application<CustomerKey, EnrichedEvent> {

    private static final Logger LOG = Logger.getLogger(CustomerErasure.class);

    /** The first fields of an {@code EnrichedEvent}: id, workspace, customer, request id, name. */
    public static final List<String> LEADING_FIELDS = List.of("event_id", "workspace_id", "customer_id",
            "request_id", "name");

    private final String startWorkflows;
    private final String deliveriesSink;
    private final DeliveryBook.Opener books;
    private final DeletedWorkspaces deleted;
    private final DefinitionCache workflows;
    private final LeadingStrings leadingFields;
    private ProcessorContext<Object, Object> context;
    private ReadOnlyKeyValueStore<String, WorkflowDefinition> definitions;
    private KeyValueStore<String, String> index;
    private KeyValueStore<String, WorkflowRun> runsByWorkflow;
    private KeyValueStore<String, WorkflowRun> runsById;
    private DeliveryBook deliveries;

    /**
     * Passes events on to {@code startWorkflows}; sends delivery tombstones to {@code deliveriesSink}.
     *
     * @param workflows     the topology's decoded definitions, to tell the events that start a workflow
     * @param leadingFields reads an event's {@link #LEADING_FIELDS}
     */
    public CustomerErasure(final String startWorkflows, final String deliveriesSink, final DeliveryBook.Opener books,
                           final DeletedWorkspaces deleted, final DefinitionCache workflows,
                           final LeadingStrings leadingFields) {
        this.startWorkflows = startWorkflows;
        this.deliveriesSink = deliveriesSink;
        this.books = books;
        this.deleted = deleted;
        this.workflows = workflows;
        this.leadingFields = leadingFields;
    }

    /** The events that delete a customer or start a workflow; the others are passed over undecoded. */
    @Override
    public ContainedProcessor.Selection selection() {
        return new ContainedProcessor.Selection(leadingFields, fields -> acts(fields.get(1), fields.get(4)));
    }

    /** Whether an event of {@code workspaceId} named {@code name} erases runs or may start a workflow. */
    private boolean acts(final String workspaceId, final String name) {
        return !deleted.contains(workspaceId) && (CustomerRuns.CUSTOMER_DELETED.equals(name)
                || !workflows.triggeredBy(workspaceId, name, workspace -> DefinitionStore.of(definitions, workspace))
                .isEmpty());
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        definitions = context.getStateStore(DefinitionStore.NAME);
        index = context.getStateStore(CustomerRuns.RUNS_BY_CUSTOMER);
        runsByWorkflow = context.getStateStore(RunStores.RUNS_BY_WORKFLOW);
        runsById = context.getStateStore(RunStores.RUNS_BY_ID);
        deliveries = books.open(context);
        // The index first: each run it names is erased whole (its delivery withdrawn); then what no index entry named.
        WorkspaceErasure.schedule(context, deleted, List.of(
                new WorkspaceErasure.Prefixed<>(index, (workspace, indexKey, workflowId) -> eraseRun(workspace,
                        StoreKey.parts(indexKey).get(1), runIdOf(indexKey), workflowId, context.currentSystemTimeMs())),
                new WorkspaceErasure.Prefixed<>(runsByWorkflow), new WorkspaceErasure.Prefixed<>(runsById)), null);
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final CustomerKey key, final EnrichedEvent event) {
        if (deleted.contains(event.getWorkspaceId())) {
            LOG.debugf("Event %s is of deleted workspace %s: starts nothing", event.getName(), event.getWorkspaceId());
            return;
        }
        if (CustomerRuns.CUSTOMER_DELETED.equals(event.getName())) {
            erase(event.getWorkspaceId(), event.getCustomerId(), record.timestamp());
        }
        context.forward(new Record<>(key, event, record.timestamp(), record.headers()), startWorkflows);
    }

    private void erase(final String workspaceId, final String customerId, final long timestamp) {
        final List<KeyValue<String, String>> runs = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.range(StoreKey.lowerBound(workspaceId, customerId),
                StoreKey.upperBound(workspaceId, customerId))) {
            it.forEachRemaining(runs::add);
        }
        for (final KeyValue<String, String> entry : runs) {
            index.delete(entry.key);
            eraseRun(workspaceId, customerId, runIdOf(entry.key), entry.value, timestamp);
        }
        LOG.infof("Erased %d runs of a deleted customer of workspace %s", runs.size(), workspaceId);
    }

    /** A run leaves the run stores; its delivery leaves the delivery stores, with a tombstone on webhook-deliveries. */
    private void eraseRun(final String workspaceId, final String customerId, final String runId, final String workflowId,
                          final long timestamp) {
        runsByWorkflow.delete(RunStores.runKey(workspaceId, workflowId, customerId, runId));
        runsById.delete(RunStores.runIdKey(workspaceId, runId));
        final String deliveryKey = DeliveryStores.deliveryKey(workspaceId, runId);
        if (deliveries.contains(deliveryKey)) {
            // An unreadable delivery goes too: its schedule entry, left behind, is dropped when it comes due.
            deliveries.remove(deliveryKey, readable(deliveryKey));
            context.forward(new Record<>(new RunKey(workspaceId, runId, customerId), null, timestamp), deliveriesSink);
        }
    }

    private Optional<WebhookDelivery> readable(final String deliveryKey) {
        try {
            return deliveries.get(deliveryKey);
        } catch (RuntimeException unreadable) {
            LOG.warnf("Erasing the unreadable delivery %s: %s", deliveryKey, unreadable.toString());
            return Optional.empty();
        }
    }

    /** The run id: the last of the index key's ids. */
    private static String runIdOf(final String indexKey) {
        return StoreKey.last(indexKey);
    }
}
