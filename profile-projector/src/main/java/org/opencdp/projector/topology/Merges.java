package org.opencdp.projector.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.opencdp.avro.AbsorbProfile;
import org.opencdp.avro.ApiFamily;
import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.AttributeRejection;
import org.opencdp.avro.CustomerKey;
import org.opencdp.avro.MergeInto;
import org.opencdp.avro.MergeJournal;
import org.opencdp.avro.MergeRecord;
import org.opencdp.avro.MovedHistoryStep;
import org.opencdp.avro.MergeUndone;
import org.opencdp.avro.Profile;
import org.opencdp.avro.RestoreProfile;
import org.opencdp.avro.UndoMerge;
import org.opencdp.projector.history.HistoryContext;
import org.opencdp.schemas.serde.RecordSize;
import org.opencdp.projector.customer.CommandOutcome;
import org.opencdp.projector.customer.CustomerFolder;
import org.opencdp.projector.customer.PlatformEvents;
import org.opencdp.projector.customer.ProfileBound;
import org.opencdp.projector.customer.ProfileMerger;
import org.opencdp.projector.customer.Profiles;
import org.opencdp.projector.identity.IdentifierKinds;
import org.opencdp.platform.streams.DeadLetters;

/**
 * The profile side of merging (docs/identity.md). The resolver sends {@code MergeInto} to the absorbed profile,
 * which hands its whole state to the survivor ({@code AbsorbProfile}) and keeps only a redirect. The survivor
 * merges it in ({@link ProfileMerger}), emits {@value PlatformEvents#MERGED} and journals what it needs to undo
 * the merge: both profiles as they were and every command it folds afterwards (up to a limit). Undoing re-folds
 * both command streams without the merge: the survivor's own from its state before, the absorbed profile's
 * (the commands forwarded from it) from its state at the merge. A journal is kept only while it fits the bound of a
 * record carrying profiles ({@link ProfileBound#maxCarrierBytes()}); past it, as past the command count, the merge
 * can no longer be undone. A merge whose survivor would outgrow the profile bound is refused: the absorbed profile
 * is restored, its identifiers go back to it, and the survivor records the rejection.
 */
final class Merges {

    /** What a merge's command holds besides the profile and the history it carries: ids, times, framing. */
    private static final long COMMAND_FRAME_BYTES = 4096;

    private final ProcessorContext<Object, Object> context;
    private final KeyValueStore<String, MergeJournal> journals;
    private final KeyValueStore<CustomerKey, Profile> profiles;
    private final PendingValues pending;
    private final CustomerFolder folder;
    private final IdentityNotes identity;
    private final int undoableCommands;
    private final ProfileBound bound;
    private final DeadLetters deadLetters;
    private final CustomerHistory history;
    private final CustomerSegments segments;

    Merges(final ProcessorContext<Object, Object> context, final ProjectorConfig config, final PendingValues pending,
           final CustomerFolder folder, final IdentityNotes identity, final DeadLetters deadLetters,
           final CustomerHistory history, final CustomerSegments segments) {
        this.context = context;
        this.segments = segments;
        this.journals = context.getStateStore(ProjectorTopology.MERGE_JOURNALS_STORE);
        this.profiles = context.getStateStore(ProjectorTopology.PROFILE_STORE);
        this.pending = pending;
        this.folder = folder;
        this.identity = identity;
        this.undoableCommands = config.undoableCommands();
        this.bound = config.bound();
        this.deadLetters = deadLetters;
        this.history = history;
    }

