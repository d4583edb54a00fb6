package org.opencdp.projector.topology;

import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jboss.logging.Logger;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.projector.catalog.CatalogDecider;
import org.opencdp.projector.catalog.CatalogDecision;
import org.opencdp.platform.access.DeletedWorkspaces;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.platform.streams.StoreKey;
import org.opencdp.platform.streams.DeadLetters;

/**
 * Decides each property of each workspace from its catalog commands, in log order (one partition per
 * property), keeps the decision in {@link ProjectorTopology#CATALOG_DECISIONS_STORE} and publishes it to
 * property-catalog, from where every partition of the fold receives it. Runs inside a {@link ContainedProcessor}.
 */
final class DecidePropertyProcessor implements ContainedProcessor.Application<PropertyKey, CatalogCommand> {

    private static final Logger LOG = Logger.getLogger(DecidePropertyProcessor.class);

    private final CatalogDecider decider = new CatalogDecider();
    private final DeletedWorkspaces deleted;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, PropertyDefinitionEntry> decisions;
    private DeadLetters deadLetters;

    DecidePropertyProcessor(final DeletedWorkspaces deleted) {
        this.deleted = deleted;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        this.decisions = context.getStateStore(ProjectorTopology.CATALOG_DECISIONS_STORE);
        this.deadLetters = deadLetters;
        // A deleted workspace's decisions are erased and withdrawn from property-catalog, so every partition of
        // the fold drops them too.
        WorkspaceErasure.schedule(context, deleted, List.of(new WorkspaceErasure.Prefixed<>(decisions,
                (workspace, storeKey, decision) -> context.forward(new Record<>(new PropertyKey(workspace, StoreKey.last(storeKey)),
                        null, context.currentSystemTimeMs()), ProjectorTopology.PROPERTY_CATALOG_SINK))), null);
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final PropertyKey recordKey, final CatalogCommand command) {
        if (deleted.contains(command.getWorkspaceId())) {
            LOG.debugf("Catalog command %s is of deleted workspace %s: not applied", command.getCommandId(),
                    command.getWorkspaceId());
            return;
        }
        final String storeKey = StoreKeys.property(command.getWorkspaceId(), command.getName());
        final PropertyKey key = new PropertyKey(command.getWorkspaceId(), command.getName());
        switch (decider.decide(recordKey, command, Optional.ofNullable(decisions.get(storeKey)))) {
            case CatalogDecision.Defined defined -> {
                decisions.put(storeKey, defined.entry());
                context.forward(record.withKey(key).withValue(defined.entry()), ProjectorTopology.PROPERTY_CATALOG_SINK);
            }
            case CatalogDecision.Deleted ignored -> {
                decisions.delete(storeKey);
                context.forward(record.withKey(key).withValue(null), ProjectorTopology.PROPERTY_CATALOG_SINK);
            }
            case CatalogDecision.Unchanged unchanged ->
                    LOG.debugf("Catalog command %s changes nothing: %s", command.getCommandId(), unchanged.reason());
            case CatalogDecision.Rejected rejected -> deadLetters.send(record, "invalid: " + rejected.reason(),
                    Optional.of(command.getRequestId()));
        }
    }
}
