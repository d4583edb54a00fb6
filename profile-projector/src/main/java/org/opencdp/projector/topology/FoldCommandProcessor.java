package org.opencdp.projector.topology;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.jboss.logging.Logger;
import org.opencdp.avro.AbsorbProfile;
import org.opencdp.avro.AttachIdentifiers;
import org.opencdp.avro.AttributeChange;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CatalogCommand;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.EnrichedEvent;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.PendingValue;
import org.opencdp.avro.Profile;
import org.opencdp.avro.PropertyDefinitionEntry;
import org.opencdp.avro.PropertyKey;
import org.opencdp.avro.ProfileRegistered;
import org.opencdp.avro.ProfileReleased;
import org.opencdp.avro.ProposeProperty;
import org.opencdp.avro.RestoreProfile;
import org.opencdp.avro.UndoMerge;
import org.opencdp.projector.customer.CommandOutcome;
import org.opencdp.projector.customer.CustomerFolder;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.platform.streams.ContainedProcessor;
import org.opencdp.platform.streams.WorkspaceErasure;
import org.opencdp.platform.streams.DeadLetters;

/**
 * Folds each command record into the customer's profile in {@link ProjectorTopology#PROFILE_STORE}, typed by
 * this partition's copy of the catalog, and sends what the fold produced to its sink: the profile (or a
 * tombstone) to profiles, an enriched event (the caller's, or the platform's own: created, attribute
 * changed, deleted) to enriched-events, a proposal for each property the catalog
 * does not know yet to catalog-commands, an unreadable or invalid command (original bytes) to the
 * dead-letter topic. A command carrying an idempotency key applies once within the dedup window. A command for a
 * profile merged into another goes on to the survivor; merges, their undoing and the notes to the identity
 * resolver are {@link Merges}' and {@link IdentityNotes}' (docs/identity.md). A command that would grow the
 * profile, or one of its events, past the bound ({@link org.opencdp.projector.customer.ProfileBound}) is not
 * applied: the rejection is recorded on the profile and the command dead-lettered. Runs inside a
 * {@link ContainedProcessor}: it computes first and writes its stores last, so a command that throws leaves
 * nothing behind but its dead letter.
 */
final class FoldCommandProcessor implements ContainedProcessor.Application<CustomerKey, CustomerCommand> {

    private static final Logger LOG = Logger.getLogger(FoldCommandProcessor.class);
    /** The property a whole-command rejection names when the command changed no attribute. */
    static final String WHOLE_COMMAND = "*";

    private final ProjectorConfig config;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<CustomerKey, Profile> profiles;
    private PendingValues pending;
    private WindowStore<String, Long> applied;
    private CustomerFolder folder;
    private DeadLetters deadLetters;
    private IdentityNotes identity;
    private Merges merges;
    private CustomerHistory history;
    private CustomerSegments segments;
    private final CatalogDefinitions catalogDefinitions;