    /** This profile is absorbed: its state goes to the survivor, a redirect stays. */
    void mergeInto(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                   final MergeInto merge, final Optional<Profile> current) {
        final Profile absorbed = current.orElseGet(() -> Profiles.fresh(key.getWorkspaceId(), key.getCustomerId(),
                command.getTimestamp(), List.of(IdentifierKinds.customerId(key.getCustomerId()))));
        current.ifPresent(profile -> forget(key, profile));
        pending.dropCustomer(key.getWorkspaceId(), key.getCustomerId());
        final Profile stub = Profiles.mergedAway(absorbed, merge.getSurvivorId(), command.getTimestamp(),
                command.getRequestId());
        // Its data lives on in the survivor, and so does its history: it moves there with the command (as far as
        // the command's bound allows), so it is erased with the survivor; its own says only where it went.
        final List<MovedHistoryStep> moved = history.moveOut(key, absorbed,
                bound.maxCarrierBytes() - RecordSize.of(absorbed) - COMMAND_FRAME_BYTES, command.getTimestamp());
        final Profile unmerged = Profiles.copy(stub);
        unmerged.setMergedInto(null);
        final Profile filed = history.record(key, Optional.of(unmerged), stub, HistoryContext.of(command));
        // Merged away, it is no customer any more: it leaves its segments now (reason: merged into the survivor).
        segments.upserted(record, key, command, current, filed);
        profiles.put(key, filed);
        context.forward(record.withKey(key).withValue(filed), ProjectorTopology.PROFILES_SINK);
        send(record, new CustomerCommand(merge.getMergeId() + "/absorb", command.getWorkspaceId(),
                merge.getSurvivorId(), command.getRequestId(), command.getTimestamp(), command.getSourceRoute(),
                ApiFamily.UPSTREAM, new AbsorbProfile(merge.getMergeId(), absorbed, moved), merge.getMergeId(), false,
                null));
    }

    /** The survivor takes the absorbed profile in. */
    void absorb(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                final AbsorbProfile absorb, final Optional<Profile> current) {
        final Profile before = current.orElseGet(() -> Profiles.fresh(key.getWorkspaceId(), key.getCustomerId(),
                command.getTimestamp(), List.of()));
        final Profile merged = ProfileMerger.merge(before, absorb.getAbsorbed(), absorb.getMergeId(),
                command.getRequestId(), command.getTimestamp());
        final String absorbedId = absorb.getAbsorbed().getCustomerId();
        history.stamp(key, current, merged, HistoryContext.of(command));
        final Optional<String> tooLarge = bound.violation(merged,
                List.of(PlatformEvents.merged(command, merged, absorb.getMergeId(), absorbedId)));
        if (tooLarge.isPresent()) {
            refuse(record, key, command, absorb, current, tooLarge.get());
            return;
        }
        final MergeJournal journal = new MergeJournal(absorb.getMergeId(), before, absorb.getAbsorbed(), new ArrayList<>());
        final Profile kept;
        if (bound.carries(journal)) {
            journals.put(journalKey(key, absorb.getMergeId()), journal);
            kept = merged;
        } else {
            kept = notUndoable(merged, absorb.getMergeId());
        }
        final Profile filed = write(record, key, kept, command);
        history.moveIn(key, absorbedId, absorb.getMergeId(), absorb.getHistory());
        context.forward(record.withKey(key).withValue(PlatformEvents.merged(command, filed, absorb.getMergeId(),
                absorbedId)), ProjectorTopology.ENRICHED_EVENTS_SINK);
    }

    /**
     * The survivor cannot take the absorbed profile in without outgrowing the bound: the absorbed profile is
     * restored, the resolver gives it its identifiers back (as for an undone merge), the survivor records the
     * rejection, and the command goes to the dead-letter topic with the reason.
     */
    private void refuse(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                        final AbsorbProfile absorb, final Optional<Profile> current, final String reason) {
        final Profile absorbed = absorb.getAbsorbed();
        final String absorbedId = absorbed.getCustomerId();
        current.ifPresent(survivor -> {
            final Profile kept = Profiles.withRejection(survivor, new AttributeRejection(
                    FoldCommandProcessor.WHOLE_COMMAND, Profiles.shortened("merge of " + absorbedId),
                    "too_large: not merged: " + reason, command.getRequestId(), command.getTimestamp()));
            // The request that bridged them attached the absorbed profile's identifiers here: they go back with it.
            kept.setIdentifiers(IdentifierKinds.without(survivor.getIdentifiers(), absorbed.getIdentifiers()));
            write(record, key, kept, command);
            RejectionCounter.count(RejectionCounter.TOO_LARGE, 1);
        });
        giveBack(record, key, command, absorb.getMergeId(), absorbedId, absorbed, absorb.getHistory());
        deadLetters.send(record, "too_large: not merged: " + reason, Optional.of(command.getRequestId()));
    }

