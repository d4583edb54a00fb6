package org.opencdp.projector.history;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.opencdp.avro.CustomerCommand;
import org.opencdp.avro.HistoryStep;
import org.opencdp.avro.Profile;
import org.opencdp.projector.Commands;
import org.opencdp.projector.attribute.PropertyDefinition;
import org.opencdp.projector.customer.CommandOutcome;
import org.opencdp.projector.customer.CustomerFolder;
import org.opencdp.schemas.values.Limits;

/**
 * One customer folded by the real {@link CustomerFolder}, as the topology folds it (the first proposal for a
 * property decides its type), with the history {@link HistoryDiff} makes of each step, newest last.
 */
final class Folding {

    private final Map<String, PropertyDefinition> catalog = new HashMap<>();
    private final CustomerFolder folder = new CustomerFolder((workspace, name) -> Optional.ofNullable(catalog.get(name)),
            ZoneOffset.UTC, Limits.DEFAULTS);
    private final List<HistoryEntry> history = new ArrayList<>();
    private final List<HistoryStep> stored = new ArrayList<>();
    private Optional<Profile> profile = Optional.empty();

    /** Folds {@code command}; returns the entries of this step. Deleting the customer erases its history. */
    List<HistoryEntry> fold(final CustomerCommand command) {
        final CommandOutcome outcome = folder.fold(Commands.key(command.getCustomerId()), command, profile);
        return switch (outcome) {
            case CommandOutcome.ProfileUpserted upserted -> {
                upserted.provisional().forEach(value ->
                        catalog.putIfAbsent(value.property(), PropertyDefinition.of(value.proposedType())));
                yield step(upserted.profile(), HistoryContext.of(command));
            }
            case CommandOutcome.ProfileDeleted ignored -> {
                profile = Optional.empty();
                history.clear();
                stored.clear();
                yield List.of();
            }
            default -> List.of();
        };
    }

    /** A step that is not a command of the folder (a merge): {@code next} replaces the profile. */
    List<HistoryEntry> step(final Profile next, final HistoryContext context) {
        final List<HistoryEntry> entries = HistoryDiff.between(profile, next, context);
        if (!entries.isEmpty()) {
            stored.add(profile.isEmpty() ? HistoryRecords.creation(entries) : HistoryRecords.step(entries));
        }
        profile = Optional.of(next);
        history.addAll(entries);
        return entries;
    }

    Optional<Profile> profile() {
        return profile;
    }

    /** The steps as the store keeps them (a creation step without its values), newest first. */
    List<HistoryStep> storedNewestFirst() {
        return stored.reversed();
    }

    /** Every entry since the customer was created (or last deleted), newest first: the store's order. */
    List<HistoryEntry> newestFirst() {
        return history.reversed();
    }
}