    /** @param catalogDefinitions the topology's decoded catalog, which {@link ApplyCatalogProcessor} keeps current */
    FoldCommandProcessor(final ProjectorConfig config, final CatalogDefinitions catalogDefinitions) {
        this.config = config;
        this.catalogDefinitions = catalogDefinitions;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context, final DeadLetters deadLetters) {
        this.context = context;
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_STORE);
        this.pending = new PendingValues(context.getStateStore(ProjectorTopology.PENDING_VALUES_STORE));
        this.applied = context.getStateStore(ProjectorTopology.APPLIED_COMMANDS_STORE);
        final KeyValueStore<String, PropertyDefinitionEntry> catalog = context.getStateStore(ProjectorTopology.CATALOG_STORE);
        final CatalogDefinitions.Task definitions = catalogDefinitions.of(context.taskId());
        definitions.clear();
        this.folder = new CustomerFolder(
                (workspace, property) -> definitions.get(catalog, StoreKeys.property(workspace, property)),
                config.zones(), config.limits());
        this.deadLetters = deadLetters;
        this.identity = new IdentityNotes(context);
        this.history = new CustomerHistory(context.getStateStore(ProjectorTopology.HISTORY_STORE),
                context.getStateStore(ProjectorTopology.HISTORY_HEADS_STORE), config.history(), config.bound());
        this.segments = new CustomerSegments(context, config.segments(), profiles,
                config.commandPartitions(), config.deleted());
        this.segments.startClock();
        this.merges = new Merges(context, config, pending, folder, identity, deadLetters, history, segments);
        RejectionCounter.register();
        WorkspaceErasure.schedule(context, config.deleted(),
                List.of(new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.PENDING_VALUES_STORE)),
                        new WorkspaceErasure.Prefixed<>(catalog),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.MERGE_JOURNALS_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.HISTORY_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.HISTORY_HEADS_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.SEGMENT_MEMBERSHIPS_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.EVENT_COUNTS_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.SEGMENT_NEXT_CHANGE_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.SEGMENT_MEMBERS_STORE)),
                        new WorkspaceErasure.Prefixed<>(context.getStateStore(ProjectorTopology.SEGMENT_SIZES_STORE))),
                new WorkspaceErasure.Swept<>(profiles, CustomerKey::getWorkspaceId, key -> context.forward(
                        new Record<>(key, null, context.currentSystemTimeMs()), ProjectorTopology.PROFILES_SINK)));
    }

    @Override
    public void done(final RecordMetadata source) {
        config.folded().record(source.partition(), source.offset());
    }

    @Override
    public void apply(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
        if (config.deleted().contains(command.getWorkspaceId())) {
            LOG.debugf("Command %s is of deleted workspace %s: not applied", command.getCommandId(),
                    command.getWorkspaceId());
            return;
        }
        final Optional<String> misplaced = misplaced(record);
        if (misplaced.isPresent()) {
            deadLetters.send(record, misplaced.get(), Optional.of(command.getRequestId()));
            return;
        }
        if (alreadyApplied(command)) {
            LOG.debugf("Command %s was applied before (idempotency key %s)", command.getCommandId(),
                    command.getIdempotencyKey());
            return;
        }
        fold(record, key, command);
    }

    /**
     * Why a command must not be folded where it was read: its key belongs on another partition of customer-commands
     * (Kafka's default partitioner: murmur2 of the key's bytes). A producer that partitions otherwise (librdkafka's
     * default, a custom partitioner) would put a customer's commands on a partition whose profile no read by its
     * id finds, and beside another partition's writes for the same customer, out of order.
     */
    private Optional<String> misplaced(final Record<byte[], byte[]> record) {
        final int partitions = config.commandPartitions();
        if (partitions <= 0 || record.key() == null) {
            return Optional.empty();
        }
        final int expected = Utils.toPositive(Utils.murmur2(record.key())) % partitions;
        return context.recordMetadata().map(RecordMetadata::partition).filter(actual -> actual != expected)
                .map(actual -> "misplaced: read from partition " + actual + " of " + partitions
                        + ", its key belongs on partition " + expected
                        + " (the producer must partition as Kafka's default does: murmur2 of the key bytes)");
    }

    /**
     * A profile is measured against its bound, stored and sent to profiles, an event measured and sent: each
     * instance is encoded once (the fold changes a profile or an event only as a copy, before encoding it).
     */
    @Override
    public Class<?>[] encodedOnce() {
        return new Class<?>[] {Profile.class, EnrichedEvent.class};
    }

    private void fold(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command) {
        final Optional<Profile> current = key == null ? Optional.empty() : Optional.ofNullable(profiles.get(key));
        final Optional<CommandOutcome.CommandRejected> rejected = folder.rejection(key, command);
        if (rejected.isPresent()) {
            deadLetters.send(record, "invalid: " + rejected.get().reason(), Optional.of(command.getRequestId()));
            return;
        }
        final Object payload = command.getCommand();
        if (current.isPresent() && current.get().getMergedInto() != null) {
            switch (payload) {
                case RestoreProfile restore -> merges.restore(record, key, command, restore);
                case UndoMerge ignored -> deadLetters.send(record, "invalid: " + key.getCustomerId()
                        + " was merged into " + current.get().getMergedInto() + "; undo that merge first",
                        Optional.of(command.getRequestId()));
                default -> forwardToSurvivor(record, command, current.get().getMergedInto());
            }
            return;
        }
        switch (payload) {
            case MergeInto merge when merge.getSurvivorId().equals(key.getCustomerId()) ->
                    deadLetters.send(record, "invalid: a profile cannot be merged into itself",
                            Optional.of(command.getRequestId()));
            case MergeInto merge -> {
                merges.mergeInto(record, key, command, merge, current);
                remember(command);
            }
            case AbsorbProfile absorb -> {
                merges.absorb(record, key, command, absorb, current);
                remember(command);
            }
            case UndoMerge undo -> merges.undo(record, key, command, undo, current)
                    .ifPresentOrElse(reason -> deadLetters.send(record, "invalid: " + reason,
                            Optional.of(command.getRequestId())), () -> remember(command));
            case RestoreProfile restore -> merges.restore(record, key, command, restore);
            default -> foldIntoProfile(record, key, command, current);
        }
    }

    /** A command for a profile merged into another applies to the survivor (in order: one partition, one forward). */
    private void forwardToSurvivor(final Record<byte[], byte[]> record, final CustomerCommand command,
                                   final String survivorId) {
        final CustomerCommand forwarded = new CustomerCommand(command.getCommandId(), command.getWorkspaceId(),
                survivorId, command.getRequestId(), command.getTimestamp(), command.getSourceRoute(),
                command.getFamily(), command.getCommand(), command.getIdempotencyKey(), command.getExpectsProfile(),
                command.getForwardedFrom() == null ? command.getCustomerId() : command.getForwardedFrom());
        context.forward(record.withKey(new CustomerKey(command.getWorkspaceId(), survivorId)).withValue(forwarded),
                ProjectorTopology.FOLD_COMMANDS_SINK);
    }

    private void foldIntoProfile(final Record<byte[], byte[]> record, final CustomerKey key,
                                 final CustomerCommand command, final Optional<Profile> current) {
        switch (folder.foldValid(key, command, current)) {
            case CommandOutcome.ProfileUpserted upserted -> {
                // Stamped with its history position before it is first measured: encoded once, position included.
                history.stamp(key, current, upserted.profile(), HistoryContext.of(command));
                final Optional<String> tooLarge = config.bound().violation(upserted.profile(), List.of());
                if (tooLarge.isPresent()) {
                    rejectTooLarge(record, key, command, current, upserted.profile(), tooLarge.get());
                    return;
                }
                // The journal may only have marked merges as no longer undoable, and the history sets the profile's
                // position: the events carry the profile as stored.
                final Profile profile = history.record(key, current, merges.journal(key, upserted.profile(), command),
                        HistoryContext.of(command));
                segments.upserted(record, key, command, current, profile);
                profiles.put(key, profile);
                RejectionCounter.count(RejectionCounter.WRITE, upserted.rejections().size());
                context.forward(record.withKey(key).withValue(profile), ProjectorTopology.PROFILES_SINK);
                // Its profile within the bound, each event fit() returns is within the carrier bound: fit() has
                // measured it, so it is not encoded a second time here.
                fitted(PlatformEvents.upserted(command, current, profile)).forEach(event ->
                        context.forward(record.withKey(key).withValue(event), ProjectorTopology.ENRICHED_EVENTS_SINK));
                holdProvisional(record, command, upserted);
                if (current.isEmpty()) {
                    register(record, command, profile);
                }
                remember(command);
            }
            case CommandOutcome.ProfileDeleted ignored -> {
                merges.forget(key, current.orElseThrow());
                profiles.delete(key);
                history.erase(key);
                pending.dropCustomer(key.getWorkspaceId(), key.getCustomerId());
                context.forward(record.withKey(key).withValue(null), ProjectorTopology.PROFILES_SINK);
                context.forward(record.withKey(key).withValue(PlatformEvents.deleted(command)),
                        ProjectorTopology.ENRICHED_EVENTS_SINK);
                segments.deleted(record, key, command);
                identity.send(record, command, new ProfileReleased(key.getCustomerId()));
                remember(command);
            }
            case CommandOutcome.EventEnriched enriched -> {
                final Optional<String> tooLarge = config.bound().violation(List.of(enriched.event()));
                if (tooLarge.isPresent()) {
                    deadLetters.send(record, "too_large: " + tooLarge.get(), Optional.of(command.getRequestId()));
                    return;
                }
                context.forward(record.withKey(key).withValue(enriched.event()), ProjectorTopology.ENRICHED_EVENTS_SINK);
                segments.event(record, key, command, enriched.event(), current);
                remember(command);
            }
            case CommandOutcome.CommandRejected rejected -> deadLetters.send(record, "invalid: " + rejected.reason(),
                    Optional.of(command.getRequestId()));
            case CommandOutcome.NothingToChange nothing -> {
                LOG.debugf("Command %s changes nothing: %s", command.getCommandId(), nothing.reason());
                remember(command);
            }
        }
    }

    /** The events of a write, each within the bound (never refused for it: {@code ProfileBound.fit}). */
    private List<EnrichedEvent> fitted(final List<EnrichedEvent> events) {
        return events.stream().map(config.bound()::fit).toList();
    }

    /**
     * A command that would take the profile (or one of its events) past the bound is not applied: the profile,
     * if there is one, records the rejection (naming the properties the command would have changed), and the
     * command goes to the dead-letter topic with the reason.
     */
    private void rejectTooLarge(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                                final Optional<Profile> current, final Profile wouldBe, final String reason) {
        current.ifPresent(profile -> {
            final String properties = String.join(",", PlatformEvents.changes(profile.getAttributes(),
                    wouldBe.getAttributes()).stream().map(AttributeChange::getProperty).toList());
            final Profile rejected = Profiles.withRejection(profile, new AttributeRejection(
                    properties.isEmpty() ? WHOLE_COMMAND : Profiles.shortened(properties), "", "too_large: " + reason,
                    command.getRequestId(), command.getTimestamp()));
            profiles.put(key, rejected);
            context.forward(record.withKey(key).withValue(rejected), ProjectorTopology.PROFILES_SINK);
            RejectionCounter.count(RejectionCounter.TOO_LARGE, 1);
        });
        deadLetters.send(record, "too_large: " + reason, Optional.of(command.getRequestId()));
    }

    /**
     * Tells the resolver about a profile it did not create: one created by its customer id or, for a Retently
     * subscriber, its email (it holds that identifier), or one the resolver routed identifiers to while it was being deleted (it claims them again).
     */
    private void register(final Record<byte[], byte[]> record, final CustomerCommand command, final Profile created) {
        if (command.getCommand() instanceof AttachIdentifiers attach) {
            if (command.getExpectsProfile()) {
                identity.send(record, command, new ProfileRegistered(created.getCustomerId(), created.getCreatedAt(),
                        attach.getIdentifiers()));
            }
        } else {
            identity.send(record, command, new ProfileRegistered(created.getCustomerId(), created.getCreatedAt(),
                    created.getIdentifiers()));
        }
    }

    /** Keeps provisional values until their property is decided; proposes each property the first time. */
    private void holdProvisional(final Record<byte[], byte[]> record, final CustomerCommand command,
                                 final CommandOutcome.ProfileUpserted upserted) {
        final String workspace = command.getWorkspaceId();
        upserted.clearedProvisional().forEach(name -> pending.delete(workspace, name, command.getCustomerId()));
        for (final CommandOutcome.Provisional value : upserted.provisional()) {
            if (!pending.anyFor(workspace, value.property())) {
                final CatalogCommand proposal = new CatalogCommand(command.getCommandId() + "/" + value.property(),
                        workspace, value.property(), command.getRequestId(), command.getTimestamp(),
                        command.getSourceRoute(), command.getFamily(), new ProposeProperty(value.proposedType().label()));
                context.forward(record.withKey(new PropertyKey(workspace, value.property())).withValue(proposal),
                        ProjectorTopology.CATALOG_COMMANDS_SINK);
            }
            pending.put(workspace, value.property(), command.getCustomerId(),
                    new PendingValue(value.raw(), command.getRequestId(), command.getTimestamp()));
        }
    }

    private boolean alreadyApplied(final CustomerCommand command) {
        if (command.getIdempotencyKey() == null) {
            return false;
        }
        final long at = command.getTimestamp().toEpochMilli();
        try (WindowStoreIterator<Long> seen = applied.fetch(StoreKeys.command(command.getWorkspaceId(), command.getCommandId()),
                Instant.ofEpochMilli(at - config.dedupWindow().toMillis()), Instant.ofEpochMilli(at))) {
            return seen.hasNext();
        }
    }

    private void remember(final CustomerCommand command) {
        if (command.getIdempotencyKey() != null) {
            final long at = command.getTimestamp().toEpochMilli();
            applied.put(StoreKeys.command(command.getWorkspaceId(), command.getCommandId()), at, at);
        }
    }
}