    /**
     * The absorbed profile of merge {@code mergeId} goes back to being its own: a {@code RestoreProfile} command to
     * it, and its identifiers back to it in the identity index.
     */
    private void giveBack(final Record<byte[], byte[]> record, final CustomerKey survivor, final CustomerCommand command,
                          final String mergeId, final String absorbedId, final Profile absorbed,
                          final List<MovedHistoryStep> history) {
        send(record, new CustomerCommand(mergeId + "/restore", command.getWorkspaceId(), absorbedId,
                command.getRequestId(), command.getTimestamp(), command.getSourceRoute(), ApiFamily.UPSTREAM,
                new RestoreProfile(mergeId, absorbed, history), mergeId, false, null));
        identity.send(record, command, new MergeUndone(mergeId, survivor.getCustomerId(), absorbedId,
                absorbed.getIdentifiers()));
    }

    private static Profile notUndoable(final Profile profile, final String mergeId) {
        final Profile marked = Profiles.copy(profile);
        marked.setMerges(profile.getMerges().stream().map(m -> m.getMergeId().equals(mergeId)
                ? new MergeRecord(m.getMergeId(), m.getAbsorbedId(), m.getMergedAt(), m.getRequestId(), m.getUndone(), false)
                : m).toList());
        return marked;
    }

    /**
     * Keeps {@code command}, just folded into {@code profile}, in the journal of each merge it can still undo;
     * {@code profile} with the merges whose journal is full marked as no longer undoable.
     */
    Profile journal(final CustomerKey key, final Profile profile, final CustomerCommand command) {
        final List<MergeRecord> merges = new ArrayList<>(profile.getMerges());
        boolean changed = false;
        for (int i = 0; i < merges.size(); i++) {
            final MergeRecord merge = merges.get(i);
            if (merge.getUndone() || !merge.getUndoable()) {
                continue;
            }
            final String journalKey = journalKey(key, merge.getMergeId());
            final MergeJournal journal = journals.get(journalKey);
            boolean kept = false;
            if (journal != null && journal.getSince().size() < undoableCommands) {
                final List<CustomerCommand> since = new ArrayList<>(journal.getSince());
                since.add(command);
                journal.setSince(since);
                kept = bound.carries(journal);
            }
            if (kept) {
                journals.put(journalKey, journal);
            } else {
                journals.delete(journalKey);
                merges.set(i, new MergeRecord(merge.getMergeId(), merge.getAbsorbedId(), merge.getMergedAt(),
                        merge.getRequestId(), false, false));
                changed = true;
            }
        }
        if (!changed) {
            return profile;
        }
        final Profile marked = Profiles.copy(profile);
        marked.setMerges(merges);
        return marked;
    }

    /** Drops the journals of {@code profile}'s merges: it is deleted or merged away, its merges stay as they are. */
    void forget(final CustomerKey key, final Profile profile) {
        profile.getMerges().forEach(merge -> journals.delete(journalKey(key, merge.getMergeId())));
    }

    /** Undoes a merge, the survivor's latest one not undone; the reason it cannot, if it cannot. */
    Optional<String> undo(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                          final UndoMerge undo, final Optional<Profile> current) {
        if (current.isEmpty()) {
            return Optional.of("no such customer " + key.getCustomerId());
        }
        final Profile survivor = current.get();
        final Optional<MergeRecord> latest = survivor.getMerges().stream().filter(m -> !m.getUndone())
                .reduce((first, second) -> second);
        if (latest.isEmpty() || !latest.get().getMergeId().equals(undo.getMergeId())) {
            return Optional.of(survivor.getMerges().stream().anyMatch(m -> m.getMergeId().equals(undo.getMergeId()))
                    ? "merge " + undo.getMergeId() + " is undone or later merges are not: undo the latest first"
                    : "customer " + key.getCustomerId() + " has no merge " + undo.getMergeId());
        }
        final String journalKey = journalKey(key, undo.getMergeId());
        final MergeJournal journal = journals.get(journalKey);
        if (journal == null) {
            return Optional.of("merge " + undo.getMergeId() + " can no longer be undone (more than "
                    + undoableCommands + " commands since, or more than " + bound.maxCarrierBytes()
                    + " bytes to keep)");
        }
        final String absorbedId = journal.getAbsorbed().getCustomerId();
        final List<CustomerCommand> theirs = new ArrayList<>();
        final List<CustomerCommand> ours = new ArrayList<>();
        for (final CustomerCommand later : journal.getSince()) {
            (absorbedId.equals(later.getForwardedFrom()) ? theirs : ours).add(later);
        }
        final CustomerKey absorbedKey = new CustomerKey(key.getWorkspaceId(), absorbedId);
        final Profile restored = refold(absorbedKey, journal.getAbsorbed(), theirs);
        final Profile kept = Profiles.copy(refold(key, journal.getSurvivorBefore(), ours));
        kept.setIdentifiers(IdentifierKinds.without(kept.getIdentifiers(), restored.getIdentifiers()));
        kept.setMerges(survivor.getMerges().stream().map(m -> m.getMergeId().equals(undo.getMergeId())
                ? new MergeRecord(m.getMergeId(), m.getAbsorbedId(), m.getMergedAt(), m.getRequestId(), true, false)
                : m).toList());
        kept.setRevision(survivor.getRevision() + 1);
        kept.setUpdatedAt(command.getTimestamp());
        kept.setLastRequestId(command.getRequestId());
        journals.delete(journalKey);
        write(record, key, kept, command);
        giveBack(record, key, command, undo.getMergeId(), absorbedId, restored, history.takeBack(key, undo.getMergeId(),
                bound.maxCarrierBytes() - RecordSize.of(restored) - COMMAND_FRAME_BYTES));
        return Optional.empty();
    }

    /** The absorbed profile of an undone merge comes back, re-folded. */
    void restore(final Record<byte[], byte[]> record, final CustomerKey key, final CustomerCommand command,
                 final RestoreProfile restore) {
        final Profile restored = Profiles.copy(restore.getProfile());
        restored.setMergedInto(null);
        restored.setUpdatedAt(command.getTimestamp());
        restored.setLastRequestId(command.getRequestId());
        write(record, key, restored, command);
        history.moveBack(key, restore.getHistory());
    }

    /** {@code start} with {@code commands} folded in, in order; events and no-ops change nothing. */
    private Profile refold(final CustomerKey key, final Profile start, final List<CustomerCommand> commands) {
        Profile profile = start;
        for (final CustomerCommand command : commands) {
            final CustomerCommand retargeted = new CustomerCommand(command.getCommandId(), command.getWorkspaceId(),
                    key.getCustomerId(), command.getRequestId(), command.getTimestamp(), command.getSourceRoute(),
                    command.getFamily(), command.getCommand(), command.getIdempotencyKey(), false, null);
            if (folder.fold(key, retargeted, Optional.of(profile)) instanceof CommandOutcome.ProfileUpserted upserted) {
                profile = upserted.profile();
            }
        }
        return profile;
    }

    /**
     * Stores {@code profile}, files what {@code command} changed in its history, and publishes it; answers it as
     * stored (stamped with its history position).
     */
    private Profile write(final Record<byte[], byte[]> record, final CustomerKey key, final Profile profile,
                          final CustomerCommand command) {
        final Optional<Profile> before = Optional.ofNullable(profiles.get(key));
        final Profile filed = history.record(key, before, profile, HistoryContext.of(command));
        // The survivor with what it absorbed, or a profile an undo gave back: evaluated as any write is.
        segments.upserted(record, key, command, before, filed);
        profiles.put(key, filed);
        context.forward(record.withKey(key).withValue(filed), ProjectorTopology.PROFILES_SINK);
        return filed;
    }

    private void send(final Record<byte[], byte[]> record, final CustomerCommand command) {
        context.forward(record.withKey(new CustomerKey(command.getWorkspaceId(), command.getCustomerId()))
                .withValue(command), ProjectorTopology.FOLD_COMMANDS_SINK);
    }

    private static String journalKey(final CustomerKey key, final String mergeId) {
        return StoreKeys.profile(key.getWorkspaceId(), key.getCustomerId()) + '\u0000' + mergeId;
    }
}
